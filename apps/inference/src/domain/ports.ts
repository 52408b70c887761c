// What the inference domain needs from the outside world. Adapters live in src/clients (gRPC) and
// the pool is @mizan/onnx's OrtPool, which satisfies InferencePool as it is.
import type { OrtFeed, OrtResult, TensorSpec } from '@mizan/onnx';

export type { TensorSpec };

/** The model's signature and the execution provider onnxruntime runs it on. */
export interface LoadedSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  provider: string;
}

/** The onnxruntime thread pool (OrtPool). */
export interface InferencePool {
  load(key: string, bytes: Uint8Array): Promise<LoadedSignature>;
  unload(key: string): Promise<void>;
  run(key: string, feeds: Record<string, OrtFeed>, outputNames?: string[]): Promise<Record<string, OrtResult>>;
  stats(): { threads: number; busy: number; queued: number };
  close(): Promise<void>;
}

/** One alias move or deletion from the registry's WatchAliases stream. */
export interface AliasChange {
  revision: bigint;
  tenant: string;
  model: string;
  alias: string;
  version: number;
  sha256: string;
  deleted: boolean;
  /** Set on the event that ends the snapshot; it may carry no alias (then tenant/model/alias are empty). */
  snapshotComplete: boolean;
}

export interface VersionRef {
  number: number;
  sha256: string;
}

/** The registry as the worker uses it; every call is made with the worker's own service identity. */
export interface RegistryPort {
  /** Events after `fromRevision` (0: a snapshot first). Ends or throws when the stream breaks. */
  watchAliases(fromRevision: bigint, signal: AbortSignal): AsyncIterable<AliasChange>;
  /** The artifact's bytes as the registry serves them, unverified; throws past maxBytes. */
  downloadArtifact(tenant: string, sha256: string, maxBytes: number): Promise<Uint8Array>;
  /** One version by number in a tenant; throws DomainError NOT_FOUND when there is none. */
  getModelVersion(tenant: string, model: string, version: number): Promise<VersionRef>;
}

/** The pino-compatible subset the domain logs through. */
export interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Hooks for metrics; the app binds them to prom-client. */
export interface HostEvents {
  artifactRejected(reason: 'sha256_mismatch' | 'too_large' | 'download_failed' | 'invalid_model'): void;
  modelLoaded(outcome: 'ok' | 'failed', seconds: number): void;
  changed(): void;
}

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
