import {
  probe, createMetrics, createRpc, createSubgraphRoute, createVerifier, newId, startGrpcServer, startHttpServer, type Logger, type Readiness,
} from '@mizan/service-kit';
import { Gauge } from 'prom-client';
import { createFsBlobStore } from './blob/fs-blob-store.ts';
import type { RegistryConfig } from './config.ts';
import type { Deps } from './domain/ports.ts';
import { createAuditClient } from './relay/audit-client.ts';
import { createAuditRelay } from './relay/audit-relay.ts';
import { createAliasFeed } from './store/alias-feed.ts';
import { createDb } from './store/db.ts';
import { outboxQueue } from './store/outbox.store.ts';
import { createPrismaClient } from './store/prisma.ts';
import { registryService } from './transport/grpc.ts';
import { createResolvers, typeDefs } from './transport/graphql/resolvers.ts';
import { uploadRoute } from './transport/http-upload.ts';
import { createOnnxValidator } from './validation/onnx-validator.ts';

export const UPLOAD_TTL_MS = 24 * 3600_000;
/** Undelivered audit events older than this make /readyz report the relay as degraded (still ready). */
const RELAY_BEHIND_SECONDS = 60;

export interface RunningRegistry {
  grpcPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

/** Builds and starts the registry; tests call it in-process with ports 0. */
export async function startRegistry(config: RegistryConfig, log: Logger): Promise<RunningRegistry> {
  const stoppers: Array<() => Promise<void> | void> = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () => (stopping ??= (async () => {
    for (const s of [...stoppers].reverse()) await Promise.resolve().then(s).catch((err: unknown) => log.error({ err }, 'error while stopping'));
  })());
  try {
    const metrics = createMetrics('registry');
    const verifier = createVerifier(config.auth);
    const prisma = createPrismaClient(config.databaseUrl);
    stoppers.push(() => prisma.$disconnect());
    const feed = createAliasFeed(prisma, config.databaseUrl, log);
    await feed.start();
    stoppers.push(() => feed.stop());
    const validator = createOnnxValidator({ maxBytes: config.maxArtifactBytes, log });
    stoppers.push(() => validator.close());
    const audit = createAuditClient({ target: config.auditTarget, tokenFile: config.serviceTokenFile });
    stoppers.push(() => audit.close());
    const outbox = outboxQueue(prisma);
    const relay = createAuditRelay({ databaseUrl: config.databaseUrl, outbox, deliver: audit.deliver, log, registry: metrics.registry });
    await relay.start();
    stoppers.push(() => relay.stop());
    new Gauge({
      name: 'mizan_registry_audit_outbox_pending', help: 'Audit events not yet delivered', registers: [metrics.registry],
      async collect() { this.set((await outbox.backlog()).pending); },
    });

    const deps: Deps = {
      db: createDb(prisma),
      blobs: createFsBlobStore(config.artifactDir),
      validator,
      relay,
      feed,
      clock: { now: () => new Date() },
      newId,
      limits: { maxArtifactBytes: config.maxArtifactBytes, uploadTtlMs: UPLOAD_TTL_MS },
    };

    const shutdown = new AbortController();
    const rpc = createRpc({ verifier, log, metrics });
    const grpc = await startGrpcServer({ host: config.host, port: config.grpcPort, log, services: [registryService(deps, rpc, shutdown.signal)] });
    stoppers.push(() => grpc.stop(5_000));
    // Stoppers run in reverse: this ends WatchAliases streams with OK before the gRPC server drains, instead
    // of leaving them to be cancelled at the end of its grace period.
    stoppers.push(() => shutdown.abort());
    const graphql = await createSubgraphRoute({ typeDefs, resolvers: createResolvers(deps), verifier, log });
    stoppers.push(() => graphql.stop());

    async function readiness(): Promise<Readiness> {
      const checks: Readiness['checks'] = { database: await probe(() => prisma.$queryRaw`SELECT 1`) };
      if (!checks.database!.ok) return { ready: false, checks };
      const b = await outbox.backlog();
      const behind = b.pending > 0 && b.oldestSeconds > RELAY_BEHIND_SECONDS;
      checks.auditRelay = { ok: !behind, detail: behind ? `degraded: ${b.pending} audit events undelivered, oldest ${Math.round(b.oldestSeconds)} s` : `${b.pending} pending` };
      checks.aliasListener = { ok: feed.listening(), ...(feed.listening() ? {} : { detail: 'degraded: LISTEN connection down, WatchAliases polls' }) };
      return { ready: true, checks };
    }
    const http = await startHttpServer({ host: config.host, port: config.httpPort, log, metrics, routes: [graphql.route, uploadRoute(deps, verifier)], readiness });
    stoppers.push(() => http.stop(5_000));
    log.info({ grpcPort: grpc.port, httpPort: http.port }, 'registry ready');
    return { grpcPort: grpc.port, httpPort: http.port, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
