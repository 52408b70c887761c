import type { Identity } from '@mizan/service-kit';
import type { Experiment } from './experiment.ts';
import type { Deps } from './ports.ts';

/** Most experiments returned for one model (the field is a plain list, not a connection). */
export const MAX_MODEL_EXPERIMENTS = 100;

/** The caller's tenant's experiments on the named model, newest first. */
export function listModelExperiments(deps: Deps, who: Identity, model: string): Promise<Experiment[]> {
  return deps.experiments.byModel(who.tenantId, model, MAX_MODEL_EXPERIMENTS);
}
