import { describe, expect, test } from 'vitest';
import { BLOB_HEADER_BYTES, decodeBlobHeader, encodeBlobHeader } from './blob-format.ts';

describe('blob header', () => {
  test('is the magic MZB1 and a format byte, 0 = plain', () => {
    expect(Array.from(encodeBlobHeader())).toEqual([0x4d, 0x5a, 0x42, 0x31, 0]);
    expect(BLOB_HEADER_BYTES).toBe(5);
  });
  test('decodes what it encodes, whatever follows', () => {
    const blob = new Uint8Array([...encodeBlobHeader(), 1, 2, 3]);
    expect(decodeBlobHeader(blob)).toEqual({ format: 0, headerBytes: 5 });
  });
  test('refuses bytes without the magic, short bytes and unknown formats', () => {
    expect(() => decodeBlobHeader(new Uint8Array([0x08, 0x07, 0x12, 0, 0, 0]))).toThrow(/no blob header/);
    expect(() => decodeBlobHeader(new Uint8Array([0x4d, 0x5a, 0x42]))).toThrow(/no blob header/);
    expect(() => decodeBlobHeader(new Uint8Array([0x4d, 0x5a, 0x42, 0x31, 7]))).toThrow(/format 7/);
  });
});
