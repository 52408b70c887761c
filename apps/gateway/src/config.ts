import { authEnv, logEnv, serviceEnv } from '@mizan/service-kit';
import { z } from 'zod';

const subgraphUrl = (name: string, port: number) =>
  z.string().url().default(`http://127.0.0.1:${port}/graphql`).describe(`URL of the ${name} subgraph (overrides the committed supergraph)`);

export const GatewayConfig = z
  .object({
    ...serviceEnv('GATEWAY').shape,
    ...logEnv.shape,
    MIZAN_REGISTRY_SUBGRAPH_URL: subgraphUrl('registry', 8081),
    MIZAN_INFERENCE_SUBGRAPH_URL: subgraphUrl('inference', 8000),
    MIZAN_EXPERIMENT_SUBGRAPH_URL: subgraphUrl('experiment', 8082),
    MIZAN_MONITORING_SUBGRAPH_URL: subgraphUrl('monitoring', 8083),
    MIZAN_AUDIT_SUBGRAPH_URL: subgraphUrl('audit', 8084),
    MIZAN_GATEWAY_MAX_DEPTH: z.coerce.number().int().min(1).default(12).describe('deepest query accepted'),
  })
  .and(authEnv)
  .transform((e) => ({
    grpcPort: e.MIZAN_GATEWAY_GRPC_PORT,
    httpPort: e.MIZAN_GATEWAY_HTTP_PORT,
    host: e.MIZAN_BIND_HOST,
    logLevel: e.MIZAN_LOG_LEVEL,
    maxDepth: e.MIZAN_GATEWAY_MAX_DEPTH,
    auth: { jwksFile: e.MIZAN_JWKS_FILE, jwksUrl: e.MIZAN_JWKS_URL, issuer: e.MIZAN_JWT_ISSUER, audience: e.MIZAN_JWT_AUDIENCE },
    subgraphUrls: {
      registry: e.MIZAN_REGISTRY_SUBGRAPH_URL,
      inference: e.MIZAN_INFERENCE_SUBGRAPH_URL,
      experiment: e.MIZAN_EXPERIMENT_SUBGRAPH_URL,
      monitoring: e.MIZAN_MONITORING_SUBGRAPH_URL,
      audit: e.MIZAN_AUDIT_SUBGRAPH_URL,
    } as Record<string, string>,
  }));
export type GatewayConfig = z.output<typeof GatewayConfig>;
