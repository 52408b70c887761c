// One inference thread of OrtPool: holds a session per loaded model and runs one request at a time.
// session.run blocks the thread's event loop for the whole inference, which is why this is a thread.
import { type MessagePort, parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { OrtResult } from './datatypes.ts';
import { OnnxModelError } from './errors.ts';
import { inspectOnnx } from './inspect.ts';
import type { LoadReply, ThreadErrorKind, ThreadReply, ThreadRequest } from './ort-protocol.ts';
import { forTransfer } from './transfer.ts';

interface Entry {
  session: ort.InferenceSession;
  running: number;
  release?: () => void; // set by unload while runs are in flight
}

if (!parentPort) throw new Error('ort-thread.ts runs only as a worker thread of OrtPool');
const port: MessagePort = parentPort;
const sessions = new Map<string, Entry>();
// Providers that cannot start on this machine at all, with the reason; not retried (nor re-logged by ORT) per model.
const missingProviders = new Map<string, string>();
const PROVIDER_MISSING = /failed to load (shared )?librar|backend not found|adapter/i;

class NotFound extends Error {}
class RunFailure extends Error {}

port.on('message', (req: ThreadRequest) => {
  if (req.op === 'crash') throw new Error('inference thread crash requested'); // uncaught: the thread exits
  void answer(req);
});

async function answer(req: ThreadRequest): Promise<void> {
  let reply: ThreadReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const handled = await handle(req);
    reply = { id: req.id, ok: true, value: handled.value };
    transfer = handled.transfer;
  } catch (err) {
    reply = { id: req.id, ok: false, kind: kindOf(err), message: messageOf(err) };
  }
  try {
    port.postMessage(reply, transfer);
  } catch (err) {
    // An uncaught error here would kill the thread and every session in it, for one bad reply.
    port.postMessage({ id: req.id, ok: false, kind: 'internal', message: `cannot send the reply: ${messageOf(err)}` } satisfies ThreadReply);
  }
}

type Handled = { value: Extract<ThreadReply, { ok: true }>['value']; transfer: ArrayBuffer[] };

async function handle(req: ThreadRequest): Promise<Handled> {
  switch (req.op) {
    case 'load':
      return { value: await load(req), transfer: [] };
    case 'run':
      return run(req);
    case 'unload':
      await unload(req.session);
      return { value: null, transfer: [] };
    case 'close':
      await Promise.all([...sessions.keys()].map(unload));
      return { value: null, transfer: [] };
    case 'crash':
      throw new Error('unreachable: crash is handled on receipt');
  }
}

async function load(req: Extract<ThreadRequest, { op: 'load' }>): Promise<LoadReply> {
  // Checked here, on the bytes onnxruntime is about to read, so nothing reaches a session unchecked.
  const { inputs, outputs } = inspectOnnx(req.model, { maxBytes: req.maxBytes });
  const bytes = new Uint8Array(req.model); // onnxruntime refuses SharedArrayBuffer views; this copy dies after create
  const fallbacks: LoadReply['fallbacks'] = [];
  for (const provider of req.providers) {
    const missing = missingProviders.get(provider);
    if (missing) {
      fallbacks.push({ provider, reason: missing });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: [provider],
        intraOpNumThreads: req.intraOpThreads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3, // ORT writes warnings straight to stderr, around our JSON logs
      });
      await unload(req.session); // ids are never reused by the pool; this only guards against a leak
      sessions.set(req.session, { session, running: 0 });
      return { inputs, outputs, provider, fallbacks };
    } catch (err) {
      // A missing provider throws (e.g. CUDA: "Failed to load shared library"); there is no automatic fallback.
      const reason = messageOf(err);
      if (PROVIDER_MISSING.test(reason)) missingProviders.set(provider, reason);
      fallbacks.push({ provider, reason });
    }
  }
  const reasons = fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ');
  throw new OnnxModelError(`onnxruntime cannot load the model (${reasons})`);
}

async function run(req: Extract<ThreadRequest, { op: 'run' }>): Promise<Handled> {
  const entry = sessions.get(req.session);
  if (!entry) throw new NotFound(`model session ${req.session} is not loaded`);
  entry.running++;
  try {
    const out = await infer(entry.session, req).catch((err: unknown) => {
      throw new RunFailure(messageOf(err));
    });
    const transfer = new Set<ArrayBuffer>();
    const value: Record<string, OrtResult> = {};
    for (const [name, tensor] of Object.entries(out)) {
      const result = { type: tensor.type, dims: [...tensor.dims], data: tensor.data } as OrtResult;
      value[name] = forTransfer(result, transfer);
    }
    return { value, transfer: [...transfer] };
  } finally {
    entry.running--;
    if (entry.running === 0) entry.release?.();
  }
}

async function infer(session: ort.InferenceSession, req: Extract<ThreadRequest, { op: 'run' }>): Promise<ort.InferenceSession.ReturnType> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, feed] of Object.entries(req.feeds)) {
    // The union of tensor variants does not narrow through Object.entries; the Tensor checks type vs data.
    feeds[name] = new ort.Tensor(feed.type as 'float32', feed.data as Float32Array, feed.dims);
  }
  return req.outputNames ? session.run(feeds, req.outputNames) : session.run(feeds);
}

async function unload(id: string): Promise<void> {
  const entry = sessions.get(id);
  if (!entry) return;
  sessions.delete(id);
  // Runs already holding the session finish first; releasing under them would free memory in use.
  if (entry.running > 0) await new Promise<void>((resolve) => (entry.release = resolve));
  await entry.session.release();
}

function kindOf(err: unknown): ThreadErrorKind {
  if (err instanceof OnnxModelError) return 'model';
  if (err instanceof NotFound) return 'not-found';
  if (err instanceof RunFailure) return 'run';
  return 'internal';
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
