// Separate roles: one router-only app in front of two worker-only apps, as in a cluster; and a
// graceful shutdown that drains an in-flight inference.
import { oip } from '@mizan/protos';
import { createGrpcClient } from '@mizan/service-kit';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningInference } from '../src/app.ts';
import { slowModel } from './fixtures/models.ts';
import { eventually, infer, inferRequest, outcome, seedLinear, startStandIns, waitServed, type OipClient, type StandIns } from './fixtures/harness.ts';

let s: StandIns;
let w1: RunningInference;
let w2: RunningInference;
let router: RunningInference;
let client: OipClient;

beforeAll(async () => {
  s = await startStandIns((r) => {
    seedLinear(r);
    r.addVersion({ tenant: 'acme', model: 'slow', number: 1, bytes: slowModel(24) });
    r.setAlias('acme', 'slow', 'production', 1);
  });
  w1 = await s.startApp({ MIZAN_INFERENCE_ROLE: 'worker', MIZAN_INFERENCE_THREADS: '1' });
  w2 = await s.startApp({ MIZAN_INFERENCE_ROLE: 'worker', MIZAN_INFERENCE_THREADS: '1', MIZAN_TELEMETRY_FLUSH_MS: '600000' });
  router = await s.startApp({ MIZAN_INFERENCE_ROLE: 'router', MIZAN_INFERENCE_WORKERS: `127.0.0.1:${w1.grpcPort},127.0.0.1:${w2.grpcPort}` });
  expect(router.worker).toBeUndefined();
  expect(w1.router).toBeUndefined();
  client = createGrpcClient(oip.GRPCInferenceServiceClient, `127.0.0.1:${router.grpcPort}`);
  const routerUrl = `http://127.0.0.1:${router.httpPort}`;
  await waitServed({ routerUrl }, 'linear', s.tokens.acme);
  await waitServed({ routerUrl }, 'slow', s.tokens.acme);
  // both workers must hold the model before the spread is measured
  await eventually(async () => (await gqlWorkers()).filter((w) => w.ready && w.loadedVersions >= 3).length, (n) => n === 2);
});
afterAll(async () => {
  client?.close();
  await s?.stop();
});

async function gqlWorkers(): Promise<Array<{ address: string; ready: boolean; loadedVersions: number }>> {
  const r = await fetch(`http://127.0.0.1:${router.httpPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.tokens.acme}` },
    body: JSON.stringify({ query: '{ inferenceWorkers { address ready loadedVersions } }' }),
  });
  return ((await r.json()) as { data: { inferenceWorkers: Array<{ address: string; ready: boolean; loadedVersions: number }> } }).data.inferenceWorkers;
}

const servedBy = async (w: RunningInference): Promise<number> => {
  const text = await (await fetch(`http://127.0.0.1:${w.httpPort}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('mizan_inference_requests_total{') && l.includes('model="linear"') && l.includes('code="OK"'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
};

test('a router-only process spreads calls over two worker-only processes', async () => {
  const before = [await servedBy(w1), await servedBy(w2)];
  await Promise.all(Array.from({ length: 40 }, (_, i) => infer(client, inferRequest(i % 2 === 0), s.tokens.acme)));
  const after = [await servedBy(w1), await servedBy(w2)];
  const served = after.map((n, i) => n - before[i]!);
  expect(served[0]! + served[1]!).toBe(40);
  expect(Math.min(...served)).toBeGreaterThanOrEqual(5);
});

test('a worker shutting down drains its in-flight inference and sends its last counts; the router moves on to the other worker', async () => {
  const n = 512;
  const m = (name: string) => ({ name, datatype: 'FP32' as const, shape: [n, n], data: new Float32Array(n * n).fill(1 / n) });
  const worker2 = createGrpcClient(oip.GRPCInferenceServiceClient, `127.0.0.1:${w2.grpcPort}`);
  let answered = false;
  const slow = infer(worker2, inferRequest(true, { modelName: 'slow' }, [m('a'), m('b')]), s.tokens.acme).finally(() => (answered = true));
  await new Promise((r) => setTimeout(r, 40));
  expect(answered).toBe(false);
  const countedBefore = s.monitoring.total('acme', 'slow', 1).count;
  const stopping = w2.stop();
  const res = await slow; // in flight when stop() began, still answered
  expect(res.modelVersion).toBe('1');
  await stopping;
  // w2 flushes only every 10 minutes in this test, so the count arrived with its final flush
  expect(s.monitoring.total('acme', 'slow', 1).count).toBe(countedBefore + 1);
  expect((await outcome(infer(worker2, inferRequest(true), s.tokens.acme))).code).toBe('UNAVAILABLE');
  worker2.close();
  const results = await Promise.all(Array.from({ length: 10 }, () => outcome(infer(client, inferRequest(true), s.tokens.acme))));
  expect(results.map((r) => r.code)).toEqual(new Array(10).fill('OK'));
  expect((await gqlWorkers()).map((w) => w.ready)).toEqual([true, false]);
});
