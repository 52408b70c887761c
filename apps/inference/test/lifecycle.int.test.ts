// What happens around inference: alias moves from the registry stream, refused artifacts, telemetry
// to monitoring, the event loop under a slow model, and the GraphQL view of the workers.
import { decodeOutputs } from '@mizan/oip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { linearByHand, linearModel, slowModel } from './fixtures/models.ts';
import { eventually, infer, inferRequest, L1, L2, outcome, rest, startHarness, waitServed, X, xTensor, type Harness } from './fixtures/harness.ts';
import type { FakeRegistry } from './fixtures/fake-registry.ts';

const SLOW_N = 512;
const SLOW_STEPS = 64;

function seed(r: FakeRegistry) {
  r.addVersion({ tenant: 'acme', model: 'mover', number: 1, bytes: linearModel(L1) });
  r.addVersion({ tenant: 'acme', model: 'mover', number: 2, bytes: linearModel(L2) });
  r.setAlias('acme', 'mover', 'production', 1);
  r.addVersion({ tenant: 'acme', model: 'counted', number: 1, bytes: linearModel(L1) });
  r.setAlias('acme', 'counted', 'production', 1);
  // The registry names the sha256 of one model but serves another, perfectly loadable, one.
  r.addVersion({ tenant: 'acme', model: 'corrupt', number: 1, bytes: linearModel({ w: [9, 9, 9, 9, 9, 9], b: [9, 9] }), served: linearModel(L1) });
  r.setAlias('acme', 'corrupt', 'production', 1);
  r.addVersion({ tenant: 'acme', model: 'slow', number: 1, bytes: slowModel(SLOW_STEPS) });
  r.setAlias('acme', 'slow', 'production', 1);
  r.addVersion({ tenant: 'other', model: 'mover', number: 1, bytes: linearModel(L2) });
  r.setAlias('other', 'mover', 'production', 1);
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness(seed);
  for (const m of ['mover', 'counted', 'slow']) await waitServed(h, m, h.tokens.acme);
  await waitServed(h, 'mover', h.tokens.other);
});
afterAll(() => h?.stop());

const servedVersion = async (via: 'router' | 'worker', model = 'mover') => {
  const res = await infer(via === 'router' ? h.router : h.worker, inferRequest(true, { modelName: model }), h.tokens.acme);
  return { version: res.modelVersion, label: Array.from(decodeOutputs(res).find((t) => t.name === 'label')!.data as BigInt64Array) };
};

