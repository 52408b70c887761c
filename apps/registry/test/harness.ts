// The registry started in-process on ports 0 over a fresh database, a stand-in audit service, and real
// HTTP, GraphQL and gRPC clients. Each test makes its own tenant, so tests never see each other's rows.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Metadata, Server, ServerCredentials, status, type ServiceError } from '@grpc/grpc-js';
import { createTestDatabase, type TestDatabase } from '@mizan/db/testing';
import { auditV1, registryV1 } from '@mizan/protos';
import { callMetadata, createGrpcClient, createLogger, createMemoryIssuer, parseConfig, type DevIssuer } from '@mizan/service-kit';
import { inject } from 'vitest';
import { startRegistry, type RunningRegistry } from '../src/app.ts';
import { RegistryConfig } from '../src/config.ts';

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export interface ReceivedAudit {
  event: auditV1.AuditEvent;
  authorization: string;
}

/** A tiny AuditService/Append that records what it accepts; `down` makes it answer UNAVAILABLE. */
export async function startFakeAudit() {
  const received: ReceivedAudit[] = [];
  const state = { down: false, refused: 0 };
  const server = new Server();
  server.addService(auditV1.AuditServiceService, {
    append: (call: { request: auditV1.AppendRequest; metadata: Metadata }, cb: (err: Partial<ServiceError> | null, res?: auditV1.AppendResponse) => void) => {
      if (state.down) {
        state.refused++;
        return cb({ code: status.UNAVAILABLE, details: 'audit is down (test)' });
      }
      const event = call.request.event!;
      const duplicate = received.some((r) => r.event.id === event.id);
      received.push({ event, authorization: String(call.metadata.get('authorization')[0] ?? '') });
      cb(null, { sequence: BigInt(received.length), hash: 'ab'.repeat(32), duplicate });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port, received, state, stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}
export type FakeAudit = Awaited<ReturnType<typeof startFakeAudit>>;

export interface Harness {
  app: RunningRegistry;
  db: TestDatabase;
  dir: string;
  issuer: DevIssuer;
  audit: FakeAudit;
  serviceToken: string;
  http: string;
  grpc: registryV1.RegistryServiceClient;
  stop(): Promise<void>;
}

export async function startHarness(o: { maxArtifactBytes?: number } = {}): Promise<Harness> {
  const db = await createTestDatabase({ adminUrl: inject('adminDatabaseUrl'), service: 'registry' });
  const dir = mkdtempSync(join(tmpdir(), 'mizan-registry-test-'));
  const issuer = await createMemoryIssuer();
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(issuer.jwks));
  const serviceToken = await issuer.sign({ sub: 'service:registry', tenant: '_system', roles: ['service'] });
  writeFileSync(join(dir, 'service.jwt'), serviceToken);
  const audit = await startFakeAudit();
  const config = parseConfig(RegistryConfig, {
    MIZAN_REGISTRY_GRPC_PORT: '0',
    MIZAN_REGISTRY_HTTP_PORT: '0',
    MIZAN_REGISTRY_DATABASE_URL: db.url,
    MIZAN_ARTIFACT_DIR: join(dir, 'artifacts'),
    MIZAN_MAX_ARTIFACT_BYTES: String(o.maxArtifactBytes ?? 64 * 1024),
    MIZAN_AUDIT_GRPC_TARGET: `127.0.0.1:${audit.port}`,
    MIZAN_JWKS_FILE: join(dir, 'jwks.json'),
    MIZAN_SERVICE_TOKEN_FILE: join(dir, 'service.jwt'),
    MIZAN_LOG_LEVEL: 'warn',
  });
  const app = await startRegistry(config, createLogger({ service: 'registry', level: 'warn' }));
  const grpc = createGrpcClient(registryV1.RegistryServiceClient, `127.0.0.1:${app.grpcPort}`);
  return {
    app, db, dir, issuer, audit, serviceToken, grpc,
    http: `http://127.0.0.1:${app.httpPort}`,
    async stop() {
      grpc.close();
      await app.stop();
      await audit.stop();
      await db.drop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh tenant with a user token (and the user's region). */
export async function newTenant(h: Harness, region = 'eu-west-1') {
  const tenant = `t-${randomBytes(5).toString('hex')}`;
  const token = await h.issuer.sign({ sub: `user@${tenant}`, tenant, roles: ['admin'], region });
  return { tenant, token, subject: `user@${tenant}` };
}

export interface GqlResult<T> {
  status: number;
  data: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

// Test queries read nested results freely; the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function gql<T = any>(h: Harness, token: string | undefined, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GqlResult<T>> {
  const r = await fetch(`${h.http}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T | null; errors?: GqlResult<T>['errors'] };
  return { status: r.status, data: body.data ?? null, ...(body.errors ? { errors: body.errors } : {}) };
}

/** The GraphQL error code of a result, or 'OK'. */
export const gqlCode = (r: GqlResult<unknown>): string => r.errors?.[0]?.extensions?.code ?? 'OK';

export async function uploadHttp(h: Harness, token: string | undefined, bytes: Uint8Array, headers: Record<string, string> = {}) {
  const r = await fetch(`${h.http}/v1/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: bytes,
  });
  return { status: r.status, body: (await r.json()) as { uploadId: string; sha256: string; size: number; error?: string; code?: string } };
}

/** UploadArtifact as a tool would call it: the bytes in `chunkBytes` pieces, the sha256 on the last message. */
export function uploadGrpc(h: Harness, token: string | undefined, bytes: Uint8Array, o: { chunkBytes?: number; sha256?: string } = {}) {
  return new Promise<registryV1.UploadArtifactResponse>((resolve, reject) => {
    const call = h.grpc.uploadArtifact(callMetadata(token ? { token } : {}), { deadline: Date.now() + 10_000 }, (err, res) => (err ? reject(err) : resolve(res!)));
    const step = o.chunkBytes ?? 100;
    for (let i = 0; i < bytes.byteLength; i += step) {
      const last = i + step >= bytes.byteLength;
      call.write({ chunk: bytes.subarray(i, i + step), sha256: last ? (o.sha256 ?? '') : '' });
    }
    call.end();
  });
}

/** A unary gRPC call answering its status code (0 = OK) and the reply or the error details. */
export function grpcUnary<Req, Res>(method: (req: Req, md: Metadata, opts: object, cb: (err: ServiceError | null, res?: Res) => void) => unknown, req: Req, token: string | undefined) {
  return new Promise<{ code: number; res?: Res; details?: string }>((resolve) => {
    method(req, callMetadata(token ? { token } : {}), { deadline: Date.now() + 10_000 }, (err, res) =>
      resolve(err ? { code: err.code, details: err.details } : { code: 0, ...(res ? { res } : {}) }));
  });
}

/** Collects a server stream until it ends, answering its messages and final status code. */
export async function collectStream<T>(stream: NodeJS.ReadableStream): Promise<{ messages: T[]; code: number; details?: string }> {
  const messages: T[] = [];
  try {
    for await (const m of stream as AsyncIterable<T>) messages.push(m);
    return { messages, code: 0 };
  } catch (e) {
    const err = e as ServiceError;
    return { messages, code: err.code, details: err.details };
  }
}

export async function eventually<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000, label = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await fn();
    if (ok(last)) return last;
    if (Date.now() > until) throw new Error(`${label} not met within ${timeoutMs} ms; last value: ${JSON.stringify(last, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
