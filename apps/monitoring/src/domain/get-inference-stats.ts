import type { Identity } from '@mizan/service-kit';
import type { InferenceWindow } from './inference-window.ts';
import type { Deps, StatsQuery } from './ports.ts';

/** At most this many windows per answer (a week of minutes for one version): the newest ones. */
export const MAX_WINDOWS = 10_080;

/** The caller's tenant's per-minute windows of one model, oldest first. */
export function getInferenceStats(deps: Deps, who: Identity, q: StatsQuery): Promise<InferenceWindow[]> {
  return deps.stats.windows(who.tenantId, q, MAX_WINDOWS);
}
