import type { ServiceError } from '@grpc/grpc-js';
import { createTestDatabase } from '@mizan/db/testing';
import { monitoringV1 } from '@mizan/protos';
import { createGrpcClient, createLogger, parseConfig } from '@mizan/service-kit';
import { bearerMetadata, createTestIdentity, graphqlClient, type GqlResult } from '@mizan/service-kit/testing';
import { inject } from 'vitest';
import { startMonitoring } from '../src/app.ts';
import { MonitoringConfig } from '../src/config.ts';

export type { GqlResult };

/** The monitoring service in-process on free ports, over its own fresh database, with an in-memory token issuer. */
export async function startTestMonitoring() {
  const identity = await createTestIdentity();
  const { issuer, jwksFile } = identity;
  const db = await createTestDatabase({ adminUrl: inject('adminDatabaseUrl'), service: 'monitoring' });
  const config = parseConfig(MonitoringConfig, {
    MIZAN_MONITORING_GRPC_PORT: '0', MIZAN_MONITORING_HTTP_PORT: '0', MIZAN_MONITORING_DATABASE_URL: db.url, MIZAN_JWKS_FILE: jwksFile, MIZAN_LOG_LEVEL: 'silent',
  });
  const app = await startMonitoring(config, createLogger({ service: 'monitoring', level: 'silent' }));
  const client = createGrpcClient(monitoringV1.MonitoringServiceClient, `127.0.0.1:${app.grpcPort}`);
  const base = `http://127.0.0.1:${app.httpPort}`;
  const serviceToken = await identity.serviceToken('service:inference');

  /** A raw gRPC call, so that tests see the real status code; `token` null sends no authorization. */
  const record = (counts: Array<Partial<monitoringV1.InferenceCount>>, token: string | null = serviceToken) =>
    new Promise<monitoringV1.RecordInferencesResponse>((resolve, reject) => {
      const md = bearerMetadata(token);
      client.recordInferences({ counts: counts as monitoringV1.InferenceCount[] }, md, { deadline: Date.now() + 10_000 }, (err: ServiceError | null, res) => (err ? reject(err) : resolve(res)));
    });

  const gql = graphqlClient(base);

  return {
    issuer, db, base, serviceToken, record, gql,
    tenant: identity.tenant,
    async close() {
      client.close();
      await app.stop();
      await db.drop();
      identity.cleanup();
    },
  };
}

export type TestMonitoring = Awaited<ReturnType<typeof startTestMonitoring>>;

export const count = (tenant: string, over: Partial<monitoringV1.InferenceCount> = {}): monitoringV1.InferenceCount => ({
  tenant, model: 'fraud', version: 1, count: 10n, errors: 1n, latencySecondsSum: 0.5, windowStart: new Date('2026-01-31T12:00:15Z'), ...over,
});
