import { DomainError, isService, type Identity } from '@mizan/service-kit';
import type { Deps } from './ports.ts';
import type { AliasChange } from './types.ts';

export type WatchMessage = { kind: 'change'; change: AliasChange } | { kind: 'snapshot_complete'; revision: bigint };

export interface WatchOptions {
  /** Fallback re-read when no notification arrives (a lost LISTEN connection, a replica's NOTIFY missed). */
  pollMs: number;
  batch: number;
}

/**
 * The alias stream of every tenant, for service identities.
 * - from_revision 0: every current alias (each carrying the snapshot's revision R), then `snapshot_complete`
 *   with R, then each change with a revision > R as it commits.
 * - from_revision N > 0: no snapshot; every change with a revision > N, then live changes. The log is never
 *   pruned, so any N the registry has issued resumes exactly; an N beyond the latest revision (a registry
 *   whose database was replaced) is FAILED_PRECONDITION: watch again from 0.
 * Ends when `signal` aborts (client gone or server shutting down).
 */
export async function watchAliases(
  deps: Deps, who: Identity, input: { fromRevision: bigint }, emit: (m: WatchMessage) => Promise<void>, signal: AbortSignal,
  opts: WatchOptions = { pollMs: 5_000, batch: 500 },
): Promise<void> {
  if (!isService(who)) throw new DomainError('PERMISSION_DENIED', 'WatchAliases is for service identities');
  if (input.fromRevision < 0n) throw new DomainError('INVALID_ARGUMENT', 'from_revision: must be 0 or a revision');
  const sub = deps.feed.subscribe();
  try {
    let last: bigint;
    if (input.fromRevision === 0n) {
      const snap = await deps.feed.snapshot();
      for (const change of snap.aliases) {
        if (signal.aborted) return;
        await emit({ kind: 'change', change });
      }
      await emit({ kind: 'snapshot_complete', revision: snap.revision });
      last = snap.revision;
    } else {
      const latest = await deps.feed.latestRevision();
      if (input.fromRevision > latest) {
        throw new DomainError('FAILED_PRECONDITION', `from_revision ${input.fromRevision} is ahead of the registry's latest revision ${latest}; watch again from 0`);
      }
      last = input.fromRevision;
    }
    while (!signal.aborted) {
      const changes = await deps.feed.after(last, opts.batch);
      for (const change of changes) {
        if (signal.aborted) return;
        await emit({ kind: 'change', change });
        last = change.revision;
      }
      if (changes.length < opts.batch) await sub.wait(signal, opts.pollMs);
    }
  } finally {
    sub.close();
  }
}
