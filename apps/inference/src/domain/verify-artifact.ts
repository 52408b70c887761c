import { createHash } from 'node:crypto';

/** Lowercase hex sha256 of the bytes. */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Raised when downloaded bytes do not hash to the sha256 the registry named: they are never loaded. */
export class ArtifactMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`artifact bytes hash to ${actual}, not the expected ${expected}; refusing to load them`);
    this.name = 'ArtifactMismatchError';
  }
}

export function verifyArtifact(bytes: Uint8Array, expected: string): void {
  const actual = sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) throw new ArtifactMismatchError(expected, actual);
}

/** The registry streamed more bytes than a worker loads; the download stops there. */
export class ArtifactTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`artifact is larger than the worker's limit of ${limit} bytes`);
    this.name = 'ArtifactTooLargeError';
  }
}
