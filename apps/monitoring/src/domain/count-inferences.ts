import type { Identity } from '@mizan/service-kit';
import type { Deps } from './ports.ts';

/** How many inferences of one model (all versions) the caller's tenant has had since a time, or ever. */
export function countInferences(deps: Deps, who: Identity, q: { model: string; since?: Date | undefined }): Promise<bigint> {
  return deps.stats.total(who.tenantId, { model: q.model, since: q.since });
}
