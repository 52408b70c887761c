// The gateway in-process over the committed supergraph, with a stand-in registry subgraph that records
// what reaches it: tokens are checked before any subgraph is called, and the caller's token is forwarded.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createMemoryIssuer, parseConfig, type DevIssuer } from '@mizan/service-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGateway, type RunningGateway } from '../src/app.ts';
import { GatewayConfig } from '../src/config.ts';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

let issuer: DevIssuer;
let gateway: RunningGateway;
let registry: Server;
const seen: Array<{ headers: IncomingHttpHeaders; query: string }> = [];

beforeAll(async () => {
  issuer = await createMemoryIssuer();
  const dir = mkdtempSync(join(tmpdir(), 'mizan-gateway-test-'));
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(issuer.jwks));
  // Answers the one query the test sends, as the registry would for tenant "acme" (and nothing for others).
  registry = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { query } = JSON.parse(body) as { query: string };
      seen.push({ headers: req.headers, query });
      const tenant = JSON.parse(Buffer.from(String(req.headers.authorization).split('.')[1]!, 'base64url').toString()).tenant as string;
      const edges = tenant === 'acme' ? [{ node: { name: 'fraud-scorer' } }] : [];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { models: { edges } } }));
    });
  });
  await new Promise<void>((r) => registry.listen(0, '127.0.0.1', () => r()));
  const config = parseConfig(GatewayConfig, {
    MIZAN_GATEWAY_GRPC_PORT: '0', MIZAN_GATEWAY_HTTP_PORT: '0', MIZAN_JWKS_FILE: join(dir, 'jwks.json'), MIZAN_GATEWAY_MAX_DEPTH: '4',
    MIZAN_REGISTRY_SUBGRAPH_URL: `http://127.0.0.1:${(registry.address() as AddressInfo).port}/graphql`,
  });
  gateway = await startGateway(config, createLogger({ service: 'gateway', level: 'silent' }));
});

afterAll(async () => {
  await gateway?.stop();
  await new Promise((r) => registry?.close(r));
});

const post = async (query: string, token: string | null) => {
  const res = await fetch(`http://127.0.0.1:${gateway.httpPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: { models: { edges: Array<{ node: { name: string } }> } }; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
};
const MODELS = '{ models { edges { node { name } } } }';

describe('gateway', () => {
  test('forwards the caller token and request id unchanged; each tenant gets only what its subgraph returns', async () => {
    const token = await issuer.sign({ sub: 'ann', tenant: 'acme' });
    const r = await post(MODELS, token);
    expect(r.status).toBe(200);
    expect(r.body.data?.models.edges).toEqual([{ node: { name: 'fraud-scorer' } }]);
    const last = seen.at(-1)!;
    expect(last.headers.authorization).toBe(`Bearer ${token}`);
    expect(last.headers['x-request-id']).toBe('req-42');
    expect((await post(MODELS, await issuer.sign({ sub: 'eve', tenant: 'other' }))).body.data?.models.edges).toEqual([]);
  });

  test('missing, forged and expired tokens are 401 UNAUTHENTICATED, and no subgraph is called', async () => {
    const before = seen.length;
    const forged = await (await createMemoryIssuer(issuer.issuer, issuer.audience)).sign({ sub: 'ann', tenant: 'acme' });
    for (const token of [null, forged, await issuer.sign({ sub: 'ann', tenant: 'acme', ttlSeconds: -5 }), 'not-a-jwt']) {
      const r = await post(MODELS, token);
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(seen.length).toBe(before);
  });

  test('queries deeper than the limit are refused before planning', async () => {
    const before = seen.length;
    const r = await post('{ models { edges { node { versions { edges { node { number } } } } } } }', await issuer.sign({ sub: 'ann', tenant: 'acme' }));
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.message).toMatch(/depth 7 exceeds the limit of 4/);
    expect(seen.length).toBe(before);
  });
});
