// OIP over gRPC through the router and straight to the worker: real onnxruntime, real gRPC, a real
// (small) ONNX model whose outputs are checked against a hand computation.
import { decodeOutputs, type Tensor } from '@mizan/oip';
import type { oip } from '@mizan/protos';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { linearByHand } from './fixtures/models.ts';
import { call, infer, inferRequest, L1, L2, L3, outcome, seedLinear, startHarness, waitServed, X, xTensor, type Harness, type OipClient } from './fixtures/harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(seedLinear);
  await waitServed(h, 'linear', h.tokens.acme);
  await waitServed(h, 'linear', h.tokens.acme, 'staging');
  await waitServed(h, 'secret', h.tokens.other);
});
afterAll(() => h?.stop());

function expectLinear(res: oip.ModelInferResponse, weights: typeof L1, x: readonly number[] = X) {
  const want = linearByHand(weights, x);
  const out = Object.fromEntries(decodeOutputs(res).map((t) => [t.name, t])) as Record<string, Tensor>;
  expect(out.y!.datatype).toBe('FP32');
  expect(out.y!.shape).toEqual([x.length / 3, 2]);
  const y = Array.from(out.y!.data as Float32Array);
  y.forEach((v, i) => expect(v).toBeCloseTo(want.y[i]!, 5));
  expect(out.label!.datatype).toBe('INT64');
  expect(Array.from(out.label!.data as BigInt64Array)).toEqual(want.label);
}

const clients = (): Array<[string, OipClient]> => [['router', h.router], ['worker', h.worker]];

describe.each(['router', 'worker'])('ModelInfer via the %s', (via) => {
  const client = () => (via === 'router' ? h.router : h.worker);

  test('contents in, contents out, numbers equal the hand computation', async () => {
    const res = await infer(client(), inferRequest(false), h.tokens.acme);
    expect(res).toMatchObject({ modelName: 'linear', modelVersion: '1', id: 'req-1' });
    expect(res.rawOutputContents).toHaveLength(0);
    expect(res.outputs.map((o) => o.name)).toEqual(['y', 'label']);
    expect(res.outputs[0]!.contents!.fp32Contents).toHaveLength(4);
    expectLinear(res, L1);
  });

  test('raw_input_contents in, raw_output_contents out, same numbers', async () => {
    const res = await infer(client(), inferRequest(true), h.tokens.acme);
    expect(res.rawOutputContents).toHaveLength(2);
    expect(res.outputs.every((o) => o.contents === undefined)).toBe(true);
    expectLinear(res, L1);
  });

  test('an alias, an aliased version by number and an unaliased version by number', async () => {
    const staging = await infer(client(), inferRequest(true, { modelVersion: 'staging' }), h.tokens.acme);
    expect(staging.modelVersion).toBe('2');
    expectLinear(staging, L2);
    const one = await infer(client(), inferRequest(false, { modelVersion: '1' }), h.tokens.acme);
    expect(one.modelVersion).toBe('1');
    expectLinear(one, L1);
    // v3 is behind no alias: resolved once with the registry, loaded, cached.
    const three = await infer(client(), inferRequest(true, { modelVersion: '3' }), h.tokens.acme);
    expect(three.modelVersion).toBe('3');
    expectLinear(three, L3);
  });

  test('the requested outputs only, in the order asked', async () => {
    const res = await infer(client(), inferRequest(true, { outputs: [{ name: 'label', parameters: {} }] }), h.tokens.acme);
    expect(res.outputs.map((o) => o.name)).toEqual(['label']);
    expect(Array.from(decodeOutputs(res)[0]!.data as BigInt64Array)).toEqual(linearByHand(L1, X).label);
  });

  test('a larger batch, many calls at once, all correct', async () => {
    const x = Array.from({ length: 64 * 3 }, (_, i) => ((i * 37) % 17) - 8);
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => infer(client(), inferRequest(i % 2 === 0, {}, [xTensor(x)]), h.tokens.acme)));
    for (const r of results) expectLinear(r, L1, x);
  });
});

describe('metadata and health', () => {
  test.each(['router', 'worker'])('ServerLive and ServerReady need no token (%s); ServerMetadata does', async (via) => {
    const c = via === 'router' ? h.router : h.worker;
    expect(await call(c, 'serverLive', {})).toEqual({ live: true });
    expect(await call(c, 'serverReady', {})).toEqual({ ready: true });
    expect((await outcome(call(c, 'serverMetadata', {}))).code).toBe('UNAUTHENTICATED');
    expect(await call(c, 'serverMetadata', {}, h.tokens.acme)).toMatchObject({ name: 'mizan', version: '0.1.0' });
  });

  test('ModelMetadata gives the signature read from the model itself', async () => {
    for (const [, c] of clients()) {
      const md = await call<oip.ModelMetadataRequest, oip.ModelMetadataResponse>(c, 'modelMetadata', { name: 'linear', version: '' }, h.tokens.acme);
      expect(md.name).toBe('linear');
      expect(md.platform).toBe('onnxruntime_onnx');
      expect(md.versions).toContain('1');
      expect(md.inputs).toEqual([{ name: 'x', datatype: 'FP32', shape: [-1n, 3n] }]);
      expect(md.outputs).toEqual([
        { name: 'y', datatype: 'FP32', shape: [-1n, 2n] },
        { name: 'label', datatype: 'INT64', shape: [-1n] },
      ]);
      expect(md.properties).toMatchObject({ version: '1', provider: 'cpu' });
    }
  });

  test('ModelReady: true for served, NOT_FOUND for unknown or another tenant', async () => {
    for (const [, c] of clients()) {
      expect(await call(c, 'modelReady', { name: 'linear', version: 'staging' }, h.tokens.acme)).toEqual({ ready: true });
      expect((await outcome(call(c, 'modelReady', { name: 'secret', version: '' }, h.tokens.acme))).code).toBe('NOT_FOUND');
      expect((await outcome(call(c, 'modelReady', { name: 'nope', version: '' }, h.tokens.acme))).code).toBe('NOT_FOUND');
    }
  });
});

