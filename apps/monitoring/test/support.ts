import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { createTestDatabase } from '@mizan/db/testing';
import { monitoringV1 } from '@mizan/protos';
import { createGrpcClient, createLogger, createMemoryIssuer, parseConfig } from '@mizan/service-kit';
import { inject } from 'vitest';
import { startMonitoring } from '../src/app.ts';
import { MonitoringConfig } from '../src/config.ts';

export interface GqlResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests' expectations check the shape
  body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** The monitoring service in-process on free ports, over its own fresh database, with an in-memory token issuer. */
export async function startTestMonitoring() {
  const issuer = await createMemoryIssuer();
  const dir = mkdtempSync(join(tmpdir(), 'mizan-monitoring-test-'));
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify(issuer.jwks));
  const db = await createTestDatabase({ adminUrl: inject('adminDatabaseUrl'), service: 'monitoring' });
  const config = parseConfig(MonitoringConfig, {
    MIZAN_MONITORING_GRPC_PORT: '0', MIZAN_MONITORING_HTTP_PORT: '0', MIZAN_MONITORING_DATABASE_URL: db.url, MIZAN_JWKS_FILE: jwksFile, MIZAN_LOG_LEVEL: 'silent',
  });
  const app = await startMonitoring(config, createLogger({ service: 'monitoring', level: 'silent' }));
  const client = createGrpcClient(monitoringV1.MonitoringServiceClient, `127.0.0.1:${app.grpcPort}`);
  const base = `http://127.0.0.1:${app.httpPort}`;
  const serviceToken = await issuer.sign({ sub: 'service:inference', tenant: '_system', roles: ['service'] });

  /** A raw gRPC call, so that tests see the real status code; `token` null sends no authorization. */
  const record = (counts: Array<Partial<monitoringV1.InferenceCount>>, token: string | null = serviceToken) =>
    new Promise<monitoringV1.RecordInferencesResponse>((resolve, reject) => {
      const md = new Metadata();
      if (token !== null) md.set('authorization', `Bearer ${token}`);
      client.recordInferences({ counts: counts as monitoringV1.InferenceCount[] }, md, { deadline: Date.now() + 10_000 }, (err: ServiceError | null, res) => (err ? reject(err) : resolve(res)));
    });

  const gql = async (query: string, variables: Record<string, unknown>, token: string | undefined): Promise<GqlResult> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GqlResult['body'] };
  };

  return {
    issuer, db, base, serviceToken, record, gql,
    /** A fresh tenant with a user token, so tests never see each other's rows. */
    async tenant() {
      const id = `t-${randomUUID()}`;
      return { id, token: await issuer.sign({ sub: `user-${id}`, tenant: id, roles: ['admin'] }) };
    },
    async close() {
      client.close();
      await app.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestMonitoring = Awaited<ReturnType<typeof startTestMonitoring>>;

export const count = (tenant: string, over: Partial<monitoringV1.InferenceCount> = {}): monitoringV1.InferenceCount => ({
  tenant, model: 'fraud', version: 1, count: 10n, errors: 1n, latencySecondsSum: 0.5, windowStart: new Date('2026-01-31T12:00:15Z'), ...over,
});
