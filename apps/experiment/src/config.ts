import { authEnv, databaseEnv, logEnv, migrateEnv, serviceEnv } from '@mizan/service-kit';
import { z } from 'zod';

export const ExperimentConfig = z
  .object({ ...serviceEnv('EXPERIMENT').shape, ...databaseEnv('EXPERIMENT').shape, ...logEnv.shape, ...migrateEnv.shape })
  .and(authEnv)
  .transform((e) => ({
    grpcPort: e.MIZAN_EXPERIMENT_GRPC_PORT,
    httpPort: e.MIZAN_EXPERIMENT_HTTP_PORT,
    host: e.MIZAN_BIND_HOST,
    databaseUrl: e.MIZAN_EXPERIMENT_DATABASE_URL,
    logLevel: e.MIZAN_LOG_LEVEL,
    migrateOnStart: e.MIZAN_MIGRATE_ON_START === '1',
    auth: { jwksFile: e.MIZAN_JWKS_FILE, jwksUrl: e.MIZAN_JWKS_URL, issuer: e.MIZAN_JWT_ISSUER, audience: e.MIZAN_JWT_AUDIENCE },
  }));
export type ExperimentConfig = z.output<typeof ExperimentConfig>;
