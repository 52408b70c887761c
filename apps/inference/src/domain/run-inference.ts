import type { Tensor } from '@mizan/oip';
import { asDomainError, DomainError, type Identity } from '@mizan/service-kit';
import type { ModelHost } from './model-host.ts';
import { checkModelName, parseVersionSpec } from './model-ref.ts';
import type { InferencePool } from './ports.ts';
import { checkInputs, selectOutputs } from './signature.ts';
import type { InferenceCounter } from './telemetry.ts';
import { fromResult, toFeed } from './tensors.ts';

export interface InferDeps {
  host: ModelHost;
  pool: InferencePool;
  counter: InferenceCounter;
  /** Called once per inference that reached a model version. */
  observe?: (model: string, version: number, code: string, seconds: number) => void;
}

export interface InferInput {
  model: string;
  /** OIP model_version: '' (production), digits, or an alias. */
  version: string;
  /** Decoded by the transport's codec, but not yet checked against the model. */
  decode: () => Tensor[];
  /** Requested outputs; empty means all. */
  outputs: readonly string[];
  signal?: AbortSignal;
}

export interface InferOutput {
  model: string;
  version: number;
  outputs: Tensor[];
}

/**
 * One inference in the caller's tenant: resolve the version, check the tensors against the model's
 * own signature, run on the pool, and count it for monitoring (never waiting for monitoring).
 * Decoding is passed in as a function so that a malformed tensor of a model that does not exist is
 * NOT_FOUND, as it is for every other model lookup, and so that its cost is counted as the inference's.
 */
export async function runInference(deps: InferDeps, who: Identity, input: InferInput): Promise<InferOutput> {
  checkModelName(input.model);
  const spec = parseVersionSpec(input.model, input.version);
  const v = await deps.host.resolve(who.tenantId, input.model, spec, input.signal);
  deps.host.acquire(v);
  const started = performance.now();
  let code = 'OK';
  try {
    const signature = v.signature!;
    const tensors = input.decode();
    checkInputs(input.model, signature.inputs, tensors);
    const wanted = selectOutputs(input.model, signature.outputs, input.outputs);
    const feeds = Object.fromEntries(tensors.map((t) => [t.name, toFeed(t)]));
    const results = await runOnPool(deps.pool, v.key, feeds, wanted.map((o) => o.name));
    const outputs = wanted.map((o) => {
      const r = results[o.name];
      if (!r) throw new Error(`onnxruntime returned no output "${o.name}"`);
      return fromResult(o.name, r);
    });
    return { model: input.model, version: v.version, outputs };
  } catch (err) {
    code = asDomainError(err)?.code ?? 'INTERNAL';
    throw err;
  } finally {
    deps.host.release(v);
    const seconds = (performance.now() - started) / 1000;
    deps.counter.record(who.tenantId, input.model, v.version, code === 'OK', seconds);
    deps.observe?.(input.model, v.version, code, seconds);
  }
}

async function runOnPool(pool: InferencePool, key: string, feeds: Parameters<InferencePool['run']>[1], outputNames: string[]) {
  try {
    return await pool.run(key, feeds, outputNames);
  } catch (err) {
    // The pool's NOT_FOUND means the session went away under us (an unload race), not that the
    // caller named a model that does not exist: the version resolved a moment ago.
    const d = asDomainError(err);
    if (d?.code === 'NOT_FOUND') throw new DomainError('UNAVAILABLE', 'the model version was unloaded while the request waited; retry');
    throw err;
  }
}
