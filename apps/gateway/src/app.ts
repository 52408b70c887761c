import { fileURLToPath } from 'node:url';
import { createMetrics, createVerifier, startGrpcServer, startHttpServer, type Logger } from '@mizan/service-kit';
import type { GatewayConfig } from './config.ts';
import { createGatewayRoute } from './graphql.ts';

export interface RunningGateway {
  grpcPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

/** The gateway's servers over the committed supergraph (tests call it in-process with ports 0). */
export async function startGateway(config: GatewayConfig, log: Logger): Promise<RunningGateway> {
  const metrics = createMetrics('gateway');
  const graphql = await createGatewayRoute({
    supergraphFile: fileURLToPath(new URL('../supergraph.graphql', import.meta.url)),
    subgraphUrls: config.subgraphUrls,
    verifier: createVerifier(config.auth),
    log,
    maxDepth: config.maxDepth,
  });
  const grpc = await startGrpcServer({ host: config.host, port: config.grpcPort, log, services: [] });
  const http = await startHttpServer({ host: config.host, port: config.httpPort, log, metrics, routes: [graphql.route] });
  log.info({ url: `http://${config.host}:${http.port}/graphql` }, 'gateway ready');
  return {
    grpcPort: grpc.port,
    httpPort: http.port,
    stop: async () => {
      await http.stop();
      await grpc.stop();
      await graphql.stop();
    },
  };
}
