// Latency of OIP ModelInfer straight to a worker vs through the router: one client, sequential
// calls, alternating worker and router call by call so that both see the same machine noise. The
// app runs as its own process (router + worker, as in dev), the client and the registry/monitoring
// stand-ins in this one. Run: node --import tsx --conditions=mizan-source apps/inference/bench/router-overhead.ts
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { oip } from '@mizan/protos';
import { createGrpcClient } from '@mizan/service-kit';
import { infer, inferRequest, seedLinear, startStandIns, waitServed, xTensor, type OipClient } from '../test/fixtures/harness.ts';

const N = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 300;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const s = await startStandIns(seedLinear);
const ports = { grpc: await freePort(), http: await freePort(), workerGrpc: await freePort(), workerHttp: await freePort() };
const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=mizan-source', fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
  env: {
    ...process.env, ...s.env, MIZAN_LOG_LEVEL: 'warn', MIZAN_TELEMETRY_FLUSH_MS: '5000',
    MIZAN_INFERENCE_GRPC_PORT: String(ports.grpc), MIZAN_INFERENCE_HTTP_PORT: String(ports.http),
    MIZAN_INFERENCE_WORKER_GRPC_PORT: String(ports.workerGrpc), MIZAN_INFERENCE_WORKER_HTTP_PORT: String(ports.workerHttp),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await waitServed({ routerUrl: `http://127.0.0.1:${ports.http}` }, 'linear', s.tokens.acme);
  const worker = createGrpcClient(oip.GRPCInferenceServiceClient, `127.0.0.1:${ports.workerGrpc}`);
  const router = createGrpcClient(oip.GRPCInferenceServiceClient, `127.0.0.1:${ports.grpc}`);
  const pct = (t: number[], p: number) => [...t].sort((a, b) => a - b)[Math.floor(t.length * p)]!;
  const time = async (c: OipClient, req: ReturnType<typeof inferRequest>) => {
    const t0 = performance.now();
    await infer(c, req, s.tokens.acme);
    return performance.now() - t0;
  };
  console.log(`ModelInfer, 1 client, ${N} sequential calls each (after ${WARMUP} warm-up), alternating worker/router, Node ${process.version}`);
  for (const rows of [2, 4096]) {
    for (const raw of [true, false]) {
      const req = inferRequest(raw, {}, [xTensor(Array.from({ length: rows * 3 }, (_, i) => (i % 7) - 3))]);
      for (let i = 0; i < WARMUP; i++) await Promise.all([time(worker, req), time(router, req)]);
      const w: number[] = [];
      const r: number[] = [];
      for (let i = 0; i < N; i++) {
        w.push(await time(worker, req));
        r.push(await time(router, req));
      }
      const [w50, r50] = [pct(w, 0.5), pct(r, 0.5)];
      console.log(
        `${String(rows).padStart(5)} rows ${raw ? 'raw     ' : 'contents'}  worker p50 ${w50.toFixed(3)} ms p99 ${pct(w, 0.99).toFixed(3)} ms | ` +
          `router p50 ${r50.toFixed(3)} ms p99 ${pct(r, 0.99).toFixed(3)} ms | router adds ${(r50 - w50).toFixed(3)} ms at p50`,
      );
    }
  }
  worker.close();
  router.close();
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await s.stop();
}
