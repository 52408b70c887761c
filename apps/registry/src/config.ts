import { authEnv, databaseEnv, grpcTarget, logEnv, migrateEnv, serviceEnv } from '@mizan/service-kit';
import { z } from 'zod';

export const RegistryConfig = z
  .object({
    ...serviceEnv('REGISTRY').shape,
    ...databaseEnv('REGISTRY').shape,
    ...logEnv.shape,
    ...migrateEnv.shape,
    MIZAN_ARTIFACT_DIR: z.string().default('.mizan/artifacts').describe('folder of the file-system blob store (<dir>/<tenant>/<sha256>)'),
    MIZAN_MAX_ARTIFACT_BYTES: z.coerce.number().int().min(1).default(512 * 1024 * 1024).describe('largest artifact accepted by an upload, in bytes'),
    MIZAN_AUDIT_GRPC_TARGET: grpcTarget('AUDIT').describe('host:port of the audit service the outbox relay delivers to'),
  })
  .and(authEnv)
  // The relay presents this service's own token to audit; without it every audit event would wait forever.
  .refine((e) => e.MIZAN_SERVICE_TOKEN_FILE, { message: 'set MIZAN_SERVICE_TOKEN_FILE (the registry relays audit events as itself)', path: ['MIZAN_SERVICE_TOKEN_FILE'] })
  .transform((e) => ({
    grpcPort: e.MIZAN_REGISTRY_GRPC_PORT,
    httpPort: e.MIZAN_REGISTRY_HTTP_PORT,
    host: e.MIZAN_BIND_HOST,
    databaseUrl: e.MIZAN_REGISTRY_DATABASE_URL,
    logLevel: e.MIZAN_LOG_LEVEL,
    migrateOnStart: e.MIZAN_MIGRATE_ON_START === '1',
    artifactDir: e.MIZAN_ARTIFACT_DIR,
    maxArtifactBytes: e.MIZAN_MAX_ARTIFACT_BYTES,
    auditTarget: e.MIZAN_AUDIT_GRPC_TARGET,
    serviceTokenFile: e.MIZAN_SERVICE_TOKEN_FILE!,
    auth: { jwksFile: e.MIZAN_JWKS_FILE, jwksUrl: e.MIZAN_JWKS_URL, issuer: e.MIZAN_JWT_ISSUER, audience: e.MIZAN_JWT_AUDIENCE },
  }));
export type RegistryConfig = z.output<typeof RegistryConfig>;
