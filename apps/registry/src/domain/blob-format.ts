// Every stored blob starts with a small header, so that the encrypted formats (AES-256-GCM in chunks,
// ARCHITECTURE.md) can arrive later while blobs written now stay readable.
import { DomainError } from '@mizan/service-kit';

export const BLOB_MAGIC = 'MZB1';
export const BLOB_HEADER_BYTES = 5;

/** The byte after the magic: how the rest of the blob is encoded. */
export const BlobFormat = { plain: 0 } as const;
export type BlobFormat = (typeof BlobFormat)[keyof typeof BlobFormat];

export function encodeBlobHeader(format: BlobFormat = BlobFormat.plain): Uint8Array {
  const h = new Uint8Array(BLOB_HEADER_BYTES);
  h.set(new TextEncoder().encode(BLOB_MAGIC), 0);
  h[4] = format;
  return h;
}

/** Reads the header at the start of a blob; a blob without one, or of a format this build cannot read, is refused. */
export function decodeBlobHeader(bytes: Uint8Array): { format: BlobFormat; headerBytes: number } {
  if (bytes.byteLength < BLOB_HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 4)) !== BLOB_MAGIC) {
    throw new DomainError('FAILED_PRECONDITION', 'stored artifact has no blob header; it was not written by the registry');
  }
  const format = bytes[4]!;
  if (format !== BlobFormat.plain) throw new DomainError('FAILED_PRECONDITION', `stored artifact has blob format ${format}, which this registry cannot read`);
  return { format, headerBytes: BLOB_HEADER_BYTES };
}
