import { createHash } from 'node:crypto';
import { DomainError } from '@mizan/service-kit';
import { describe, expect, test } from 'vitest';
import { ModelHost } from './model-host.ts';
import type { AliasChange, HostEvents, InferencePool, LoadedSignature, RegistryPort } from './ports.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytesOf = (s: string) => new TextEncoder().encode(s);
const SIG: LoadedSignature = { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }], outputs: [], provider: 'cpu' };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** In-memory registry and pool; downloads can be held back to look at the in-between state. */
function world() {
  const artifacts = new Map<string, Uint8Array>(); // tenant/sha → bytes served
  const versions = new Map<string, string>(); // tenant/model/n → sha
  const gates = new Map<string, { open: Promise<void>; release(): void }>();
  const calls = { download: 0, getModelVersion: 0, load: [] as string[], unload: [] as string[] };
  const rejected: string[] = [];
  let now = 1_000_000;
  let revision = 0n;
  const registry: RegistryPort = {
    async *watchAliases() { /* not used: the host is fed directly */ },
    async downloadArtifact(tenant, s) {
      calls.download++;
      const key = `${tenant}/${s}`;
      await gates.get(key)?.open;
      const b = artifacts.get(key);
      if (!b) throw new DomainError('NOT_FOUND', 'no artifact');
      return b;
    },
    async getModelVersion(tenant, model, n) {
      calls.getModelVersion++;
      const s = versions.get(`${tenant}/${model}/${n}`);
      if (!s) throw new DomainError('NOT_FOUND', 'no version');
      return { number: n, sha256: s };
    },
  };
  const pool: InferencePool = {
    async load(key) {
      calls.load.push(key);
      return SIG;
    },
    async unload(key) {
      calls.unload.push(key);
    },
    run: async () => ({}),
    stats: () => ({ threads: 1, busy: 0, queued: 0 }),
    close: async () => undefined,
  };
  const events: HostEvents = { artifactRejected: (r) => rejected.push(r), modelLoaded: () => undefined, changed: () => undefined };
  const host = new ModelHost({ registry, pool, log: quiet, events, clock: { now: () => now } }, { maxModelBytes: 1e6, unloadGraceMs: 1_000, maxQueue: 2 });
  return {
    host, calls, rejected,
    advance: (ms: number) => void (now += ms),
    sweep: () => (host as unknown as { sweep(): void }).sweep(),
    /** Adds a version; `served` replaces the bytes its download returns. */
    version(tenant: string, model: string, n: number, content: string, served?: string) {
      const b = bytesOf(content);
      versions.set(`${tenant}/${model}/${n}`, sha(b));
      artifacts.set(`${tenant}/${sha(b)}`, served === undefined ? b : bytesOf(served));
      return sha(b);
    },
    hold(tenant: string, s: string) {
      let release = () => undefined as void;
      const open = new Promise<void>((r) => (release = r));
      gates.set(`${tenant}/${s}`, { open, release });
    },
    release(tenant: string, s: string) {
      gates.get(`${tenant}/${s}`)?.release();
      gates.delete(`${tenant}/${s}`);
    },
    alias(tenant: string, model: string, alias: string, version: number, s: string, deleted = false): AliasChange {
      return { revision: ++revision, tenant, model, alias, version, sha256: s, deleted, snapshotComplete: false };
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 5));
const prod = { kind: 'alias', alias: 'production' } as const;

describe('ModelHost', () => {
  test('an alias moves only once its new version is loaded; until then the old one serves', async () => {
    const w = world();
    const v1 = w.version('acme', 'fraud', 1, 'model one');
    const v2 = w.version('acme', 'fraud', 2, 'model two');
    w.host.replaceAliases([w.alias('acme', 'fraud', 'production', 1, v1)]);
    expect(w.host.synced).toBe(true);
    await settle();
    expect((await w.host.resolve('acme', 'fraud', prod)).version).toBe(1);

    w.hold('acme', v2);
    w.host.applyAlias(w.alias('acme', 'fraud', 'production', 2, v2));
    await settle();
    expect((await w.host.resolve('acme', 'fraud', prod)).version).toBe(1);
    expect(w.host.hosted().find((m) => m.version === 2)).toMatchObject({ ready: false, aliases: ['production'] });
    w.release('acme', v2);
    await settle();
    expect((await w.host.resolve('acme', 'fraud', prod)).version).toBe(2);
    expect(w.calls.load).toEqual([`acme/${v1}`, `acme/${v2}`]);
  });

  test('bytes that do not hash to the announced sha256 never reach the pool; the old version keeps serving', async () => {
    const w = world();
    const v1 = w.version('acme', 'fraud', 1, 'good');
    const v2 = w.version('acme', 'fraud', 2, 'expected', 'tampered');
    w.host.replaceAliases([w.alias('acme', 'fraud', 'production', 1, v1)]);
    await settle();
    w.host.applyAlias(w.alias('acme', 'fraud', 'production', 2, v2));
    await settle();
    expect(w.rejected).toEqual(['sha256_mismatch']);
    expect(w.calls.load).toEqual([`acme/${v1}`]);
    expect((await w.host.resolve('acme', 'fraud', prod)).version).toBe(1);
    await expect(w.host.resolve('acme', 'fraud', { kind: 'number', number: 2 })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/sha256 mismatch/) });
  });

  test('a new alias whose version is still loading is UNAVAILABLE; an unknown one NOT_FOUND; another tenant sees nothing', async () => {
    const w = world();
    const v1 = w.version('acme', 'fraud', 1, 'one');
    w.hold('acme', v1);
    w.host.replaceAliases([w.alias('acme', 'fraud', 'production', 1, v1)]);
    await expect(w.host.resolve('acme', 'fraud', prod)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/still loading/) });
    await expect(w.host.resolve('acme', 'fraud', { kind: 'alias', alias: 'canary' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    w.release('acme', v1);
    await settle();
    await expect(w.host.resolve('other', 'fraud', prod)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(w.host.resolve('other', 'fraud', { kind: 'number', number: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('a version by number is resolved once (concurrent callers share it), and "no such version" is remembered briefly', async () => {
    const w = world();
    w.version('acme', 'fraud', 3, 'three');
    const got = await Promise.all([1, 2, 3].map(() => w.host.resolve('acme', 'fraud', { kind: 'number', number: 3 })));
    expect(got.map((v) => v.version)).toEqual([3, 3, 3]);
    expect(w.calls.getModelVersion).toBe(1);
    expect(w.calls.download).toBe(1);
    await w.host.resolve('acme', 'fraud', { kind: 'number', number: 3 });
    expect(w.calls.getModelVersion).toBe(1);

    await expect(w.host.resolve('acme', 'fraud', { kind: 'number', number: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(w.host.resolve('acme', 'fraud', { kind: 'number', number: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(w.calls.getModelVersion).toBe(2);
    w.advance(6_000);
    await expect(w.host.resolve('acme', 'fraud', { kind: 'number', number: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(w.calls.getModelVersion).toBe(3);
  });

  test('versions sharing bytes load once; a version no alias points to is unloaded after the grace period, not while in use', async () => {
    const w = world();
    const s = w.version('acme', 'fraud', 1, 'same');
    w.version('acme', 'fraud', 2, 'same');
    const v3 = w.version('acme', 'fraud', 3, 'other');
    w.host.replaceAliases([w.alias('acme', 'fraud', 'production', 1, s), w.alias('acme', 'fraud', 'staging', 2, s)]);
    await settle();
    expect(w.calls.download).toBe(1);
    expect(w.calls.load).toEqual([`acme/${s}`]);

    w.host.applyAlias(w.alias('acme', 'fraud', 'production', 3, v3));
    w.host.applyAlias(w.alias('acme', 'fraud', 'staging', 2, s, true));
    await settle();
    const held = w.host.readyVersions('acme', 'fraud');
    expect(held).toEqual([1, 2, 3]);
    const v1 = await w.host.resolve('acme', 'fraud', { kind: 'number', number: 1 }).catch(() => undefined);
    // v1 was just used by number, so it is pinned for longer; v2 has no alias and no use.
    w.host.acquire(v1!);
    w.sweep();
    w.advance(1_500);
    w.sweep();
    expect(w.host.readyVersions('acme', 'fraud')).toEqual([1, 3]);
    expect(w.calls.unload).toEqual([]); // v1 still holds the shared bytes
    w.host.release(v1!);
    w.advance(60_000);
    w.sweep();
    expect(w.host.readyVersions('acme', 'fraud')).toEqual([3]);
    expect(w.calls.unload).toEqual([`acme/${s}`]);
  });

  test('the queue bound answers RESOURCE_EXHAUSTED', async () => {
    const w = world();
    const s = w.version('acme', 'fraud', 1, 'one');
    w.host.replaceAliases([w.alias('acme', 'fraud', 'production', 1, s)]);
    await settle();
    const v = await w.host.resolve('acme', 'fraud', prod);
    w.host.acquire(v);
    w.host.acquire(v);
    expect(() => w.host.acquire(v)).toThrow(expect.objectContaining({ code: 'RESOURCE_EXHAUSTED' }));
    w.host.release(v);
    expect(() => w.host.acquire(v)).not.toThrow();
  });

  test('a snapshot replaces the table: aliases missing from it are gone', async () => {
    const w = world();
    const s = w.version('acme', 'fraud', 1, 'one');
    w.host.replaceAliases([w.alias('acme', 'fraud', 'production', 1, s), w.alias('acme', 'fraud', 'staging', 1, s)]);
    await settle();
    w.host.replaceAliases([w.alias('acme', 'fraud', 'production', 1, s)]);
    await expect(w.host.resolve('acme', 'fraud', { kind: 'alias', alias: 'staging' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await w.host.resolve('acme', 'fraud', prod)).version).toBe(1);
  });
});
