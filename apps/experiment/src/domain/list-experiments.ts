import type { Identity } from '@mizan/service-kit';
import type { Experiment } from './experiment.ts';
import type { Deps } from './ports.ts';

/** The caller's tenant's experiments, newest first; `limit` rows after the cursor id. */
export function listExperiments(deps: Deps, who: Identity, page: { limit: number; beforeId?: string | undefined }): Promise<Experiment[]> {
  return deps.experiments.list(who.tenantId, page);
}
