import { randomUUID } from 'node:crypto';
import type { ServiceError } from '@grpc/grpc-js';
import { createTestDatabase } from '@mizan/db/testing';
import { auditV1 } from '@mizan/protos';
import { createGrpcClient, createLogger, createMemoryIssuer, parseConfig, type DevIssuer } from '@mizan/service-kit';
import { bearerMetadata, createTestIdentity, graphqlClient, type GqlResult } from '@mizan/service-kit/testing';
import { inject } from 'vitest';
import { startAudit } from '../src/app.ts';
import { AuditConfig } from '../src/config.ts';

export type { GqlResult };

/** The audit service in-process on free ports, over its own fresh database, with an in-memory token issuer. */
export async function startTestAudit() {
  const identity = await createTestIdentity();
  const { issuer, jwksFile } = identity;
  const db = await createTestDatabase({ adminUrl: inject('adminDatabaseUrl'), service: 'audit' });
  const config = parseConfig(AuditConfig, {
    MIZAN_AUDIT_GRPC_PORT: '0', MIZAN_AUDIT_HTTP_PORT: '0', MIZAN_AUDIT_DATABASE_URL: db.url, MIZAN_JWKS_FILE: jwksFile, MIZAN_LOG_LEVEL: 'silent',
  });
  const app = await startAudit(config, createLogger({ service: 'audit', level: 'silent' }));
  const client = createGrpcClient(auditV1.AuditServiceClient, `127.0.0.1:${app.grpcPort}`);
  const base = `http://127.0.0.1:${app.httpPort}`;

  const serviceToken = await identity.serviceToken('service:registry');

  /** A raw gRPC call, so that tests see the real status code; `token` null sends no authorization. */
  const append = (event: Partial<auditV1.AuditEvent> | undefined, token: string | null = serviceToken) =>
    new Promise<auditV1.AppendResponse>((resolve, reject) => {
      const md = bearerMetadata(token);
      client.append({ event: event as auditV1.AuditEvent | undefined }, md, { deadline: Date.now() + 10_000 }, (err: ServiceError | null, res) => (err ? reject(err) : resolve(res)));
    });

  const gql = graphqlClient(base);

  return {
    issuer, db, app, base, serviceToken, append, gql,
    tenant: identity.tenant,
    async close() {
      client.close();
      await app.stop();
      await db.drop();
      identity.cleanup();
    },
  };
}

export type TestAudit = Awaited<ReturnType<typeof startTestAudit>>;

export const event = (tenant: string, over: Partial<auditV1.AuditEvent> = {}): auditV1.AuditEvent => ({
  id: randomUUID(),
  tenant,
  actor: 'user-ada',
  action: 'model.registered',
  entityType: 'Model',
  entityId: randomUUID(),
  payloadJson: JSON.stringify({ name: 'fraud' }),
  occurredAt: new Date('2026-01-31T12:00:00.123Z'),
  requestId: randomUUID(),
  ...over,
});

export const otherIssuer = (): Promise<DevIssuer> => createMemoryIssuer();
