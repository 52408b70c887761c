import { createMetrics, createRpc, createSubgraphRoute, createVerifier, startGrpcServer, startHttpServer, type Logger, type Stopper } from '@mizan/service-kit';
import { Counter } from 'prom-client';
import type { MonitoringConfig } from './config.ts';
import type { Deps } from './domain/ports.ts';
import { createPrisma, pingDatabase } from './store/prisma.ts';
import { createStatsStore } from './store/stats.store.ts';
import { monitoringGrpcService } from './transport/grpc.ts';
import { monitoringResolvers, typeDefs } from './transport/graphql/resolvers.ts';

export interface RunningMonitoring {
  grpcPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

/** Starts the monitoring service (tests call it in-process with ports 0). Stops in reverse start order. */
export async function startMonitoring(config: MonitoringConfig, log: Logger): Promise<RunningMonitoring> {
  const stoppers: Stopper[] = [];
  const stop = async () => { for (const s of stoppers.splice(0).reverse()) await s(); };
  try {
    const metrics = createMetrics('monitoring');
    const received = new Counter({
      name: 'mizan_monitoring_inferences_received_total',
      help: 'Inferences reported to monitoring through RecordInferences (the sum of accepted counts)',
      registers: [metrics.registry],
    });
    const prisma = createPrisma(config.databaseUrl);
    stoppers.push(() => prisma.$disconnect());
    const deps: Deps = { stats: createStatsStore(prisma), meter: { inferencesReceived: (n) => received.inc(Number(n)) } };
    const verifier = createVerifier(config.auth);

    const graphql = await createSubgraphRoute({ typeDefs, resolvers: monitoringResolvers(deps), verifier, log });
    stoppers.push(() => graphql.stop());
    const grpc = await startGrpcServer({ host: config.host, port: config.grpcPort, log, services: [monitoringGrpcService(deps, createRpc({ verifier, log, metrics }))] });
    stoppers.push(() => grpc.stop());
    const http = await startHttpServer({
      host: config.host, port: config.httpPort, log, metrics, routes: [graphql.route],
      readiness: async () => {
        const database = await pingDatabase(prisma);
        return { ready: database.ok, checks: { database } };
      },
    });
    stoppers.push(() => http.stop());
    return { grpcPort: grpc.port, httpPort: http.port, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
