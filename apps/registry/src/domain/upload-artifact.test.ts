import { createHash } from 'node:crypto';
import type { Identity } from '@mizan/service-kit';
import { describe, expect, test } from 'vitest';
import type { BlobStore, Deps, UploadStore } from './ports.ts';
import type { Upload } from './types.ts';
import { uploadArtifact } from './upload-artifact.ts';

const who: Identity = { tenantId: 'acme', subject: 'alice', roles: ['admin'], region: 'eu-west-1', token: '' };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function* chunks(...parts: Uint8Array[]) { for (const p of parts) yield p; }

function fakes() {
  const committed = new Map<string, Uint8Array>();
  let discarded = 0;
  const uploads: Upload[] = [];
  const blobs: Pick<BlobStore, 'stage'> = {
    async stage(tenant, source) {
      const parts: Uint8Array[] = [];
      for await (const c of source) parts.push(c);
      const all = Buffer.concat(parts);
      return { sha256: sha(all), size: all.byteLength, commit: async () => { committed.set(`${tenant}/${sha(all)}`, all); }, discard: async () => { discarded++; } };
    },
  };
  const uploadStore: Pick<UploadStore, 'create'> = { create: async (_s, u) => { const r = { ...u, createdAt: new Date(0), consumedAt: null }; uploads.push(r); return r; } };
  const deps = {
    blobs, db: { uploads: uploadStore }, clock: { now: () => new Date(1_000) }, newId: () => 'u1', limits: { maxArtifactBytes: 8, uploadTtlMs: 60_000 },
  } as unknown as Deps;
  return { deps, committed, uploads, discarded: () => discarded };
}

describe('uploadArtifact', () => {
  test('stores the bytes under tenant and sha256 and records an upload that expires after the TTL', async () => {
    const f = fakes();
    const data = Buffer.from('abcdef');
    const u = await uploadArtifact(f.deps, who, { chunks: chunks(data.subarray(0, 2), data.subarray(2)), expectedSha256: () => sha(data).toUpperCase() });
    expect(u).toMatchObject({ id: 'u1', tenantId: 'acme', sha256: sha(data), size: 6, expiresAt: new Date(61_000) });
    expect([...f.committed.keys()]).toEqual([`acme/${sha(data)}`]);
  });

  test('a sha256 that does not match, an empty body or too many bytes store nothing', async () => {
    const f = fakes();
    await expect(uploadArtifact(f.deps, who, { chunks: chunks(Buffer.from('abc')), expectedSha256: () => sha(Buffer.from('x')) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(uploadArtifact(f.deps, who, { chunks: chunks() })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(uploadArtifact(f.deps, who, { chunks: chunks(Buffer.from('12345'), Buffer.from('6789')) })).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED' });
    expect(f.committed.size).toBe(0);
    expect(f.uploads).toEqual([]);
    expect(f.discarded()).toBe(2); // the third never got a staged blob: the source itself failed
  });
});
