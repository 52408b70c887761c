import type { Identity } from '@mizan/service-kit';
import type { CreateExperimentInput, Experiment } from './experiment.ts';
import { checkNewExperiment } from './experiment-rules.ts';
import type { Deps } from './ports.ts';

/** Defines an A/B test over versions of one of the caller's models; it starts as a draft. */
export async function createExperiment(deps: Deps, who: Identity, input: CreateExperimentInput): Promise<Experiment> {
  checkNewExperiment(input);
  const experiment = await deps.experiments.create({
    id: deps.newId(),
    tenantId: who.tenantId,
    name: input.name,
    model: input.model,
    status: 'draft',
    variants: input.variants.map((v) => ({ name: v.name, modelVersion: v.modelVersion, weight: v.weight })),
    createdBy: who.subject,
    createdAt: deps.clock.now(),
  });
  deps.meter.created();
  return experiment;
}
