import { fileURLToPath } from 'node:url';
import { bootFailed, createLogger, createMetrics, createVerifier, loadConfig, onShutdown, startGrpcServer, startHttpServer } from '@mizan/service-kit';
import { GatewayConfig } from './config.ts';
import { createGatewayRoute } from './graphql.ts';

// @apollo/gateway reports usage to Apollo unless this is set; Mizan contacts nothing but its own services.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const config = loadConfig(GatewayConfig, process.env);
const log = createLogger({ service: 'gateway', level: config.logLevel });

try {
  const metrics = createMetrics('gateway');
  const verifier = createVerifier(config.auth);
  const graphql = await createGatewayRoute({
    supergraphFile: fileURLToPath(new URL('../supergraph.graphql', import.meta.url)),
    subgraphUrls: config.subgraphUrls,
    verifier,
    log,
    maxDepth: config.maxDepth,
  });
  const grpc = await startGrpcServer({ host: config.host, port: config.grpcPort, log, services: [] });
  const http = await startHttpServer({ host: config.host, port: config.httpPort, log, metrics, routes: [graphql.route] });
  onShutdown({ log }, [() => http.stop(), () => grpc.stop(), () => graphql.stop()]);
  log.info({ url: `http://${config.host}:${http.port}/graphql` }, 'gateway ready');
} catch (err) {
  bootFailed(log, err);
}
