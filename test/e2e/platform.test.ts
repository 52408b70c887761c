// The walking skeleton end to end: every service a real process on free ports, real PostgreSQL,
// the demo model registered through the gateway and served over OIP gRPC (both encodings) and REST.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@mizan/db/testing';
import { decodeOutputs, encodeInputs, type Tensor } from '@mizan/oip';
import { oip } from '@mizan/protos';
import { createGrpcClient, createMemoryIssuer, loadDevIssuer, unaryCall } from '@mizan/service-kit';
import { ensureDemoModel, waitModelReady } from '@mizan/tools/demo';
import { FRAUD_MODEL_NAME, fraudReference, loadReferenceData } from '@mizan/tools/demo-model';
import { gql, GraphQLRequestError } from '@mizan/tools/graphql-client';
import { DATA_SERVICES, freePorts, startPlatform, type DataService, type Platform } from '@mizan/tools/platform';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';

const ROWS = loadReferenceData().slice(0, 32);
const flat = () => { const x = new Float32Array(ROWS.length * 12); ROWS.forEach((r, i) => x.set(r, i * 12)); return x; };
const expected = fraudReference(flat());

let platform: Platform;
let dbs: TestDatabase[] = [];
let dir: string;
let token: string;
let otherTenantToken: string;
let expiredToken: string;
let forgedToken: string;
let client: InstanceType<typeof oip.GRPCInferenceServiceClient>;
let workerClient: InstanceType<typeof oip.GRPCInferenceServiceClient>;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mizan-e2e-'));
  const adminUrl = inject('adminDatabaseUrl');
  dbs = await Promise.all(DATA_SERVICES.map((service) => createTestDatabase({ adminUrl, service })));
  const databaseUrls = Object.fromEntries(DATA_SERVICES.map((s, i) => [s, dbs[i]!.url])) as Record<DataService, string>;
  const issuer = await loadDevIssuer(dir);
  try {
    platform = await startPlatform({
      dir, ports: await freePorts(), databaseUrls, issuer, logLevel: 'info',
      extraEnv: { MIZAN_TELEMETRY_FLUSH_MS: '300' },
      output: (s, line) => logs.push(`[${s}] ${line}`),
    });
  } catch (e) {
    process.stderr.write(logs.slice(-80).join('\n'));
    throw e;
  }
  token = await issuer.sign({ sub: 'alice', tenant: 'demo', roles: ['admin'] });
  otherTenantToken = await issuer.sign({ sub: 'mallory', tenant: 'other', roles: ['admin'] });
  expiredToken = await issuer.sign({ sub: 'alice', tenant: 'demo', ttlSeconds: -60 });
  forgedToken = await (await createMemoryIssuer(issuer.issuer, issuer.audience)).sign({ sub: 'alice', tenant: 'demo' });
  const p = platform.ports;
  const demo = await ensureDemoModel({ graphqlUrl: platform.graphqlUrl, registryHttpUrl: `http://127.0.0.1:${p.registry.http}`, token });
  expect(demo).toEqual({ created: true, version: 1 });
  await waitModelReady(`http://127.0.0.1:${p.inference.http}`, token, FRAUD_MODEL_NAME);
  client = createGrpcClient(oip.GRPCInferenceServiceClient, `127.0.0.1:${p.inference.grpc}`);
  workerClient = createGrpcClient(oip.GRPCInferenceServiceClient, `127.0.0.1:${p.inference.workerGrpc}`);
}, 240_000);

