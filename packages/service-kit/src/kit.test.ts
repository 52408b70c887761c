import { Client, credentials, Metadata, status, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig, serviceEnv } from './config.ts';
import { createMemoryIssuer, type DevIssuer } from './dev-issuer.ts';
import { DomainError, graphqlCodeOf, httpStatusOf, toGrpcStatus, type ErrorCode } from './errors.ts';
import { HealthService, ServingStatus } from './grpc-health.ts';
import { createRpc, startGrpcServer, type RunningGrpcServer } from './grpc-server.ts';
import { startHttpServer, type RunningHttpServer } from './http-server.ts';
import { createVerifier, type TokenVerifier } from './identity.ts';
import { createMetrics } from './metrics.ts';

const log = pino({ level: 'silent' });

describe('config', () => {
  const Schema = z.object({ ...serviceEnv('REGISTRY').shape, MIZAN_X: z.string().url() });
  test('applies the port table defaults and coerces numbers', () => {
    const c = parseConfig(Schema, { MIZAN_X: 'http://a', MIZAN_REGISTRY_HTTP_PORT: '9000' });
    expect(c.MIZAN_REGISTRY_GRPC_PORT).toBe(50051);
    expect(c.MIZAN_REGISTRY_HTTP_PORT).toBe(9000);
  });
  test('collects every issue, and treats an empty string as unset', () => {
    let err: unknown;
    try { parseConfig(Schema, { MIZAN_X: '', MIZAN_REGISTRY_GRPC_PORT: 'abc' }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues).toHaveLength(2);
    expect((err as ConfigError).message).toMatch(/MIZAN_X/);
    expect((err as ConfigError).message).toMatch(/MIZAN_REGISTRY_GRPC_PORT/);
  });
});

describe('errors', () => {
  test('every code maps to gRPC, GraphQL and HTTP', () => {
    const codes: ErrorCode[] = ['NOT_FOUND', 'INVALID_ARGUMENT', 'ALREADY_EXISTS', 'FAILED_PRECONDITION', 'PERMISSION_DENIED', 'UNAUTHENTICATED', 'UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED'];
    for (const c of codes) {
      expect(toGrpcStatus(new DomainError(c, 'x')).code).toBe(status[c]);
      expect(graphqlCodeOf(c)).toBeTypeOf('string');
      expect(httpStatusOf(c)).toBeGreaterThanOrEqual(400);
    }
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(graphqlCodeOf('INVALID_ARGUMENT')).toBe('BAD_USER_INPUT');
  });
  test('unknown errors never leak their message', () => {
    expect(toGrpcStatus(new Error('secret db password'))).toEqual({ code: status.INTERNAL, details: 'Internal error' });
  });
});

describe('identity', () => {
  let issuer: DevIssuer;
  let verifier: TokenVerifier;
  beforeAll(async () => {
    issuer = await createMemoryIssuer();
    verifier = createVerifier({ jwks: issuer.jwks, issuer: issuer.issuer, audience: issuer.audience });
  });
  test('a valid token yields tenant, roles and region', async () => {
    const who = await verifier.verify(await issuer.sign({ sub: 'ann', tenant: 'acme', roles: ['admin'], region: 'us-east-1' }));
    expect(who).toMatchObject({ tenantId: 'acme', subject: 'ann', roles: ['admin'], region: 'us-east-1' });
  });
  test('a cached identity still expires with its token', async () => {
    const short = await issuer.sign({ sub: 'ann', tenant: 'acme', ttlSeconds: 1 });
    expect((await verifier.verify(short)).tenantId).toBe('acme');
    expect((await verifier.verify(short)).tenantId).toBe('acme');
    await new Promise((r) => setTimeout(r, 1100));
    await expect(verifier.verify(short)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'token expired' });
  });
  test('expired, forged and wrong-audience tokens are UNAUTHENTICATED', async () => {
    const expired = await issuer.sign({ sub: 'ann', tenant: 'acme', ttlSeconds: -60 });
    await expect(verifier.verify(expired)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'token expired' });
    const other = await createMemoryIssuer();
    await expect(verifier.verify(await other.sign({ sub: 'eve', tenant: 'acme' }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const wrongAud = await createMemoryIssuer(issuer.issuer, 'someone-else');
    const v2 = createVerifier({ jwks: wrongAud.jwks, issuer: issuer.issuer, audience: issuer.audience });
    await expect(v2.verify(await wrongAud.sign({ sub: 'x', tenant: 't' }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const [h, p, s] = (await issuer.sign({ sub: 'ann', tenant: 'acme' })).split('.');
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), tenant: 'victim' })).toString('base64url');
    await expect(verifier.verify(`${h}.${tampered}.${s}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

// A JSON-encoded test service, so the kit's tests do not depend on generated protos.
const json = { serialize: (v: unknown) => Buffer.from(JSON.stringify(v)), deserialize: (b: Buffer) => JSON.parse(b.toString()) as unknown };
const EchoDef: ServiceDefinition = {
  Echo: { path: '/test.Echo/Echo', requestStream: false, responseStream: false, requestSerialize: json.serialize, requestDeserialize: json.deserialize, responseSerialize: json.serialize, responseDeserialize: json.deserialize },
};
type EchoReq = { text: string; sleepMs?: number; fail?: ErrorCode | 'crash' };

describe('gRPC server', () => {
  let issuer: DevIssuer;
  let server: RunningGrpcServer;
  let client: Client;
  const metrics = createMetrics('kittest');
  beforeAll(async () => {
    issuer = await createMemoryIssuer();
    const rpc = createRpc({ verifier: createVerifier({ jwks: issuer.jwks, issuer: issuer.issuer, audience: issuer.audience }), log, metrics });
    server = await startGrpcServer({
      port: 0, log,
      services: [{ name: 'test.Echo', definition: EchoDef, implementation: {
        Echo: rpc.unary(async (req: EchoReq, ctx) => {
          if (req.sleepMs) await new Promise((r) => setTimeout(r, req.sleepMs));
          if (req.fail === 'crash') throw new Error('boom: secret');
          if (req.fail) throw new DomainError(req.fail, `failed with ${req.fail}`);
          return { text: req.text, tenant: ctx.who.tenantId, requestId: ctx.requestId };
        }),
      } }],
    });
    client = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(async () => { client.close(); await server.stop(100); });

  const call = (req: EchoReq, md = new Metadata()) =>
    new Promise<{ res?: Record<string, string>; err?: ServiceError }>((resolve) =>
      client.makeUnaryRequest(EchoDef.Echo!.path, json.serialize, json.deserialize, req, md, (err, res) => resolve({ err: err ?? undefined, res: res as Record<string, string> })));
  const authed = async (tenant = 'acme') => { const md = new Metadata(); md.set('authorization', `Bearer ${await issuer.sign({ sub: 'u', tenant })}`); md.set('x-request-id', 'rid-1'); return md; };

  test('health check answers SERVING without a token', async () => {
    const res = await new Promise<{ status: ServingStatus }>((resolve, reject) =>
      client.makeUnaryRequest(HealthService.Check!.path, HealthService.Check!.requestSerialize, HealthService.Check!.responseDeserialize, { service: '' }, (e, r) => (e ? reject(e) : resolve(r as { status: ServingStatus }))));
    expect(res.status).toBe(ServingStatus.SERVING);
  });
  test('a call without a token is UNAUTHENTICATED', async () => {
    const { err } = await call({ text: 'hi' });
    expect(err?.code).toBe(status.UNAUTHENTICATED);
  });
  test('the identity and request id reach the handler', async () => {
    const { res } = await call({ text: 'hi' }, await authed('acme'));
    expect(res).toEqual({ text: 'hi', tenant: 'acme', requestId: 'rid-1' });
  });
  test('domain errors map to their status with the request id in trailers; crashes do not leak', async () => {
    const { err } = await call({ text: 'x', fail: 'NOT_FOUND' }, await authed());
    expect(err?.code).toBe(status.NOT_FOUND);
    expect(err?.metadata.get('x-request-id')).toEqual(['rid-1']);
    const crash = await call({ text: 'x', fail: 'crash' }, await authed());
    expect(crash.err?.code).toBe(status.INTERNAL);
    expect(crash.err?.details).not.toMatch(/secret/);
    const text = await metrics.registry.getSingleMetricAsString('grpc_server_handled_total');
    expect(text).toMatch(/grpc_code="NOT_FOUND"/);
  });
  test('stop drains an in-flight call before closing', async () => {
    const pending = call({ text: 'slow', sleepMs: 300 }, await authed());
    await new Promise((r) => setTimeout(r, 50));
    const stopped = server.stop(5_000);
    const { res, err } = await pending;
    await stopped;
    expect(err).toBeUndefined();
    expect(res?.text).toBe('slow');
  });
});

describe('HTTP server', () => {
  let http: RunningHttpServer;
  let ready = true;
  beforeAll(async () => {
    http = await startHttpServer({
      port: 0, log, metrics: createMetrics('httptest'),
      readiness: () => ({ ready, checks: { db: { ok: ready } } }),
      routes: [
        { method: 'GET', path: '/v1/things/:id', handler: async (_req, res, ctx) => {
          if (ctx.params.id === 'missing') throw new DomainError('NOT_FOUND', 'no such thing');
          if (ctx.params.id === 'crash') throw new Error('secret');
          res.end(JSON.stringify({ id: ctx.params.id }));
        } },
      ],
    });
  });
  afterAll(() => http.stop(100));
  const url = (p: string) => `http://127.0.0.1:${http.port}${p}`;

  test('healthz, readyz and metrics', async () => {
    expect((await fetch(url('/healthz'))).status).toBe(200);
    expect((await fetch(url('/readyz'))).status).toBe(200);
    ready = false;
    const r = await fetch(url('/readyz'));
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ checks: { db: { ok: false } } });
    ready = true;
    const m = await (await fetch(url('/metrics'))).text();
    expect(m).toMatch(/process_cpu_user_seconds_total/);
    expect(m).toMatch(/mizan_httptest_http_requests_total/);
  });
  test('routes, params, error mapping and request ids', async () => {
    const ok = await fetch(url('/v1/things/a%20b'), { headers: { 'x-request-id': 'abc' } });
    expect(await ok.json()).toEqual({ id: 'a b' });
    expect(ok.headers.get('x-request-id')).toBe('abc');
    const nf = await fetch(url('/v1/things/missing'));
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ error: 'no such thing', code: 'NOT_FOUND' });
    const crash = await fetch(url('/v1/things/crash'));
    expect(crash.status).toBe(500);
    expect(await crash.text()).not.toMatch(/secret/);
    expect((await fetch(url('/v1/things/x'), { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(url('/nope'))).status).toBe(404);
  });
});
