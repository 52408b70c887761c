import { hostname } from 'node:os';
import { createOrtPool } from '@mizan/onnx';
import { inferenceV1, oip } from '@mizan/protos';
import { createRpc, startGrpcServer, startHttpServer, type Logger, type TokenVerifier } from '@mizan/service-kit';
import { monitoringSink } from './clients/monitoring.ts';
import { registryClient } from './clients/registry.ts';
import type { InferenceConfig } from './config.ts';
import { followAliases } from './domain/follow-aliases.ts';
import { ModelHost } from './domain/model-host.ts';
import { systemClock, type HostEvents } from './domain/ports.ts';
import { InferenceCounter, startTelemetryFlush } from './domain/telemetry.ts';
import { workerMetrics } from './metrics.ts';
import { Notifier } from './notifier.ts';
import { oipRestRoutes } from './transport/oip-rest.ts';
import { workerBackend, workerOipService, type WorkerOipDeps } from './transport/worker-oip.ts';
import { workerStateService } from './transport/worker-state.ts';

export interface RunningRole {
  grpcPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

const GRACE_MS = 10_000;

/**
 * The worker role: follows the registry's aliases, loads their versions into an onnxruntime thread
 * pool and serves OIP on its own ports; streams its state to routers; counts inferences for monitoring.
 */
export async function startWorker(config: InferenceConfig, log: Logger, verifier: TokenVerifier, token: () => string): Promise<RunningRole> {
  const wlog = log.child({ role: 'worker' });
  const w = config.worker;
  const pool = createOrtPool({ threads: w.threads, executionProviders: w.executionProviders, maxModelBytes: w.maxModelBytes, log: wlog });
  const registry = registryClient(config.registryTarget, token);
  const sink = monitoringSink(config.monitoringTarget, token);
  const changes = new Notifier();
  const closing = new AbortController();

  // The gauges read the host lazily, at scrape time.
  const metrics = workerMetrics({ loaded: () => host.loadedCount(), queue: () => host.queueDepth, busy: () => pool.stats().busy });
  const events: HostEvents = {
    artifactRejected: (reason) => metrics.rejected.inc({ reason }),
    modelLoaded: (outcome, seconds) => {
      metrics.loads.inc({ outcome });
      if (outcome === 'ok') metrics.loadSeconds.observe(seconds);
    },
    changed: () => changes.notify(),
  };
  const host = new ModelHost({ registry, pool, log: wlog, events, clock: systemClock }, { maxModelBytes: w.maxModelBytes, unloadGraceMs: w.unloadGraceMs, maxQueue: w.maxQueue });
  const counter = new InferenceCounter(systemClock, 10_000, (rows) => metrics.droppedRows.inc(rows));
  const flusher = startTelemetryFlush({
    counter, sink, intervalMs: w.telemetryFlushMs, log: wlog,
    hooks: { failed: () => metrics.flushFailures.inc(), flushed: (rows) => metrics.flushedRows.inc(rows) },
  });
  const following = followAliases({ registry, log: wlog }, host, closing.signal, { onState: (up) => metrics.aliasStream.set(up ? 1 : 0) });

  // Ready once the alias table is known, not once every model is loaded: routers route per model to
  // workers that report it ready, so a worker still loading takes no traffic for that model anyway,
  // and one bad artifact must not keep the whole worker (and its other models) out of service.
  const ready = () => host.synced && !closing.signal.aborted;
  const deps: WorkerOipDeps = {
    host, pool, counter, ready,
    observe: (model, version, code, seconds) => {
      metrics.requests.inc({ model, version: String(version), code });
      metrics.seconds.observe({ model, version: String(version) }, seconds);
    },
  };
  let name = w.name ?? '';
  const state = (): inferenceV1.WorkerState => {
    const s = pool.stats();
    return { worker: name, tier: w.tier, ready: ready(), models: host.hosted(), queueDepth: host.queueDepth, busyThreads: s.busy, threads: s.threads };
  };

  const rpc = createRpc({ verifier, log: wlog, metrics: metrics.base });
  const grpc = await startGrpcServer({
    host: config.host, port: w.grpcPort, log: wlog,
    services: [
      { name: 'inference.GRPCInferenceService', definition: oip.GRPCInferenceServiceService, implementation: workerOipService(rpc, deps) },
      { name: 'mizan.inference.v1.WorkerService', definition: inferenceV1.WorkerServiceService, implementation: workerStateService(rpc, { state, changes, intervalMs: w.stateIntervalMs, closing: closing.signal }) },
    ],
  });
  name ||= `${hostname()}:${grpc.port}`;
  const http = await startHttpServer({
    host: config.host, port: w.httpPort, log: wlog, metrics: metrics.base,
    routes: oipRestRoutes(workerBackend(deps), verifier),
    readiness: () => ({
      ready: ready(),
      checks: {
        registry: { ok: host.synced, detail: host.synced ? 'alias table received' : 'waiting for the alias snapshot' },
        // Degraded, not unready: counts are kept and sent once monitoring answers again.
        monitoring: { ok: flusher.healthy(), ...(flusher.healthy() ? {} : { detail: 'telemetry flush failing; counts kept' }) },
      },
    }),
  });
  wlog.info({ grpcPort: grpc.port, httpPort: http.port, tier: w.tier, threads: w.threads, providers: w.executionProviders }, 'inference worker started');

  return {
    grpcPort: grpc.port,
    httpPort: http.port,
    async stop() {
      // Routers first learn the worker is going (not-ready state, streams end), then in-flight calls
      // drain, then the pool finishes what it queued, and the last counts go to monitoring.
      closing.abort();
      http.setReady(false);
      await grpc.stop(GRACE_MS);
      await http.stop(GRACE_MS);
      await following;
      host.close();
      await pool.close();
      await flusher.stop();
      registry.close();
      sink.close();
      wlog.info('inference worker stopped');
    },
  };
}