const workerMetric = async (pattern: RegExp): Promise<number> => {
  const text = await (await fetch(`${h.workerUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => pattern.test(l));
  return line ? Number(line.split(' ').pop()) : 0;
};

const gql = async (query: string, token: string | null = h.tokens.acme) => {
  const r = await fetch(`${h.routerUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: r.status, body: (await r.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> } };
};

const SERVING = `{ _entities(representations: [{ __typename: "Model", name: "mover" }]) { ... on Model { name serving { ready replicas { worker tier provider version aliases ready } } } } }`;
type Serving = { name: string; serving: { ready: boolean; replicas: Array<{ version: number; aliases: string[]; ready: boolean; provider: string; tier: string }> } };

describe('aliases follow the registry stream', () => {
  test('an alias move switches the served version, on the worker and through the router, after the new one loaded', async () => {
    expect(await servedVersion('router')).toEqual({ version: '1', label: linearByHand(L1, X).label });
    h.registry.setAlias('acme', 'mover', 'production', 2);
    for (const via of ['worker', 'router'] as const) {
      const after = await eventually(() => servedVersion(via), (v) => v.version === '2');
      expect(after).toEqual({ version: '2', label: linearByHand(L2, X).label });
    }
    // the other tenant's model of the same name did not move
    const other = await infer(h.router, inferRequest(true, { modelName: 'mover' }), h.tokens.other);
    expect(other.modelVersion).toBe('1');
    // the old version is unloaded after the grace period (no alias points to it any more)
    const replicas = await eventually(
      async () => ((await gql(SERVING)).body.data!._entities as Serving[])[0]!.serving.replicas,
      (r) => r.length === 1,
    );
    expect(replicas).toEqual([{ worker: expect.any(String), tier: 'cpu', provider: 'cpu', version: 2, aliases: ['production'], ready: true }]);
  });

  test('a broken stream is resumed from the last revision; a deleted alias stops serving', async () => {
    const watchCalls = h.registry.calls.watchAliases;
    h.registry.breakStreams();
    await eventually(() => h.registry.calls.watchAliases, (n) => n > watchCalls);
    h.registry.setAlias('acme', 'mover', 'canary', 1);
    const canary = await eventually(
      () => outcome(infer(h.router, inferRequest(true, { modelName: 'mover', modelVersion: 'canary' }), h.tokens.acme)),
      (o) => o.code === 'OK',
    );
    expect(canary.code).toBe('OK');
    h.registry.deleteAlias('acme', 'mover', 'canary');
    const gone = await eventually(
      () => outcome(infer(h.worker, inferRequest(true, { modelName: 'mover', modelVersion: 'canary' }), h.tokens.acme)),
      (o) => o.code === 'NOT_FOUND',
    );
    expect(gone.code).toBe('NOT_FOUND');
  });
});

test('downloaded bytes that do not match the sha256 are refused, logged in metrics, and never served', async () => {
  const rejected = await eventually(() => workerMetric(/^mizan_inference_artifacts_rejected_total\{.*reason="sha256_mismatch"/), (n) => n >= 1);
  expect(rejected).toBeGreaterThanOrEqual(1);
  const direct = await outcome(infer(h.worker, inferRequest(true, { modelName: 'corrupt' }), h.tokens.acme));
  expect(direct).toEqual({ code: 'UNAVAILABLE', message: expect.stringContaining('sha256 mismatch') });
  const routed = await outcome(infer(h.router, inferRequest(true, { modelName: 'corrupt' }), h.tokens.acme));
  expect(routed).toEqual({ code: 'UNAVAILABLE', message: expect.stringContaining('not loaded') });
  expect((await rest(h.routerUrl, '/v2/models/corrupt/ready', { token: h.tokens.acme })).status).toBe(400);
});

test('inference counts reach monitoring, errors included, even when monitoring fails for a while', async () => {
  h.monitoring.failNext(3);
  for (let i = 0; i < 5; i++) await infer(h.router, inferRequest(i % 2 === 0, { modelName: 'counted' }), h.tokens.acme);
  for (let i = 0; i < 2; i++) {
    const bad = await outcome(infer(h.worker, inferRequest(true, { modelName: 'counted' }, [xTensor(X, 'nope')]), h.tokens.acme));
    expect(bad.code).toBe('INVALID_ARGUMENT');
  }
  const total = await eventually(() => h.monitoring.total('acme', 'counted', 1), (t) => t.count >= 7);
  expect(total).toEqual({ count: 7, errors: 2 });
  expect(h.monitoring.refused.count).toBe(3);
  const row = h.monitoring.received.find((c) => c.model === 'counted')!;
  expect(row.windowStart!.getTime() % 60_000).toBe(0);
  expect(row.latencySecondsSum).toBeGreaterThan(0);
  expect(await workerMetric(/^mizan_inference_telemetry_flush_failures_total/)).toBeGreaterThanOrEqual(3);
  expect(await workerMetric(/^mizan_inference_requests_total\{.*model="counted",version="1",code="INVALID_ARGUMENT"/)).toBe(2);
});

test('the event loop keeps ticking while a slow model runs (onnxruntime runs in worker threads)', async () => {
  const m = () => ({ name: '', datatype: 'FP32' as const, shape: [SLOW_N, SLOW_N], data: new Float32Array(SLOW_N * SLOW_N).fill(1 / SLOW_N) });
  const req = inferRequest(true, { modelName: 'slow' }, [{ ...m(), name: 'a' }, { ...m(), name: 'b' }]);
  let last = performance.now();
  let longest = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 5);
  const started = performance.now();
  try {
    const res = await infer(h.router, req, h.tokens.acme);
    const c = decodeOutputs(res)[0]!.data as Float32Array;
    expect(c[0]).toBeCloseTo(1 / SLOW_N, 4); // all-(1/n) matrices stay all-(1/n) however many products
  } finally {
    clearInterval(timer);
  }
  const took = performance.now() - started;
  // Had onnxruntime run on this thread, one gap would be as long as the whole inference.
  expect(took).toBeGreaterThan(200);
  expect(longest).toBeLessThan(Math.min(100, took / 3));
  expect(ticks).toBeGreaterThan(took / 5 / 4);
});

describe('GraphQL subgraph (router)', () => {
  test('inferenceWorkers lists the router’s workers with their live state, counting only the caller’s versions', async () => {
    const acme = await gql('{ inferenceWorkers { address tier ready loadedVersions } }');
    const other = await gql('{ inferenceWorkers { address tier ready loadedVersions } }', h.tokens.other);
    const [mine] = acme.body.data!.inferenceWorkers as Array<{ address: string; tier: string; ready: boolean; loadedVersions: number }>;
    expect(mine).toEqual({ address: `127.0.0.1:${h.app.worker!.grpcPort}`, tier: 'cpu', ready: true, loadedVersions: expect.any(Number) });
    expect(mine!.loadedVersions).toBeGreaterThanOrEqual(3); // mover, counted, slow
    expect((other.body.data!.inferenceWorkers as Array<{ loadedVersions: number }>)[0]!.loadedVersions).toBe(1);
  });

  test('Model.serving is scoped to the caller’s tenant; no token is UNAUTHENTICATED', async () => {
    const theirs = ((await gql(SERVING, h.tokens.other)).body.data!._entities as Serving[])[0]!;
    expect(theirs.serving).toEqual({ ready: true, replicas: [expect.objectContaining({ version: 1, aliases: ['production'] })] });
    const nobody = ((await gql(SERVING.replace('mover', 'does-not-exist'))).body.data!._entities as Serving[])[0]!;
    expect(nobody.serving).toEqual({ ready: false, replicas: [] });
    const anon = await gql(SERVING, null);
    expect(anon.status).toBe(401);
    expect(anon.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
