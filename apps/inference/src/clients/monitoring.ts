import { monitoringV1 } from '@mizan/protos';
import { createGrpcClient, unaryCall } from '@mizan/service-kit';
import type { TelemetrySink } from '../domain/telemetry.ts';

/** monitoring's RecordInferences, called as this service. */
export function monitoringSink(target: string, token: () => string): TelemetrySink & { close(): void } {
  const client = createGrpcClient(monitoringV1.MonitoringServiceClient, target);
  return {
    async send(counts) {
      await unaryCall<monitoringV1.RecordInferencesRequest, monitoringV1.RecordInferencesResponse>(
        client.recordInferences.bind(client) as never,
        {
          counts: counts.map((c) => ({
            tenant: c.tenant, model: c.model, version: c.version, count: BigInt(c.count), errors: BigInt(c.errors),
            latencySecondsSum: c.latencySecondsSum, windowStart: c.windowStart,
          })),
        },
        { token: token(), deadlineMs: 5_000 },
      );
    },
    close: () => client.close(),
  };
}
