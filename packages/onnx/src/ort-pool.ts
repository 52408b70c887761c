import { Worker } from 'node:worker_threads';
import { type OrtFeed, type OrtResult } from './datatypes.ts';
import { OnnxModelError, OrtPoolError, OrtRunError } from './errors.ts';
import { DEFAULT_MAX_MODEL_BYTES, type TensorSpec } from './inspect.ts';
import type { LoadReply, ThreadErrorKind, ThreadReply, ThreadRequest } from './ort-protocol.ts';
import { threadScript } from './thread-script.ts';
import { forTransfer } from './transfer.ts';

/** The pino-compatible subset the pool logs through. */
export interface OrtPoolLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OrtPoolOptions {
  /** Inference threads; each holds a session of every loaded model, so this is the run concurrency. */
  threads: number;
  /** onnxruntime intra-op threads per session; default 1 (concurrency comes from `threads`). */
  intraOpThreads?: number;
  /** Tried in order per model, e.g. ['cuda', 'webgpu', 'cpu']; default ['cpu']. */
  executionProviders?: string[];
  /** Largest model accepted; default 512 MiB. */
  maxModelBytes?: number;
  log?: OrtPoolLogger;
}

export interface LoadedModel {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** The execution provider that loaded the model, e.g. 'cpu'. */
  provider: string;
}

export interface OrtPool {
  /** Checks the model (inspectOnnx) and loads it in every thread; replaces a model loaded under the same key. */
  load(key: string, modelBytes: Uint8Array): Promise<LoadedModel>;
  unload(key: string): Promise<void>;
  /** Runs on the least busy thread, FIFO. Feed arrays that own their whole ArrayBuffer are transferred (detached). */
  run(key: string, feeds: Record<string, OrtFeed>, outputNames?: string[]): Promise<Record<string, OrtResult>>;
  has(key: string): boolean;
  /** Stops taking work, lets queued and running inferences finish, then ends the threads. */
  close(): Promise<void>;
  stats(): { threads: number; busy: number; queued: number };
}

type ReplyValue = Extract<ThreadReply, { ok: true }>['value'];
interface Pending {
  resolve(value: ReplyValue): void;
  reject(err: Error): void;
}
interface Slot {
  index: number;
  worker: Worker;
  alive: boolean;
  ready: boolean; // false while a fresh thread loads the models
  running: boolean;
  pending: Map<number, Pending>;
}
interface Task {
  key: string;
  feeds: Record<string, OrtFeed>;
  transfer: ArrayBuffer[];
  outputNames: string[] | undefined;
  resolve(value: Record<string, OrtResult>): void;
  reject(err: Error): void;
}
interface Model {
  session: string;
  bytes: Uint8Array; // over a SharedArrayBuffer: one copy for all threads and for reloads after a crash
}

const MAX_RESTART_DELAY_MS = 30_000;

