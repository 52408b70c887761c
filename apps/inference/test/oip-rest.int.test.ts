// OIP REST (KServe V2 HTTP/JSON) on the router's HTTP port and on the worker's.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { linearByHand } from './fixtures/models.ts';
import { L1, L2, rest, seedLinear, startHarness, waitServed, X, type Harness } from './fixtures/harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(seedLinear);
  await waitServed(h, 'linear', h.tokens.acme);
  await waitServed(h, 'linear', h.tokens.acme, 'staging');
});
afterAll(() => h?.stop());

const rows = (x: readonly number[]) => [x.slice(0, 3), x.slice(3, 6)];
const body = (over: Record<string, unknown> = {}) => ({ id: 'rest-1', inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP32', data: rows(X) }], ...over });

interface InferReply {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: Array<{ name: string; shape: number[]; datatype: string; data: number[] }>;
}

describe.each(['router', 'worker'])('REST via the %s', (via) => {
  const base = () => (via === 'router' ? h.routerUrl : h.workerUrl);

  test('POST /v2/models/{name}/infer: numbers equal the hand computation', async () => {
    const r = await rest(base(), '/v2/models/linear/infer', { body: body(), token: h.tokens.acme });
    expect(r.status).toBe(200);
    const reply = (await r.json()) as InferReply;
    expect(reply).toMatchObject({ model_name: 'linear', model_version: '1', id: 'rest-1' });
    const want = linearByHand(L1, X);
    const y = reply.outputs.find((o) => o.name === 'y')!;
    expect(y).toMatchObject({ shape: [2, 2], datatype: 'FP32' });
    y.data.forEach((v, i) => expect(v).toBeCloseTo(want.y[i]!, 5));
    expect(reply.outputs.find((o) => o.name === 'label')!.data).toEqual(want.label.map(Number));
  });

  test('POST /v2/models/{name}/versions/{v}/infer with flat data and an output subset', async () => {
    const r = await rest(base(), '/v2/models/linear/versions/2/infer', {
      body: { inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP32', data: X }], outputs: [{ name: 'label' }] },
      token: h.tokens.acme,
    });
    expect(r.status).toBe(200);
    const reply = (await r.json()) as InferReply;
    expect(reply.model_version).toBe('2');
    expect(reply.id).toBeUndefined();
    expect(reply.outputs).toEqual([{ name: 'label', shape: [2], datatype: 'INT64', data: linearByHand(L2, X).label.map(Number) }]);
  });

  test('health, server and model metadata, model readiness', async () => {
    expect(await (await rest(base(), '/v2/health/live')).json()).toEqual({ live: true });
    expect((await rest(base(), '/v2/health/ready')).status).toBe(200);
    expect((await rest(base(), '/v2')).status).toBe(401);
    expect(await (await rest(base(), '/v2', { token: h.tokens.acme })).json()).toMatchObject({ name: 'mizan', extensions: [] });
    const md = await (await rest(base(), '/v2/models/linear', { token: h.tokens.acme })).json();
    expect(md).toMatchObject({
      name: 'linear', platform: 'onnxruntime_onnx',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 2] }, { name: 'label', datatype: 'INT64', shape: [-1] }],
    });
    const v2 = (await (await rest(base(), '/v2/models/linear/versions/staging', { token: h.tokens.acme })).json()) as { parameters: Record<string, string> };
    expect(v2.parameters).toMatchObject({ version: '2', provider: 'cpu' });
    expect(await (await rest(base(), '/v2/models/linear/ready', { token: h.tokens.acme })).json()).toEqual({ name: 'linear', ready: true });
    expect((await rest(base(), '/v2/models/linear/versions/1/ready', { token: h.tokens.acme })).status).toBe(200);
  });

  test('errors: 404 unknown or another tenant’s model, 400 bad tensors or body, 401 bad tokens; always {"error": string}', async () => {
    const infer = (path: string, b: unknown, token: string | null = h.tokens.acme) => rest(base(), path, { body: b, token: token ?? undefined });
    const cases: Array<[Promise<Response>, number, RegExp]> = [
      [infer('/v2/models/nope/infer', body()), 404, /nope/],
      [infer('/v2/models/linear/infer', body(), h.tokens.other), 404, /linear/],
      [infer('/v2/models/linear/versions/42/infer', body()), 404, /no version 42/],
      [rest(base(), '/v2/models/secret', { token: h.tokens.acme }), 404, /secret/],
      [infer('/v2/models/linear/infer', body({ inputs: [{ name: 'x', shape: [2, 2], datatype: 'FP32', data: [1, 2, 3, 4] }] })), 400, /dimension 1 is 2/],
      [infer('/v2/models/linear/infer', body({ inputs: [{ name: 'w', shape: [2, 3], datatype: 'FP32', data: X }] })), 400, /unknown input "w"/],
      [infer('/v2/models/linear/infer', body({ inputs: [{ name: 'x', shape: [2, 3], datatype: 'INT32', data: X.map(Math.round) }] })), 400, /datatype INT32/],
      [infer('/v2/models/linear/infer', body({ inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP32', data: [1, 2] }] })), 400, /2 elements/],
      [infer('/v2/models/linear/infer', { nonsense: true }), 400, /"inputs" must be an array/],
      [infer('/v2/models/linear/infer', '{not json'), 400, /not valid JSON/],
      [infer('/v2/models/linear/infer', body(), null), 401, /missing bearer token/],
      [infer('/v2/models/linear/infer', body(), h.tokens.expired), 401, /token expired/],
      [infer('/v2/models/linear/infer', body(), h.tokens.forged), 401, /invalid token/],
    ];
    for (const [pending, status, message] of cases) {
      const res = await pending;
      const reply = (await res.json()) as { error: unknown };
      expect({ status: res.status, error: reply.error }).toEqual({ status, error: expect.stringMatching(message) });
      expect(Object.keys(reply)).toEqual(['error']);
    }
  });
});
