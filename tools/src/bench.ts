// `npm run bench`: the demo model's latency raw in-process, then OIP ModelInfer over gRPC to the worker
// and through the router, at 1 and 16 concurrent clients, each as a ratio to the raw figure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@mizan/db/testing';
import { startTemporaryPostgres } from '@mizan/db';
import { encodeInputs } from '@mizan/oip';
import { oip } from '@mizan/protos';
import { createGrpcClient, loadDevIssuer, unaryCall } from '@mizan/service-kit';
import * as ort from 'onnxruntime-node';
import { ensureDemoModel, waitModelReady } from './demo.ts';
import { buildFraudModel, FRAUD_MODEL_NAME, loadReferenceData } from './demo-model/index.ts';
import { DATA_SERVICES, freePorts, startPlatform, type DataService } from './platform.ts';

const ROW = loadReferenceData()[0]!;
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
const ms = (x: number) => `${x.toFixed(3)} ms`;

async function rawSessionRun(n: number): Promise<number[]> {
  const session = await ort.InferenceSession.create(buildFraudModel(), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const feeds = { features: new ort.Tensor('float32', Float32Array.from(ROW), [1, 12]) };
  for (let i = 0; i < 300; i++) await session.run(feeds);
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await session.run(feeds);
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  await session.release();
  return t;
}

interface Load { p50: number; p99: number; rps: number }

async function grpcLoad(address: string, token: string, concurrency: number, total: number): Promise<Load> {
  const client = createGrpcClient(oip.GRPCInferenceServiceClient, address);
  const req: oip.ModelInferRequest = {
    modelName: FRAUD_MODEL_NAME, modelVersion: '', id: '', parameters: {}, outputs: [],
    ...encodeInputs([{ name: 'features', datatype: 'FP32', shape: [1, 12], data: Float32Array.from(ROW) }], { raw: true }),
  };
  const call = () => unaryCall<oip.ModelInferRequest, oip.ModelInferResponse>(client.modelInfer.bind(client) as never, req, { token, deadlineMs: 10_000 });
  for (let i = 0; i < 200; i++) await call();
  const lat: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) {
      const s = process.hrtime.bigint();
      await call();
      lat.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  client.close();
  return { p50: pct(lat, 50), p99: pct(lat, 99), rps: total / seconds };
}

/** h2load drives gRPC without a grpc-js client's own ceiling (~3k calls/s per core); it reads no grpc-status, so errors show as rps only. */
function h2load(address: string, token: string, streams: number, total: number, dir: string): number | undefined {
  if (spawnSync('h2load', ['--version']).status !== 0) return undefined;
  const msg = oip.ModelInferRequest.encode({
    modelName: FRAUD_MODEL_NAME, modelVersion: '', id: '', parameters: {}, outputs: [],
    ...encodeInputs([{ name: 'features', datatype: 'FP32', shape: [1, 12], data: Float32Array.from(ROW) }], { raw: true }),
  }).finish();
  const frame = Buffer.alloc(5 + msg.length);
  frame.writeUInt32BE(msg.length, 1);
  frame.set(msg, 5);
  const body = join(dir, 'infer.grpc');
  writeFileSync(body, frame);
  const r = spawnSync('h2load', ['-n', String(total), '-c', '1', '-m', String(streams), '-d', body,
    '-H', 'content-type: application/grpc', '-H', 'te: trailers', '-H', `authorization: Bearer ${token}`,
    `http://${address}/inference.GRPCInferenceService/ModelInfer`], { encoding: 'utf8' });
  const m = /finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(r.stdout);
  const ok = /(\d+) succeeded/.exec(r.stdout);
  if (!m || !ok || Number(ok[1]) !== total) return undefined;
  return Number(m[1]);
}

async function main(): Promise<void> {
  const raw = await rawSessionRun(5000);
  const rawP50 = pct(raw, 50);
  const rawP99 = pct(raw, 99);
  process.stdout.write(`raw in-process session.run (batch 1, 1 intra-op thread): p50 ${ms(rawP50)}, p99 ${ms(rawP99)}, ${(1000 / rawP50).toFixed(0)} runs/s at p50\n`);

  const dir = mkdtempSync(join(tmpdir(), 'mizan-bench-'));
  const pg = process.env.TEST_DATABASE_URL ? undefined : await startTemporaryPostgres();
  const adminUrl = process.env.TEST_DATABASE_URL ?? pg!.adminUrl;
  const dbs: TestDatabase[] = await Promise.all(DATA_SERVICES.map((service) => createTestDatabase({ adminUrl, service })));
  const issuer = await loadDevIssuer(dir);
  const platform = await startPlatform({
    dir, ports: await freePorts(), issuer, logLevel: 'warn',
    databaseUrls: Object.fromEntries(DATA_SERVICES.map((s, i) => [s, dbs[i]!.url])) as Record<DataService, string>,
    output: () => undefined,
  });
  try {
    const token = await issuer.sign({ sub: 'bench', tenant: 'demo' });
    const p = platform.ports;
    await ensureDemoModel({ graphqlUrl: platform.graphqlUrl, registryHttpUrl: `http://127.0.0.1:${p.registry.http}`, token });
    await waitModelReady(`http://127.0.0.1:${p.inference.http}`, token, FRAUD_MODEL_NAME);
    const rows: string[] = [];
    for (const [label, address] of [['worker', `127.0.0.1:${p.inference.workerGrpc}`], ['router', `127.0.0.1:${p.inference.grpc}`]] as const) {
      for (const c of [1, 16]) {
        const l = await grpcLoad(address, token, c, c === 1 ? 2000 : 8000);
        const h = h2load(address, token, c, 20000, dir);
        rows.push(`ModelInfer → ${label.padEnd(6)} c=${String(c).padStart(2)}: p50 ${ms(l.p50)} (${(l.p50 / rawP50).toFixed(1)}× raw), p99 ${ms(l.p99)} (${(l.p99 / rawP99).toFixed(1)}× raw), ` +
          `grpc-js ${l.rps.toFixed(0)} req/s (${(l.rps / (1000 / rawP50)).toFixed(2)}× raw runs/s)` +
          (h === undefined ? ', h2load: not installed or errors (apt-get install nghttp2-client)' : `, h2load ${h.toFixed(0)} req/s (${(h / (1000 / rawP50)).toFixed(2)}× raw)`));
        process.stdout.write(`${rows.at(-1)}\n`);
      }
    }
  } finally {
    await platform.stop();
    await Promise.all(dbs.map((d) => d.drop().catch(() => undefined)));
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => { process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });
