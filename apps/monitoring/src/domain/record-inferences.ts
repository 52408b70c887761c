import { DomainError, isService, type Identity } from '@mizan/service-kit';
import type { InferenceCountInput } from './inference-window.ts';
import type { Deps } from './ports.ts';
import { toWindowIncrements } from './window-increments.ts';

/**
 * Adds producers' per-window counts to the tenant's stats. Only services report (inference sends its
 * aggregates off the hot path); each count names its tenant. Returns how many counts were recorded.
 */
export async function recordInferences(deps: Deps, who: Identity, counts: readonly InferenceCountInput[]): Promise<{ accepted: number }> {
  if (!isService(who)) throw new DomainError('PERMISSION_DENIED', 'only service identities may record inferences');
  const rows = toWindowIncrements(counts);
  if (rows.length > 0) await deps.stats.increment(rows);
  deps.meter.inferencesReceived(rows.reduce((n, r) => n + r.count, 0n));
  return { accepted: counts.length };
}
