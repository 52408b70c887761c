import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { experimentV1 } from '@mizan/protos';
import type { Rpc } from '@mizan/service-kit';
import type { Experiment } from '../domain/experiment.ts';
import { getExperiment } from '../domain/get-experiment.ts';
import type { Deps } from '../domain/ports.ts';

const toExperimentProto = (e: Experiment): experimentV1.Experiment => ({
  id: e.id,
  name: e.name,
  model: e.model,
  status: e.status,
  variants: e.variants.map((v) => ({ name: v.name, modelVersion: v.modelVersion, weight: v.weight })),
  createdAt: e.createdAt,
});

export function experimentGrpcService(deps: Deps, rpc: Rpc) {
  const implementation: experimentV1.ExperimentServiceServer = {
    getExperiment: rpc.unary<experimentV1.GetExperimentRequest, experimentV1.Experiment>(async (req, ctx) => toExperimentProto(await getExperiment(deps, ctx.who, req.name))),
  };
  return { name: 'mizan.experiment.v1.ExperimentService', definition: experimentV1.ExperimentServiceService, implementation: implementation as UntypedServiceImplementation };
}
