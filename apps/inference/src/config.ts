import { authEnv, grpcTarget, logEnv, port, serviceEnv, type VerifierOptions } from '@mizan/service-kit';
import { z } from 'zod';

const ROLES = ['router', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const list = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
const hostPort = /^[^:\s]+:\d+$/;

export const InferenceConfig = z
  .object({
    ...serviceEnv('INFERENCE').shape,
    ...logEnv.shape,
    MIZAN_INFERENCE_ROLE: z
      .string()
      .default('router,worker')
      .transform(list)
      .pipe(z.array(z.enum(ROLES)).min(1, 'name at least one role'))
      .describe('comma list of the roles this process plays: router, worker (one process may host both in dev)'),
    MIZAN_INFERENCE_WORKER_GRPC_PORT: port(8101).describe('OIP gRPC port of the worker (internal)'),
    MIZAN_INFERENCE_WORKER_HTTP_PORT: port(8111).describe('HTTP port of the worker: health, metrics, OIP REST'),
    MIZAN_INFERENCE_WORKERS: z
      .string()
      .optional()
      .transform((s) => (s === undefined ? undefined : list(s)))
      .pipe(z.array(z.string().regex(hostPort, 'expected host:port')).min(1).optional())
      .describe("host:port list of the workers' gRPC endpoints the router sends to (default: this process's worker)"),
    MIZAN_INFERENCE_WORKER_NAME: z.string().optional().describe('name the worker reports in its state (default host:grpc-port)'),
    MIZAN_INFERENCE_TIER: z.enum(['cpu', 'gpu']).default('cpu').describe('worker tier'),
    MIZAN_INFERENCE_THREADS: z.coerce.number().int().min(1).max(256).default(2).describe('onnxruntime worker threads (run concurrency)'),
    MIZAN_INFERENCE_EXECUTION_PROVIDERS: z
      .string()
      .default('cpu')
      .transform(list)
      .pipe(z.array(z.string().regex(/^[a-z0-9_-]+$/)).min(1))
      .describe('onnxruntime execution providers tried in order, e.g. cuda,webgpu,cpu for the gpu tier'),
    MIZAN_INFERENCE_MAX_QUEUE: z.coerce.number().int().min(1).default(1024).describe('inferences queued or running on a worker before it answers RESOURCE_EXHAUSTED'),
    MIZAN_INFERENCE_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).default(30_000).describe('how long a version no alias points to stays loaded'),
    MIZAN_INFERENCE_MAX_MODEL_BYTES: z.coerce.number().int().min(1).default(512 * 1024 * 1024).describe('largest artifact a worker downloads and loads'),
    MIZAN_INFERENCE_STATE_INTERVAL_MS: z.coerce.number().int().min(50).default(1000).describe('how often a worker re-sends its state (queue depth) to routers'),
    MIZAN_REGISTRY_GRPC_TARGET: grpcTarget('REGISTRY').describe('host:port of the registry (WatchAliases, DownloadArtifact, GetModelVersion)'),
    MIZAN_MONITORING_GRPC_TARGET: grpcTarget('MONITORING').describe('host:port of monitoring (RecordInferences)'),
    MIZAN_TELEMETRY_FLUSH_MS: z.coerce.number().int().min(10).default(5000).describe('how often inference counts are sent to monitoring'),
  })
  .and(authEnv)
  // Workers call the registry and monitoring as themselves, and routers watch workers as themselves.
  .refine((e) => e.MIZAN_SERVICE_TOKEN_FILE, { message: 'set MIZAN_SERVICE_TOKEN_FILE (inference calls the registry, monitoring and its workers as itself)', path: ['MIZAN_SERVICE_TOKEN_FILE'] })
  .transform((e) => ({
    roles: [...new Set(e.MIZAN_INFERENCE_ROLE)] as Role[],
    host: e.MIZAN_BIND_HOST,
    logLevel: e.MIZAN_LOG_LEVEL,
    router: {
      grpcPort: e.MIZAN_INFERENCE_GRPC_PORT,
      httpPort: e.MIZAN_INFERENCE_HTTP_PORT,
      /** Undefined: the worker of this same process. */
      workers: e.MIZAN_INFERENCE_WORKERS,
    },
    worker: {
      grpcPort: e.MIZAN_INFERENCE_WORKER_GRPC_PORT,
      httpPort: e.MIZAN_INFERENCE_WORKER_HTTP_PORT,
      name: e.MIZAN_INFERENCE_WORKER_NAME,
      tier: e.MIZAN_INFERENCE_TIER,
      threads: e.MIZAN_INFERENCE_THREADS,
      executionProviders: e.MIZAN_INFERENCE_EXECUTION_PROVIDERS,
      maxQueue: e.MIZAN_INFERENCE_MAX_QUEUE,
      unloadGraceMs: e.MIZAN_INFERENCE_UNLOAD_GRACE_MS,
      maxModelBytes: e.MIZAN_INFERENCE_MAX_MODEL_BYTES,
      stateIntervalMs: e.MIZAN_INFERENCE_STATE_INTERVAL_MS,
      telemetryFlushMs: e.MIZAN_TELEMETRY_FLUSH_MS,
    },
    registryTarget: e.MIZAN_REGISTRY_GRPC_TARGET,
    monitoringTarget: e.MIZAN_MONITORING_GRPC_TARGET,
    serviceTokenFile: e.MIZAN_SERVICE_TOKEN_FILE!,
    auth: { jwksFile: e.MIZAN_JWKS_FILE, jwksUrl: e.MIZAN_JWKS_URL, issuer: e.MIZAN_JWT_ISSUER, audience: e.MIZAN_JWT_AUDIENCE } as VerifierOptions,
  }));
export type InferenceConfig = z.output<typeof InferenceConfig>;
