import { authEnv, databaseEnv, logEnv, migrateEnv, serviceEnv } from '@mizan/service-kit';
import { z } from 'zod';

export const AuditConfig = z
  .object({ ...serviceEnv('AUDIT').shape, ...databaseEnv('AUDIT').shape, ...logEnv.shape, ...migrateEnv.shape })
  .and(authEnv)
  .transform((e) => ({
    grpcPort: e.MIZAN_AUDIT_GRPC_PORT,
    httpPort: e.MIZAN_AUDIT_HTTP_PORT,
    host: e.MIZAN_BIND_HOST,
    databaseUrl: e.MIZAN_AUDIT_DATABASE_URL,
    logLevel: e.MIZAN_LOG_LEVEL,
    migrateOnStart: e.MIZAN_MIGRATE_ON_START === '1',
    auth: { jwksFile: e.MIZAN_JWKS_FILE, jwksUrl: e.MIZAN_JWKS_URL, issuer: e.MIZAN_JWT_ISSUER, audience: e.MIZAN_JWT_AUDIENCE },
  }));
export type AuditConfig = z.output<typeof AuditConfig>;
