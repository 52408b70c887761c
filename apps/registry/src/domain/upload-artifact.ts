import { DomainError, type Identity } from '@mizan/service-kit';
import type { Deps } from './ports.ts';
import { assertSha256 } from './rules.ts';
import type { Upload } from './types.ts';

export interface UploadArtifactInput {
  chunks: AsyncIterable<Uint8Array>;
  /**
   * The sha256 the client expects, read after the last chunk (a gRPC stream may carry it on any message);
   * when given, the upload fails unless the bytes hash to it.
   */
  expectedSha256?: () => string | undefined;
}

/**
 * Stores untrusted bytes under the caller's tenant and their sha256, bounded by the size limit, and records
 * an Upload that `addModelVersion` consumes within its lifetime. Nothing is stored when a check fails.
 */
export async function uploadArtifact(deps: Deps, who: Identity, input: UploadArtifactInput): Promise<Upload> {
  const staged = await deps.blobs.stage(who.tenantId, bounded(input.chunks, deps.limits.maxArtifactBytes));
  try {
    const given = input.expectedSha256?.();
    const expected = given ? assertSha256(given) : undefined;
    if (staged.size === 0) throw new DomainError('INVALID_ARGUMENT', 'artifact is empty');
    if (expected && expected !== staged.sha256) {
      throw new DomainError('INVALID_ARGUMENT', `sha256 mismatch: expected ${expected}, received bytes hash to ${staged.sha256}`);
    }
    await staged.commit();
  } catch (e) {
    await staged.discard();
    throw e;
  }
  const now = deps.clock.now();
  return deps.db.uploads.create(who, {
    id: deps.newId(),
    tenantId: who.tenantId,
    sha256: staged.sha256,
    size: staged.size,
    expiresAt: new Date(now.getTime() + deps.limits.uploadTtlMs),
  });
}

async function* bounded(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const c of chunks) {
    n += c.byteLength;
    if (n > maxBytes) throw new DomainError('RESOURCE_EXHAUSTED', `artifact is larger than the limit of ${maxBytes} bytes`);
    yield c;
  }
}
