import { DomainError, isService, type Identity } from '@mizan/service-kit';
import type { Deps } from './ports.ts';
import { isSha256 } from './rules.ts';

export const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;

/**
 * An artifact's plaintext in ~1 MiB chunks, for service identities (inference workers load any tenant's
 * versions); users get PERMISSION_DENIED. The store checks the sha256 as it streams and fails the stream on a mismatch.
 */
export async function downloadArtifact(deps: Deps, who: Identity, input: { tenant: string; sha256: string }): Promise<AsyncIterable<Uint8Array>> {
  if (!isService(who)) throw new DomainError('PERMISSION_DENIED', 'DownloadArtifact is for service identities');
  if (!input.tenant) throw new DomainError('INVALID_ARGUMENT', 'tenant: required');
  const sha = input.sha256.toLowerCase();
  if (!isSha256(sha)) throw new DomainError('INVALID_ARGUMENT', 'sha256: expected 64 hex characters of a sha256');
  return deps.blobs.stream(input.tenant, sha, DOWNLOAD_CHUNK_BYTES);
}
