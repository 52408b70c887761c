import type { Identity } from '@mizan/service-kit';
import type { Experiment } from './experiment.ts';
import type { Deps } from './ports.ts';

/** The caller's tenant's experiment of that name, or null (another tenant's is null too). */
export function findExperiment(deps: Deps, who: Identity, name: string): Promise<Experiment | null> {
  return deps.experiments.byName(who.tenantId, name);
}