/** A pool of worker threads running onnxruntime sessions, so that inference never blocks the event loop. */
export function createOrtPool(options: OrtPoolOptions): OrtPool {
  const { threads, intraOpThreads = 1, executionProviders = ['cpu'], maxModelBytes = DEFAULT_MAX_MODEL_BYTES, log } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('threads must be a positive integer');
  if (executionProviders.length === 0) throw new RangeError('executionProviders must name at least one provider');
  const script = threadScript('ort-thread');
  const slots: Slot[] = [];
  const models = new Map<string, Model>();
  const queue: Task[] = [];
  let nextId = 0;
  let nextSession = 0;
  let crashes = 0;
  let stopping = false; // set first thing in close(), before anything it calls looks at it
  let closing: Promise<void> | undefined;
  let drained: (() => void) | undefined;

  const loadRequest = (session: string, bytes: Uint8Array): ThreadRequest => ({
    op: 'load', id: nextId++, session, model: bytes, providers: executionProviders, intraOpThreads, maxBytes: maxModelBytes,
  });

  function request(slot: Slot, req: ThreadRequest, transfer: ArrayBuffer[] = []): Promise<ReplyValue> {
    if (!slot.alive) return Promise.reject(new OrtPoolError('UNAVAILABLE', `inference thread ${slot.index} is restarting`));
    return new Promise((resolve, reject) => {
      slot.pending.set(req.id, { resolve, reject });
      try {
        slot.worker.postMessage(req, transfer);
      } catch (err) {
        slot.pending.delete(req.id);
        reject(err as Error);
      }
    });
  }

  /** Sends to every live thread; a dead one's replacement starts from `models`, so it needs nothing. */
  function broadcast(make: () => ThreadRequest): Promise<ReplyValue[]> {
    return Promise.all(slots.filter((s) => s.alive).map((slot) => request(slot, make())));
  }

  /** Releases a session everywhere. Never fails: a thread that died meanwhile took its sessions with it. */
  async function release(session: string, key: string): Promise<void> {
    await broadcast(() => ({ op: 'unload', id: nextId++, session })).catch((err: unknown) => {
      log?.warn({ model: key, err }, 'an inference thread failed to release a model session');
    });
  }

  function spawn(index: number): void {
    const worker = new Worker(script.entry, script.options);
    const slot: Slot = { index, worker, alive: true, ready: false, running: false, pending: new Map() };
    slots[index] = slot;
    let lastError: Error | undefined;
    worker.on('message', (reply: ThreadReply) => {
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(reply.kind === 'model' ? new OnnxModelError(reply.message) : new ThreadFailure(reply.kind, reply.message));
    });
    worker.on('error', (err) => (lastError = err)); // without a listener, a thread's uncaught error would throw here
    worker.on('exit', (code) => onExit(slot, code, lastError));
    // A fresh thread (first start or replacement) holds every loaded model before it takes runs.
    const reloads = [...models.values()].map((m) => request(slot, loadRequest(m.session, m.bytes)));
    void Promise.allSettled(reloads).then((results) => {
      for (const r of results) {
        if (r.status === 'rejected') log?.error({ thread: index, err: r.reason }, 'inference thread could not reload a model');
      }
      slot.ready = true;
      pump();
    });
  }

  function onExit(slot: Slot, code: number, err: Error | undefined): void {
    slot.alive = false;
    slot.ready = false;
    const reason = `inference thread ${slot.index} stopped (exit code ${code}${err ? `: ${err.message}` : ''})`;
    for (const pending of slot.pending.values()) pending.reject(new OrtPoolError('UNAVAILABLE', reason));
    slot.pending.clear();
    if (stopping) return pump(); // no replacement now: queued work may have no thread left to run on
    log?.error({ thread: slot.index, code, err }, 'inference thread crashed; replacing it and reloading its models');
    // Back off while threads keep dying (a model that kills its thread on load would otherwise spin).
    const delay = crashes === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 100 * 2 ** crashes);
    crashes++;
    setTimeout(() => stopping || spawn(slot.index), delay).unref();
  }

  function pump(): void {
    if (stopping && !slots.some((s) => s.alive)) {
      for (const task of queue.splice(0)) task.reject(poolClosed());
    }
    while (queue.length > 0) {
      const slot = slots.find((s) => s.ready && !s.running);
      if (!slot) break;
      dispatch(slot, queue.shift()!);
    }
    if (drained && queue.length === 0 && !slots.some((s) => s.running)) drained();
  }

  function dispatch(slot: Slot, task: Task): void {
    const model = models.get(task.key);
    if (!model) return task.reject(notLoaded(task.key));
    slot.running = true;
    const req: ThreadRequest = { op: 'run', id: nextId++, session: model.session, feeds: task.feeds, outputNames: task.outputNames };
    const settle = (fn: () => void): void => {
      slot.running = false; // before the caller resumes, so stats() it reads is already true
      fn();
      pump();
    };
    request(slot, req, task.transfer).then(
      (value) => settle(() => {
        crashes = 0;
        task.resolve(value as Record<string, OrtResult>);
      }),
      (err: Error) => settle(() => task.reject(err instanceof ThreadFailure ? err.toPublic(task.key) : err)),
    );
  }

  for (let i = 0; i < threads; i++) spawn(i);

  const pool: OrtPool = {
    async load(key, modelBytes) {
      if (stopping) throw poolClosed();
      if (modelBytes.byteLength > maxModelBytes) {
        throw new OnnxModelError(`model is ${modelBytes.byteLength} bytes, more than the limit of ${maxModelBytes}`);
      }
      const bytes = new Uint8Array(new SharedArrayBuffer(modelBytes.byteLength));
      bytes.set(modelBytes);
      // A new session id per load: threads stage it beside the old session, and the switch below is atomic.
      const session = `${key}#${nextSession++}`;
      let replies: LoadReply[];
      try {
        if (slots.some((s) => !s.alive)) throw new OrtPoolError('UNAVAILABLE', 'an inference thread is restarting; retry');
        replies = (await broadcast(() => loadRequest(session, bytes))) as LoadReply[];
      } catch (err) {
        await release(session, key);
        throw err instanceof ThreadFailure ? err.toPublic(key) : err;
      }
      const { inputs, outputs, provider, fallbacks } = replies[0]!;
      for (const f of fallbacks) {
        log?.warn({ model: key, provider: f.provider, reason: f.reason }, 'execution provider unavailable; trying the next');
      }
      log?.info({ model: key, provider, threads }, 'model loaded');
      const previous = models.get(key);
      models.set(key, { session, bytes });
      if (previous) await release(previous.session, key);
      return { inputs, outputs, provider };
    },

    async unload(key) {
      const model = models.get(key);
      if (!model) return;
      models.delete(key);
      await release(model.session, key);
    },

    run(key, feeds, outputNames) {
      if (stopping) return Promise.reject(poolClosed());
      if (!models.has(key)) return Promise.reject(notLoaded(key));
      // Copy or claim the buffers now, before the caller (or gRPC) can reuse them.
      const transfer = new Set<ArrayBuffer>();
      const prepared: Record<string, OrtFeed> = {};
      for (const [name, feed] of Object.entries(feeds)) prepared[name] = forTransfer(feed, transfer);
      return new Promise((resolve, reject) => {
        queue.push({ key, feeds: prepared, transfer: [...transfer], outputNames, resolve, reject });
        pump();
      });
    },

    has: (key) => models.has(key),

    close() {
      stopping = true;
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          drained = resolve;
          pump();
        });
        await broadcast(() => ({ op: 'close', id: nextId++ })).catch(() => undefined);
        // Only now, with no run in flight: terminating a thread inside session.run aborts the whole
        // process ("terminate called after throwing an instance of 'Napi::Error'", measured on 1.30).
        await Promise.all(slots.map((slot) => slot.worker.terminate()));
        models.clear();
      })();
      return closing;
    },

    stats: () => ({ threads: slots.filter((s) => s.alive).length, busy: slots.filter((s) => s.running).length, queued: queue.length }),
  };
  crashHooks.set(pool, (index) => void request(slots[index]!, { op: 'crash', id: nextId++ }).catch(() => undefined));
  return pool;
}

const crashHooks = new WeakMap<OrtPool, (index: number) => void>();
/**
 * Tests only (not exported from the package): makes thread `index` die of an uncaught error, the way a
 * bug in ort-thread.ts would. Messages posted after this one are never processed by that thread.
 */
export const crashThread = (pool: OrtPool, index: number): void => crashHooks.get(pool)?.(index);

/** An error reply from a thread, before it is given the model key and a public error class. */
class ThreadFailure extends Error {
  constructor(
    readonly kind: Exclude<ThreadErrorKind, 'model'>,
    message: string,
  ) {
    super(message);
  }

  toPublic(key: string): Error {
    if (this.kind === 'run') return new OrtRunError(this.message, key);
    if (this.kind === 'not-found') return notLoaded(key);
    return new Error(`inference thread failed: ${this.message}`);
  }
}

const notLoaded = (key: string): OrtPoolError => new OrtPoolError('NOT_FOUND', `model ${key} is not loaded`);
const poolClosed = (): OrtPoolError => new OrtPoolError('UNAVAILABLE', 'the inference pool is closed');
