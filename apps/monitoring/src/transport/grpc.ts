import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { monitoringV1 } from '@mizan/protos';
import type { Rpc } from '@mizan/service-kit';
import type { InferenceCountInput } from '../domain/inference-window.ts';
import type { Deps } from '../domain/ports.ts';
import { recordInferences } from '../domain/record-inferences.ts';

const fromInferenceCount = (c: monitoringV1.InferenceCount): InferenceCountInput => ({
  tenant: c.tenant, model: c.model, version: c.version, count: c.count, errors: c.errors, latencySecondsSum: c.latencySecondsSum, windowStart: c.windowStart,
});

export function monitoringGrpcService(deps: Deps, rpc: Rpc) {
  const implementation: monitoringV1.MonitoringServiceServer = {
    recordInferences: rpc.unary<monitoringV1.RecordInferencesRequest, monitoringV1.RecordInferencesResponse>(async (req, ctx) => {
      const { accepted } = await recordInferences(deps, ctx.who, req.counts.map(fromInferenceCount));
      return { accepted: BigInt(accepted) };
    }),
  };
  return { name: 'mizan.monitoring.v1.MonitoringService', definition: monitoringV1.MonitoringServiceService, implementation: implementation as UntypedServiceImplementation };
}
