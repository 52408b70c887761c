import { DomainError } from '@mizan/service-kit';
import { expect, test } from 'vitest';
import { followAliases } from './follow-aliases.ts';
import type { AliasChange, RegistryPort } from './ports.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const change = (revision: number, alias: string, version = 1): AliasChange => ({ revision: BigInt(revision), tenant: 'acme', model: 'm', alias, version, sha256: 'aa', deleted: false, snapshotComplete: false });
const complete = (revision: number): AliasChange => ({ ...change(revision, ''), tenant: '', model: '', snapshotComplete: true });

/** A registry whose successive WatchAliases calls play scripted streams: events, then an error or an end. */
function scripted(streams: Array<{ events: AliasChange[]; error?: Error }>) {
  const asked: bigint[] = [];
  const registry: RegistryPort = {
    async *watchAliases(from, signal) {
      asked.push(from);
      const s = streams.shift();
      if (!s) return await new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled')))); // stays open
      yield* s.events;
      if (s.error) throw s.error;
    },
    downloadArtifact: async () => new Uint8Array(),
    getModelVersion: async () => ({ number: 1, sha256: 'aa' }),
  };
  return { registry, asked };
}

test('snapshot, then deltas; resumes from the last revision; starts over when the registry refuses the revision', async () => {
  const { registry, asked } = scripted([
    { events: [change(1, 'production'), change(3, 'staging')] }, // broken before snapshot_complete: not applied
    { events: [change(1, 'production'), change(3, 'staging'), complete(3), change(4, 'canary')], error: new DomainError('UNAVAILABLE', 'gone') },
    { events: [change(5, 'canary', 2)] },
    { events: [], error: new DomainError('FAILED_PRECONDITION', 'from_revision 5 is ahead') },
    { events: [change(2, 'production'), complete(2)] },
  ]);
  const seen: string[] = [];
  const host = {
    replaceAliases: (s: readonly AliasChange[]) => void seen.push(`snapshot ${s.map((c) => c.alias).join(',')}`),
    applyAlias: (c: AliasChange) => void seen.push(`${c.alias}->${c.version}`),
  };
  const ac = new AbortController();
  const done = followAliases({ registry, log: quiet }, host, ac.signal, { minBackoffMs: 1, maxBackoffMs: 2 });
  await expect.poll(() => asked.length, { timeout: 2_000 }).toBe(6);
  ac.abort();
  await done;
  expect(asked).toEqual([0n, 0n, 4n, 5n, 0n, 2n]);
  expect(seen).toEqual(['snapshot production,staging', 'canary->1', 'canary->2', 'snapshot production']);
});
