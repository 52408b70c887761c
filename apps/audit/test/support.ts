import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { createTestDatabase } from '@mizan/db/testing';
import { auditV1 } from '@mizan/protos';
import { createGrpcClient, createLogger, createMemoryIssuer, parseConfig, type DevIssuer } from '@mizan/service-kit';
import { inject } from 'vitest';
import { startAudit } from '../src/app.ts';
import { AuditConfig } from '../src/config.ts';

export interface GqlResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests' expectations check the shape
  body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** The audit service in-process on free ports, over its own fresh database, with an in-memory token issuer. */
export async function startTestAudit() {
  const issuer = await createMemoryIssuer();
  const dir = mkdtempSync(join(tmpdir(), 'mizan-audit-test-'));
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify(issuer.jwks));
  const db = await createTestDatabase({ adminUrl: inject('adminDatabaseUrl'), service: 'audit' });
  const config = parseConfig(AuditConfig, {
    MIZAN_AUDIT_GRPC_PORT: '0', MIZAN_AUDIT_HTTP_PORT: '0', MIZAN_AUDIT_DATABASE_URL: db.url, MIZAN_JWKS_FILE: jwksFile, MIZAN_LOG_LEVEL: 'silent',
  });
  const app = await startAudit(config, createLogger({ service: 'audit', level: 'silent' }));
  const client = createGrpcClient(auditV1.AuditServiceClient, `127.0.0.1:${app.grpcPort}`);
  const base = `http://127.0.0.1:${app.httpPort}`;

  const serviceToken = await issuer.sign({ sub: 'service:registry', tenant: '_system', roles: ['service'] });

  /** A raw gRPC call, so that tests see the real status code. */
  /** `token` null sends no authorization at all. */
  const append = (event: Partial<auditV1.AuditEvent> | undefined, token: string | null = serviceToken) =>
    new Promise<auditV1.AppendResponse>((resolve, reject) => {
      const md = new Metadata();
      if (token !== null) md.set('authorization', `Bearer ${token}`);
      client.append({ event: event as auditV1.AuditEvent | undefined }, md, { deadline: Date.now() + 10_000 }, (err: ServiceError | null, res) => (err ? reject(err) : resolve(res)));
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
    issuer, db, app, base, serviceToken, append, gql,
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
