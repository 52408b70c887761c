import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { createRpc, createSubgraphRoute, startGrpcServer, startHttpServer, type Logger, type TokenVerifier } from '@mizan/service-kit';
import { connectWorker, type WorkerLink } from './clients/worker-link.ts';
import type { InferenceConfig } from './config.ts';
import { WorkerDirectory } from './domain/worker-directory.ts';
import { routerMetrics } from './metrics.ts';
import { inferenceResolvers } from './transport/graphql/resolvers.ts';
import { oipRestRoutes } from './transport/oip-rest.ts';
import { routerBackend, RouterInferenceService, routerOipService, type RouterDeps } from './transport/router-oip.ts';
import type { RunningRole } from './worker.ts';

const GRACE_MS = 10_000;

/**
 * The router role: OIP on the public ports, forwarding each call to a worker picked from the workers'
 * live state streams, plus the inference GraphQL subgraph. It holds no models.
 */
export async function startRouter(config: InferenceConfig, log: Logger, verifier: TokenVerifier, token: () => string, workers: string[]): Promise<RunningRole> {
  const rlog = log.child({ role: 'router' });
  const directory = new WorkerDirectory(workers);
  const links = new Map<string, WorkerLink>(workers.map((address) => [address, connectWorker(address, { directory, token, log: rlog })]));
  const metrics = routerMetrics({ workersReady: () => directory.readyWorkers().length });
  let accepting = true;
  const ready = () => accepting && directory.readyWorkers().length > 0;
  const deps: RouterDeps = { directory, links, metrics, ready };

  const rpc = createRpc({ verifier, log: rlog, metrics: metrics.base });
  const grpc = await startGrpcServer({
    host: config.host, port: config.router.grpcPort, log: rlog,
    services: [{ name: 'inference.GRPCInferenceService', definition: RouterInferenceService, implementation: routerOipService(rpc, deps) }],
  });
  const typeDefs = parse(readFileSync(new URL('./transport/graphql/schema.graphql', import.meta.url), 'utf8'));
  const subgraph = await createSubgraphRoute({ typeDefs, resolvers: inferenceResolvers(directory), verifier, log: rlog });
  const http = await startHttpServer({
    host: config.host, port: config.router.httpPort, log: rlog, metrics: metrics.base,
    routes: [...oipRestRoutes(routerBackend(deps), verifier), subgraph.route],
    readiness: () => {
      const n = directory.readyWorkers().length;
      return { ready: ready(), checks: { workers: { ok: n > 0, detail: `${n} of ${workers.length} workers ready` } } };
    },
  });
  rlog.info({ grpcPort: grpc.port, httpPort: http.port, workers }, 'inference router started');

  return {
    grpcPort: grpc.port,
    httpPort: http.port,
    async stop() {
      accepting = false;
      http.setReady(false);
      await grpc.stop(GRACE_MS);
      await http.stop(GRACE_MS);
      await subgraph.stop();
      for (const l of links.values()) l.close();
      rlog.info('inference router stopped');
    },
  };
}
