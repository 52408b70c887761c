import { z } from 'zod';

/** Raised by parseConfig; loadConfig prints it and exits 1. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** An empty string means unset (so `FOO=` in a shell falls back to the default). */
export const emptyAsUndefined = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));

/** Parses env with the schema; collects every issue instead of stopping at the first. */
export function parseConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const r = schema.safeParse(emptyAsUndefined(env));
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
}

/** parseConfig for main(): on bad config prints every issue and exits 1. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  try {
    return parseConfig(schema, env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

export const port = (dflt: number) => z.coerce.number().int().min(0).max(65535).default(dflt);
export const flag = (dflt: '0' | '1') => z.enum(['0', '1']).default(dflt);

/** Default ports from the table in ARCHITECTURE.md. */
export const DEFAULT_PORTS = {
  GATEWAY: { grpc: 50050, http: 4000 },
  REGISTRY: { grpc: 50051, http: 8081 },
  EXPERIMENT: { grpc: 50052, http: 8082 },
  MONITORING: { grpc: 50053, http: 8083 },
  AUDIT: { grpc: 50054, http: 8084 },
  INFERENCE: { grpc: 8001, http: 8000 },
} as const;
export type ServiceName = keyof typeof DEFAULT_PORTS;

/** MIZAN_<NAME>_GRPC_PORT, MIZAN_<NAME>_HTTP_PORT and the bind host. */
export function serviceEnv<N extends ServiceName>(name: N) {
  return z.object({
    [`MIZAN_${name}_GRPC_PORT`]: port(DEFAULT_PORTS[name].grpc).describe(`gRPC port of ${name.toLowerCase()}`),
    [`MIZAN_${name}_HTTP_PORT`]: port(DEFAULT_PORTS[name].http).describe(`HTTP port of ${name.toLowerCase()}`),
    MIZAN_BIND_HOST: z.string().default('127.0.0.1').describe('interface the servers bind to (0.0.0.0 in containers)'),
  }) as z.ZodObject<Record<`MIZAN_${N}_GRPC_PORT` | `MIZAN_${N}_HTTP_PORT`, z.ZodDefault<z.ZodCoercedNumber<unknown>>> & { MIZAN_BIND_HOST: z.ZodDefault<z.ZodString> }>;
}

/** MIZAN_<NAME>_DATABASE_URL: required, no default (a URL is a secret). */
export function databaseEnv<N extends ServiceName>(name: N) {
  return z.object({
    [`MIZAN_${name}_DATABASE_URL`]: z.string().url().describe(`PostgreSQL URL of the ${name.toLowerCase()} database`),
  }) as z.ZodObject<Record<`MIZAN_${N}_DATABASE_URL`, z.ZodString>>;
}

/** Whether a data-owning service applies its pending migrations at start (under an advisory lock, so replicas agree). */
export const migrateEnv = z.object({
  MIZAN_MIGRATE_ON_START: flag('1').describe('apply pending migrations at start-up (0 when a separate job migrates)'),
});

export const logEnv = z.object({
  MIZAN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
});

/** How every service verifies bearer JWTs: a JWKS file or URL, issuer and audience. */
export const authEnv = z
  .object({
    MIZAN_JWKS_FILE: z.string().optional().describe('path of a JWKS file with the issuer public keys'),
    MIZAN_JWKS_URL: z.string().url().optional().describe('URL of the issuer JWKS'),
    MIZAN_JWT_ISSUER: z.string().default('mizan-dev').describe('expected iss claim'),
    MIZAN_JWT_AUDIENCE: z.string().default('mizan').describe('expected aud claim'),
    MIZAN_SERVICE_TOKEN_FILE: z.string().optional().describe('file holding this service identity token (dev stand-in for mTLS)'),
  })
  .refine((e) => e.MIZAN_JWKS_FILE || e.MIZAN_JWKS_URL, { message: 'set MIZAN_JWKS_FILE or MIZAN_JWKS_URL (npm start writes .mizan/jwks.json)', path: ['MIZAN_JWKS_FILE'] });

/** `host:port` of another service's gRPC endpoint. */
export const grpcTarget = (name: ServiceName) =>
  z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port').default(`127.0.0.1:${DEFAULT_PORTS[name].grpc}`);