describe.each(['router', 'worker'])('errors via the %s: the right code, a clear message, never a crash', (via) => {
  const client = () => (via === 'router' ? h.router : h.worker);
  const fails = (req: oip.ModelInferRequest, token = h.tokens.acme) => outcome(infer(client(), req, token));

  test('unknown model, unknown alias, unknown version, another tenant’s model: NOT_FOUND', async () => {
    expect(await fails(inferRequest(true, { modelName: 'no-such-model' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-model') });
    expect((await fails(inferRequest(true, { modelVersion: 'canary' }))).code).toBe('NOT_FOUND');
    expect(await fails(inferRequest(true, { modelVersion: '99' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no version 99') });
    // acme's token asks for other's model, and other's token for acme's: neither exists for them.
    const cross = await fails(inferRequest(true, { modelName: 'secret' }));
    expect(cross.code).toBe('NOT_FOUND');
    expect(cross.message).toBe((await fails(inferRequest(true, { modelName: 'secret2' }))).message.replace('secret2', 'secret'));
    expect((await fails(inferRequest(true), h.tokens.other)).code).toBe('NOT_FOUND');
  });

  test('wrong input name, datatype, rank, dimension, size: INVALID_ARGUMENT naming the problem', async () => {
    const cases: Array<[oip.ModelInferRequest, RegExp]> = [
      [inferRequest(true, {}, [xTensor(X, 'features')]), /unknown input "features".*inputs are: x/],
      [inferRequest(false, {}, [{ name: 'x', datatype: 'FP64', shape: [2, 3], data: Float64Array.from(X) }]), /datatype FP64, but the model expects FP32/],
      [inferRequest(true, {}, [{ name: 'x', datatype: 'FP32', shape: [6], data: Float32Array.from(X) }]), /rank 1, but the model expects rank 2/],
      [inferRequest(true, {}, [{ name: 'x', datatype: 'FP32', shape: [3, 2], data: Float32Array.from(X) }]), /dimension 1 is 2, but the model expects 3/],
      [inferRequest(true, {}, []), /missing input "x"/],
      [{ ...inferRequest(true), rawInputContents: [new Uint8Array(7)] }, /raw content is 7 bytes/],
      [inferRequest(true, { outputs: [{ name: 'z', parameters: {} }] }), /unknown output "z"/],
      [inferRequest(true, { modelName: '' }), /model_name is required/],
    ];
    for (const [req, message] of cases) {
      const r = await fails(req);
      expect(r.code, message.source).toBe('INVALID_ARGUMENT');
      expect(r.message).toMatch(message);
    }
    // still serving, correctly, after all of that
    expectLinear(await infer(client(), inferRequest(true), h.tokens.acme), L1);
  });

  test('missing, forged and expired tokens: UNAUTHENTICATED', async () => {
    expect((await outcome(infer(client(), inferRequest(true)))).code).toBe('UNAUTHENTICATED');
    expect((await fails(inferRequest(true), h.tokens.forged)).code).toBe('UNAUTHENTICATED');
    expect(await fails(inferRequest(true), h.tokens.expired)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'token expired' });
  });
});

test('the router refuses malformed bytes itself (it reads model_name without decoding the rest)', async () => {
  const { Client, credentials, Metadata } = await import('@grpc/grpc-js');
  const raw = new Client(`127.0.0.1:${h.app.router!.grpcPort}`, credentials.createInsecure());
  const md = new Metadata();
  md.set('authorization', `Bearer ${h.tokens.acme}`);
  const err = await new Promise<{ code: number; details: string }>((resolve) =>
    raw.makeUnaryRequest('/inference.GRPCInferenceService/ModelInfer', (b: Buffer) => b, (b: Buffer) => b, Buffer.from([0x0a, 0x05, 0x61]), md, (e) => resolve(e as never)),
  );
  raw.close();
  expect(err.code).toBe(3); // INVALID_ARGUMENT
  expect(err.details).toMatch(/malformed ModelInferRequest/);
});

test('serving makes no per-request call to the registry', async () => {
  const before = { ...h.registry.calls };
  await Promise.all(Array.from({ length: 10 }, () => infer(h.router, inferRequest(true), h.tokens.acme)));
  await infer(h.router, inferRequest(true, { modelVersion: '3' }), h.tokens.acme);
  expect(h.registry.calls).toEqual(before);
});
