import { DomainError, type Identity } from '@mizan/service-kit';
import type { Experiment } from './experiment.ts';
import { findExperiment } from './find-experiment.ts';
import type { Deps } from './ports.ts';

/** The caller's tenant's experiment of that name; NOT_FOUND when it has none (whoever else has one). */
export async function getExperiment(deps: Deps, who: Identity, name: string): Promise<Experiment> {
  if (name === '') throw new DomainError('INVALID_ARGUMENT', 'name is required');
  const e = await findExperiment(deps, who, name);
  if (!e) throw new DomainError('NOT_FOUND', `experiment ${JSON.stringify(name)} not found`);
  return e;
}
