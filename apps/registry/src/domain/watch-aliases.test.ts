import type { Identity } from '@mizan/service-kit';
import { describe, expect, test } from 'vitest';
import type { AliasFeed, Deps } from './ports.ts';
import type { AliasChange, ModelVersion } from './types.ts';
import { watchAliases, type WatchMessage } from './watch-aliases.ts';

const service: Identity = { tenantId: '_system', subject: 'service:inference', roles: ['service'], region: 'eu-west-1', token: '' };
const user: Identity = { ...service, subject: 'alice', roles: ['admin'], tenantId: 'acme' };
const version = (number: number): ModelVersion => ({
  id: `v${number}`, tenantId: 'acme', modelId: 'm', modelName: 'fraud', number, sha256: 'ab'.repeat(32), size: 1, format: 'onnx',
  inputs: [], outputs: [], createdBy: 'alice', createdAt: new Date(0),
});
const change = (revision: bigint, n: number): AliasChange => ({ revision, tenantId: 'acme', modelName: 'fraud', alias: 'production', deleted: false, version: version(n) });

/** An in-memory alias log: `append` adds a change and wakes waiters, as NOTIFY does. */
function memoryFeed(initial: AliasChange[]) {
  const log = [...initial];
  const waiters = new Set<() => void>();
  const feed: AliasFeed = {
    snapshot: async () => ({ revision: log.at(-1)?.revision ?? 0n, aliases: log.length ? [{ ...log.at(-1)!, revision: log.at(-1)!.revision }] : [] }),
    after: async (rev, limit) => log.filter((c) => c.revision > rev).slice(0, limit),
    latestRevision: async () => log.at(-1)?.revision ?? 0n,
    subscribe() {
      let pending = false;
      const wake = () => { pending = true; };
      waiters.add(wake);
      return {
        wait: (signal, ms) => new Promise<void>((resolve) => {
          if (pending || signal.aborted) { pending = false; return resolve(); }
          const done = () => { waiters.delete(done); pending = false; resolve(); };
          waiters.add(done);
          signal.addEventListener('abort', done, { once: true });
          setTimeout(done, ms);
        }),
        close: () => waiters.delete(wake),
      };
    },
  };
  return { feed, append: (c: AliasChange) => { log.push(c); for (const w of [...waiters]) w(); } };
}

const depsWith = (feed: AliasFeed) => ({ feed } as unknown as Deps);

describe('watchAliases', () => {
  test('from 0: the snapshot, snapshot_complete with its revision, then changes as they come', async () => {
    const { feed, append } = memoryFeed([change(1n, 1), change(2n, 2)]);
    const got: WatchMessage[] = [];
    const ac = new AbortController();
    const done = watchAliases(depsWith(feed), service, { fromRevision: 0n }, async (m) => { got.push(m); if (got.length === 3) ac.abort(); }, ac.signal, { pollMs: 10_000, batch: 10 });
    await new Promise((r) => setTimeout(r, 20));
    append(change(3n, 1));
    await done;
    expect(got).toEqual([{ kind: 'change', change: change(2n, 2) }, { kind: 'snapshot_complete', revision: 2n }, { kind: 'change', change: change(3n, 1) }]);
  });

  test('from N: no snapshot, every change after N in order', async () => {
    const { feed } = memoryFeed([change(1n, 1), change(2n, 2), change(3n, 3)]);
    const got: WatchMessage[] = [];
    const ac = new AbortController();
    await watchAliases(depsWith(feed), service, { fromRevision: 1n }, async (m) => { got.push(m); if (got.length === 2) ac.abort(); }, ac.signal, { pollMs: 10_000, batch: 1 });
    expect(got.map((m) => (m.kind === 'change' ? m.change.revision : -1n))).toEqual([2n, 3n]);
  });

  test('a revision ahead of the log is FAILED_PRECONDITION; users are PERMISSION_DENIED; negative is INVALID_ARGUMENT', async () => {
    const { feed } = memoryFeed([change(1n, 1)]);
    const run = (who: Identity, fromRevision: bigint) => watchAliases(depsWith(feed), who, { fromRevision }, async () => undefined, AbortSignal.timeout(1_000));
    await expect(run(service, 5n)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(run(user, 0n)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(run(service, -1n)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
