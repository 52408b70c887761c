import { asDomainError } from '@mizan/service-kit';
import type { ModelHost } from './model-host.ts';
import type { AliasChange, Log, RegistryPort } from './ports.ts';

export interface FollowOptions {
  /** First reconnect delay; doubles to maxBackoffMs, with jitter. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  onState?: (connected: boolean) => void;
}

/**
 * Feeds the host from the registry's WatchAliases stream for as long as `signal` is not aborted:
 * a snapshot first (applied atomically, so aliases deleted while we were away disappear), then
 * deltas. After a break it resumes from the last revision seen, with backoff. A resumed stream is
 * applied as deltas only; should the registry send a snapshot_complete marker on it, it is ignored,
 * because the events before it are not known to be a full snapshot.
 */
export async function followAliases(deps: { registry: RegistryPort; log: Log }, host: Pick<ModelHost, 'replaceAliases' | 'applyAlias'>, signal: AbortSignal, o: FollowOptions = {}): Promise<void> {
  const min = o.minBackoffMs ?? 200;
  const max = o.maxBackoffMs ?? 15_000;
  let revision = 0n;
  let synced = false;
  let backoff = min;
  let failedResumes = 0;
  while (!signal.aborted) {
    const resumed = synced;
    // A snapshot carries its own revision, which may be lower than ours (a replaced database).
    if (!resumed) revision = 0n;
    let received = false;
    let restart = false;
    const snapshot: AliasChange[] = [];
    try {
      for await (const c of deps.registry.watchAliases(resumed ? revision : 0n, signal)) {
        if (backoff !== min) o.onState?.(true);
        backoff = min;
        received = true;
        if (c.revision > revision) revision = c.revision;
        const carriesAlias = c.tenant !== '' && c.model !== '' && c.alias !== '';
        if (!synced) {
          if (carriesAlias) snapshot.push(c);
          if (c.snapshotComplete) {
            host.replaceAliases(snapshot);
            synced = true;
            o.onState?.(true);
            deps.log.info({ aliases: snapshot.length, revision: String(revision) }, 'alias snapshot applied');
          }
        } else if (carriesAlias) {
          host.applyAlias(c);
        }
      }
      if (!signal.aborted) deps.log.warn({ revision: String(revision) }, 'alias stream ended; reconnecting');
    } catch (err) {
      if (signal.aborted) return;
      // The registry refuses a revision it never issued (its database was replaced): start over.
      if (resumed && asDomainError(err)?.code === 'FAILED_PRECONDITION') restart = true;
      deps.log.warn({ err, revision: String(revision), retryInMs: backoff }, 'alias stream failed; reconnecting');
    }
    // A registry that cannot resume from our revision and says so differently (or not at all) would
    // refuse forever: after a few resumes that brought nothing, start over from a snapshot too.
    failedResumes = resumed && !received ? failedResumes + 1 : 0;
    if (restart || failedResumes >= 3) {
      synced = false;
      failedResumes = 0;
    }
    o.onState?.(false);
    await sleep(backoff * (0.5 + Math.random() / 2), signal);
    backoff = Math.min(max, backoff * 2);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
