import { createMetrics, createRpc, createSubgraphRoute, createVerifier, startGrpcServer, startHttpServer, type Logger, type Stopper } from '@mizan/service-kit';
import { Counter } from 'prom-client';
import type { AuditConfig } from './config.ts';
import type { Deps } from './domain/ports.ts';
import { createDb } from './store/audit.store.ts';
import { createPrisma, pingDatabase } from './store/prisma.ts';
import { auditGrpcService } from './transport/grpc.ts';
import { auditResolvers, typeDefs } from './transport/graphql/resolvers.ts';

export interface RunningAudit {
  grpcPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

/** Starts the audit service (tests call it in-process with ports 0). Stops in reverse start order. */
export async function startAudit(config: AuditConfig, log: Logger): Promise<RunningAudit> {
  const stoppers: Stopper[] = [];
  const stop = async () => { for (const s of stoppers.splice(0).reverse()) await s(); };
  try {
    const metrics = createMetrics('audit');
    const appended = new Counter({
      name: 'mizan_audit_events_appended_total',
      help: 'Append calls that reached the chain, by whether the event id was already there',
      labelNames: ['duplicate'],
      registers: [metrics.registry],
    });
    const prisma = createPrisma(config.databaseUrl);
    stoppers.push(() => prisma.$disconnect());
    const deps: Deps = { db: createDb(prisma), meter: { appended: (duplicate) => appended.inc({ duplicate: String(duplicate) }) } };
    const verifier = createVerifier(config.auth);

    const graphql = await createSubgraphRoute({ typeDefs, resolvers: auditResolvers(deps), verifier, log });
    stoppers.push(() => graphql.stop());
    const grpc = await startGrpcServer({ host: config.host, port: config.grpcPort, log, services: [auditGrpcService(deps, createRpc({ verifier, log, metrics }))] });
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
