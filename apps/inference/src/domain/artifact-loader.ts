import { asDomainError } from '@mizan/service-kit';
import type { HostEvents, InferencePool, LoadedSignature, Log, RegistryPort } from './ports.ts';
import { ArtifactMismatchError, ArtifactTooLargeError, verifyArtifact } from './verify-artifact.ts';

interface Artifact {
  refs: Set<string>;
  load: Promise<LoadedSignature>;
}

/**
 * The pool's sessions, one per artifact (key tenant/sha256), shared by every version with the same
 * bytes and counted by reference. Bytes are downloaded as this service, hashed, and loaded only when
 * they match the sha256 the registry named: a tampered or corrupted download never reaches onnxruntime.
 */
export class ArtifactLoader {
  private readonly artifacts = new Map<string, Artifact>();

  constructor(
    private readonly deps: { registry: RegistryPort; pool: InferencePool; events: HostEvents; log: Log },
    private readonly maxModelBytes: number,
  ) {}

  /** Loads the artifact once (or joins the load under way) and records `ref` as a user of it. */
  acquire(tenant: string, sha256: string, ref: string): Promise<LoadedSignature> {
    const key = artifactKey(tenant, sha256);
    let a = this.artifacts.get(key);
    if (!a) {
      const created: Artifact = { refs: new Set(), load: this.fetchAndLoad(key, tenant, sha256) };
      // A failed load is forgotten, so that the next attempt downloads again.
      created.load.catch(() => this.artifacts.get(key) === created && this.artifacts.delete(key));
      this.artifacts.set(key, (a = created));
    }
    a.refs.add(ref);
    return a.load;
  }

  /** Drops `ref`; the last user unloads the session from the pool. */
  release(tenant: string, sha256: string, ref: string): void {
    const key = artifactKey(tenant, sha256);
    const a = this.artifacts.get(key);
    if (!a) return;
    a.refs.delete(ref);
    if (a.refs.size > 0) return;
    this.artifacts.delete(key);
    this.deps.pool.unload(key).catch((err: unknown) => this.deps.log.error({ err, key }, 'unload failed'));
  }

  private async fetchAndLoad(key: string, tenant: string, sha256: string): Promise<LoadedSignature> {
    const { registry, pool, events, log } = this.deps;
    let bytes: Uint8Array;
    try {
      bytes = await registry.downloadArtifact(tenant, sha256, this.maxModelBytes);
    } catch (err) {
      events.artifactRejected(err instanceof ArtifactTooLargeError ? 'too_large' : 'download_failed');
      throw err;
    }
    try {
      verifyArtifact(bytes, sha256);
    } catch (err) {
      if (err instanceof ArtifactMismatchError) {
        events.artifactRejected('sha256_mismatch');
        log.error({ tenant, expected: err.expected, actual: err.actual }, 'downloaded artifact does not match its sha256; refused');
      }
      throw err;
    }
    try {
      return await pool.load(key, bytes);
    } catch (err) {
      if (asDomainError(err)?.code === 'INVALID_ARGUMENT') events.artifactRejected('invalid_model');
      throw err;
    }
  }
}

/** The pool key of an artifact: the tenant and the sha256 of its bytes. */
export const artifactKey = (tenant: string, sha256: string): string => `${tenant}/${sha256.toLowerCase()}`;