afterAll(async () => {
  client?.close();
  workerClient?.close();
  await platform?.stop();
  await Promise.all(dbs.map((d) => d.drop().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const features = (x: Float32Array = flat(), name = 'features'): Tensor => ({ name, datatype: 'FP32', shape: [x.length / 12, 12], data: x });
const request = (raw: boolean, over: Partial<oip.ModelInferRequest> = {}, tensors: Tensor[] = [features()]): oip.ModelInferRequest => ({
  modelName: FRAUD_MODEL_NAME, modelVersion: '', id: 'req-1', parameters: {}, outputs: [], ...encodeInputs(tensors, { raw }), ...over,
});
const infer = (req: oip.ModelInferRequest, t: string | null = token, c = client) =>
  unaryCall<oip.ModelInferRequest, oip.ModelInferResponse>(c.modelInfer.bind(c) as never, req, { ...(t ? { token: t } : {}), deadlineMs: 10_000 });
const grpcCode = async (p: Promise<unknown>) => {
  try { await p; return 'OK'; } catch (e) { return (e as { code?: string | number }).code; }
};

function checkScores(res: oip.ModelInferResponse) {
  const out = Object.fromEntries(decodeOutputs(res).map((t) => [t.name, t]));
  expect(out.probability!.shape).toEqual([ROWS.length, 1]);
  const prob = out.probability!.data as Float32Array;
  for (let i = 0; i < ROWS.length; i++) expect(Math.abs(prob[i]! - expected.probability[i]!)).toBeLessThan(1e-5);
  expect(Array.from(out.label!.data as BigInt64Array)).toEqual(Array.from(expected.label));
  expect(new Set(Array.from(expected.label)).size).toBe(2); // the data exercises both classes
}

describe('OIP gRPC through the router', () => {
  test('contents encoding: numbers match a plain TypeScript computation of the MLP', async () => {
    const res = await infer(request(false));
    expect(res).toMatchObject({ modelName: FRAUD_MODEL_NAME, modelVersion: '1', id: 'req-1' });
    expect(res.rawOutputContents).toHaveLength(0);
    checkScores(res);
  });
  test('raw_input_contents encoding answers in raw_output_contents with the same numbers', async () => {
    const res = await infer(request(true));
    expect(res.rawOutputContents.length).toBe(2);
    checkScores(res);
  });
  test('explicit version and alias name select the same model', async () => {
    checkScores(await infer(request(true, { modelVersion: '1' })));
    checkScores(await infer(request(true, { modelVersion: 'production' })));
  });
  test('the worker answers directly too (the router forwards bytes, it does not re-encode)', async () => {
    checkScores(await infer(request(true), token, workerClient));
  });
  test('ServerLive/ServerReady need no token; ModelMetadata gives the signature read from the model', async () => {
    const live = await unaryCall<oip.ServerLiveRequest, oip.ServerLiveResponse>(client.serverLive.bind(client) as never, {});
    expect(live.live).toBe(true);
    const ready = await unaryCall<oip.ServerReadyRequest, oip.ServerReadyResponse>(client.serverReady.bind(client) as never, {});
    expect(ready.ready).toBe(true);
    const md = await unaryCall<oip.ModelMetadataRequest, oip.ModelMetadataResponse>(client.modelMetadata.bind(client) as never, { name: FRAUD_MODEL_NAME, version: '' }, { token });
    expect(md.inputs.map((i) => ({ name: i.name, datatype: i.datatype, shape: i.shape.map(Number) }))).toEqual([{ name: 'features', datatype: 'FP32', shape: [-1, 12] }]);
    expect(md.outputs.map((o) => o.name).sort()).toEqual(['label', 'probability']);
  });
  test('bad requests get the right codes, never a crash', async () => {
    expect(await grpcCode(infer(request(true, { modelName: 'no-such-model' })))).toBe('NOT_FOUND');
    expect(await grpcCode(infer(request(true, { modelVersion: '99' })))).toBe('NOT_FOUND');
    expect(await grpcCode(infer(request(true, {}, [features(flat(), 'wrong_name')])))).toBe('INVALID_ARGUMENT');
    expect(await grpcCode(infer(request(true, {}, [{ name: 'features', datatype: 'FP32', shape: [2, 11], data: new Float32Array(22) }])))).toBe('INVALID_ARGUMENT');
    expect(await grpcCode(infer(request(false, {}, [{ name: 'features', datatype: 'FP64', shape: [1, 12], data: new Float64Array(12) }])))).toBe('INVALID_ARGUMENT');
    expect(await grpcCode(infer({ ...request(true), rawInputContents: [new Uint8Array(7)] }))).toBe('INVALID_ARGUMENT');
    // still serving after all of that
    checkScores(await infer(request(true)));
  });
  test('another tenant cannot see the model; missing, expired and forged tokens are UNAUTHENTICATED', async () => {
    expect(await grpcCode(infer(request(true), otherTenantToken))).toBe('NOT_FOUND');
    expect(await grpcCode(infer(request(true), null))).toBe('UNAUTHENTICATED');
    expect(await grpcCode(infer(request(true), expiredToken))).toBe('UNAUTHENTICATED');
    expect(await grpcCode(infer(request(true), forgedToken))).toBe('UNAUTHENTICATED');
    expect(await grpcCode(infer(request(true), token, workerClient).then(() => infer(request(true), forgedToken, workerClient)))).toBe('UNAUTHENTICATED');
  });
});

describe('OIP REST', () => {
  const rest = (path: string, body?: unknown, t: string | null = token) =>
    fetch(`http://127.0.0.1:${platform.ports.inference.http}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const jsonInput = (rows = ROWS.map((r) => Array.from(r))) => ({ inputs: [{ name: 'features', shape: [rows.length, 12], datatype: 'FP32', data: rows }] });

  test('POST /v2/models/{name}/infer matches the reference', async () => {
    const r = await rest(`/v2/models/${FRAUD_MODEL_NAME}/infer`, { id: 'r1', ...jsonInput() });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { id: string; model_name: string; outputs: Array<{ name: string; shape: number[]; data: number[] }> };
    expect(body.model_name).toBe(FRAUD_MODEL_NAME);
    const prob = body.outputs.find((o) => o.name === 'probability')!;
    expect(prob.shape).toEqual([ROWS.length, 1]);
    prob.data.forEach((p, i) => expect(Math.abs(p - expected.probability[i]!)).toBeLessThan(1e-5));
    expect(body.outputs.find((o) => o.name === 'label')!.data).toEqual(Array.from(expected.label, Number));
  });
  test('health and metadata endpoints', async () => {
    expect((await rest('/v2/health/live', undefined, null)).status).toBe(200);
    expect((await rest('/v2/health/ready', undefined, null)).status).toBe(200);
    const md = (await (await rest(`/v2/models/${FRAUD_MODEL_NAME}`)).json()) as { name: string; inputs: Array<{ name: string }> };
    expect(md.name).toBe(FRAUD_MODEL_NAME);
    expect(md.inputs[0]!.name).toBe('features');
  });
  test('errors: 404 unknown model or other tenant, 400 bad tensor, 401 no token, always {"error": ...}', async () => {
    const cases: Array<[Response, number]> = [
      [await rest('/v2/models/nope/infer', jsonInput()), 404],
      [await rest(`/v2/models/${FRAUD_MODEL_NAME}/infer`, jsonInput(), otherTenantToken), 404],
      [await rest(`/v2/models/${FRAUD_MODEL_NAME}/infer`, { inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: new Array(11).fill(0) }] }), 400],
      [await rest(`/v2/models/${FRAUD_MODEL_NAME}/infer`, { inputs: [{ name: 'x', shape: [1, 12], datatype: 'FP32', data: new Array(12).fill(0) }] }), 400],
      [await rest(`/v2/models/${FRAUD_MODEL_NAME}/infer`, { nonsense: true }), 400],
      [await rest(`/v2/models/${FRAUD_MODEL_NAME}/infer`, jsonInput(), null), 401],
      [await rest(`/v2/models/${FRAUD_MODEL_NAME}/infer`, jsonInput(), expiredToken), 401],
    ];
    for (const [res, code] of cases) {
      expect(res.status).toBe(code);
      expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
    }
  });
});

describe('GraphQL gateway over the five subgraphs', () => {
  const q = <T>(query: string, variables: Record<string, unknown> = {}, t: string | null = token) => gql<T>(platform.graphqlUrl, t ?? undefined, query, variables);
  const eventually = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v) || Date.now() > until) return v;
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  test('a model with its versions (registry) and its audit entries (audit) in one query', async () => {
    type R = { model: { id: string; versions: { edges: Array<{ node: { number: number; sha256: string; inputs: Array<{ name: string; datatype: string; shape: number[] }> } }> }; aliases: Array<{ name: string; version: { number: number } }>; auditEntries: { edges: Array<{ node: { action: string; actor: string } }> } } };
    const query = `query($n: String!) { model(name: $n) { id versions { edges { node { number sha256 inputs { name datatype shape } } } }
      aliases { name version { number } } auditEntries { edges { node { action actor } } } } }`;
    const r = await eventually(() => q<R>(query, { n: FRAUD_MODEL_NAME }), (v) => (v.model?.auditEntries.edges.length ?? 0) >= 3);
    expect(r.model.versions.edges[0]!.node).toMatchObject({ number: 1, inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 12] }] });
    expect(r.model.aliases).toEqual([{ name: 'production', version: { number: 1 } }]);
    expect(r.model.auditEntries.edges.map((e) => e.node.action).sort()).toEqual(['model.alias_set', 'model.registered', 'model.version_added']);
    expect(new Set(r.model.auditEntries.edges.map((e) => e.node.actor))).toEqual(new Set(['alice']));
  });

  test('monitoring counts the inferences it received; inference reports where the model serves', async () => {
    type R = { model: { inferenceCount: number; serving: { ready: boolean; replicas: Array<{ version: number; provider: string }> } } };
    const before = await q<R>('query($n: String!) { model(name: $n) { inferenceCount } }', { n: FRAUD_MODEL_NAME });
    await infer(request(true));
    await infer(request(false));
    const r = await eventually(
      () => q<R>('query($n: String!) { model(name: $n) { inferenceCount serving { ready replicas { version provider } } } }', { n: FRAUD_MODEL_NAME }),
      (v) => v.model.inferenceCount >= before.model.inferenceCount + 2,
    );
    expect(r.model.inferenceCount).toBeGreaterThanOrEqual(before.model.inferenceCount + 2);
    expect(r.model.serving.ready).toBe(true);
    expect(r.model.serving.replicas[0]).toMatchObject({ version: 1, provider: 'cpu' });
  });

  test('experiment: create an A/B test and read it back through the gateway', async () => {
    const created = await q<{ createExperiment: { id: string; status: string } }>(
      'mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { id status } }',
      { i: { name: 'fraud-ab', model: FRAUD_MODEL_NAME, variants: [{ name: 'control', modelVersion: 'production', weight: 0.5 }, { name: 'treatment', modelVersion: '1', weight: 0.5 }] } },
    );
    expect(created.createExperiment.status).toBe('draft');
    const r = await q<{ model: { experiments: Array<{ name: string; variants: Array<{ weight: number }> }> } }>('query($n: String!) { model(name: $n) { experiments { name variants { weight } } } }', { n: FRAUD_MODEL_NAME });
    expect(r.model.experiments).toEqual([{ name: 'fraud-ab', variants: [{ weight: 0.5 }, { weight: 0.5 }] }]);
  });

  test('tenants are isolated and tokens are checked at the gateway', async () => {
    expect((await q<{ model: unknown }>('query($n: String!) { model(name: $n) { id } }', { n: FRAUD_MODEL_NAME }, otherTenantToken)).model).toBeNull();
    for (const t of [null, expiredToken, forgedToken]) {
      const err = await q('{ models { edges { node { id } } } }', {}, t).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GraphQLRequestError);
      expect((err as GraphQLRequestError).status).toBe(401);
      expect((err as GraphQLRequestError).errors[0]!.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const dup = await q('mutation { registerModel(input: { name: "fraud-scorer", task: "x" }) { id } }').catch((e: unknown) => e);
    expect((dup as GraphQLRequestError).errors[0]!.extensions?.code).toBe('CONFLICT');
    const bad = await q('mutation { registerModel(input: { name: "Bad Name!", task: "x" }) { id } }').catch((e: unknown) => e);
    expect((bad as GraphQLRequestError).errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('every service', () => {
  test('serves /healthz, /readyz and Prometheus /metrics', async () => {
    const p = platform.ports;
    for (const port of [p.gateway.http, p.registry.http, p.inference.http, p.experiment.http, p.monitoring.http, p.audit.http]) {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(/process_resident_memory_bytes/);
    }
  });
});

