import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createFsBlobStore } from './fs-blob-store.ts';

let root: string;
beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'mizan-blobs-')); });
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function* chunks(...parts: Uint8Array[]) { for (const p of parts) yield p; }
const code = (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string }) => e.code ?? String(e));

describe('file-system blob store', () => {
  test('stages out of sight, commits to <tenant>/<sha256> behind the header, reads and streams the plaintext back', async () => {
    const store = createFsBlobStore(root);
    const data = randomBytes(3000);
    const staged = await store.stage('acme', chunks(data.subarray(0, 1000), data.subarray(1000)));
    expect(staged).toMatchObject({ sha256: sha(data), size: 3000 });
    expect(await code(store.read('acme', sha(data)))).toBe('NOT_FOUND'); // not visible before commit
    await staged.commit();
    expect(readdirSync(join(root, 'acme'))).toEqual([sha(data)]);
    expect(readFileSync(join(root, 'acme', sha(data))).subarray(0, 5)).toEqual(Buffer.from('MZB1\0'));
    expect(Buffer.from(await store.read('acme', sha(data)))).toEqual(data);
    const parts: Uint8Array[] = [];
    for await (const c of await store.stream('acme', sha(data), 1024)) parts.push(c);
    expect(parts.map((p) => p.byteLength)).toEqual([1024, 1024, 952]);
    expect(Buffer.concat(parts)).toEqual(data);
  });

  test('discard and a failing source leave nothing behind', async () => {
    const store = createFsBlobStore(root);
    const staged = await store.stage('acme', chunks(randomBytes(10)));
    await staged.discard();
    async function* failing() { yield randomBytes(10); throw new Error('client went away'); }
    await expect(store.stage('acme', failing())).rejects.toThrow(/went away/);
    expect(readdirSync(join(root, 'acme'))).toEqual([]);
  });

  test('tenants are separate; unsafe tenant ids and unknown blobs are NOT_FOUND on read, refused on write', async () => {
    const store = createFsBlobStore(root);
    const data = randomBytes(100);
    await (await store.stage('acme', chunks(data))).commit();
    expect(await code(store.read('other', sha(data)))).toBe('NOT_FOUND');
    expect(await code(store.stream('../acme', sha(data), 10))).toBe('NOT_FOUND');
    expect(await code(store.read('acme', '../../etc/passwd'))).toBe('NOT_FOUND');
    expect(await code(store.stage('..', chunks(data)))).toBe('INVALID_ARGUMENT');
    expect(await code(store.stage('a/b', chunks(data)))).toBe('INVALID_ARGUMENT');
  });

  test('a blob whose bytes no longer hash to its address never loads', async () => {
    const store = createFsBlobStore(root);
    const data = randomBytes(100);
    await (await store.stage('acme', chunks(data))).commit();
    const path = join(root, 'acme', sha(data));
    const bytes = readFileSync(path);
    bytes[50] ^= 1;
    writeFileSync(path, bytes);
    expect(await code(store.read('acme', sha(data)))).toBe('FAILED_PRECONDITION');
    const streamed = (async () => { for await (const _ of await store.stream('acme', sha(data), 1000)) { /* drain */ } })();
    expect(await code(streamed)).toBe('FAILED_PRECONDITION');
    writeFileSync(path, data); // no header: not written by the registry
    expect(await code(store.read('acme', sha(data)))).toBe('FAILED_PRECONDITION');
  });
});
