import { createMetrics, createRpc, createSubgraphRoute, createVerifier, newId, startGrpcServer, startHttpServer, type Logger, type Stopper } from '@mizan/service-kit';
import { Counter } from 'prom-client';
import type { ExperimentConfig } from './config.ts';
import type { Deps } from './domain/ports.ts';
import { createExperimentStore } from './store/experiment.store.ts';
import { createPrisma, pingDatabase } from './store/prisma.ts';
import { experimentGrpcService } from './transport/grpc.ts';
import { experimentResolvers, typeDefs } from './transport/graphql/resolvers.ts';

export interface RunningExperiment {
  grpcPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

/** Starts the experiment service (tests call it in-process with ports 0). Stops in reverse start order. */
export async function startExperiment(config: ExperimentConfig, log: Logger): Promise<RunningExperiment> {
  const stoppers: Stopper[] = [];
  const stop = async () => { for (const s of stoppers.splice(0).reverse()) await s(); };
  try {
    const metrics = createMetrics('experiment');
    const created = new Counter({ name: 'mizan_experiment_experiments_created_total', help: 'Experiments created', registers: [metrics.registry] });
    const prisma = createPrisma(config.databaseUrl);
    stoppers.push(() => prisma.$disconnect());
    const deps: Deps = { experiments: createExperimentStore(prisma), clock: { now: () => new Date() }, newId, meter: { created: () => created.inc() } };
    const verifier = createVerifier(config.auth);

    const graphql = await createSubgraphRoute({ typeDefs, resolvers: experimentResolvers(deps), verifier, log });
    stoppers.push(() => graphql.stop());
    const grpc = await startGrpcServer({ host: config.host, port: config.grpcPort, log, services: [experimentGrpcService(deps, createRpc({ verifier, log, metrics }))] });
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
