import { Counter, Gauge, Histogram } from 'prom-client';
import { createMetrics, type ServiceMetrics } from '@mizan/service-kit';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Worker metrics. `model` and `version` are labels only once a request resolved to a version of the
 * caller's tenant: unknown names (anything a client can type) never become label values.
 */
export function workerMetrics(gauges: { loaded: () => number; queue: () => number; busy: () => number }) {
  const base = createMetrics('inference');
  base.registry.setDefaultLabels({ service: 'inference', role: 'worker' });
  const registers = [base.registry];
  return {
    base,
    requests: new Counter({ name: 'mizan_inference_requests_total', help: 'inferences that reached a model version, by outcome', labelNames: ['model', 'version', 'code'], registers }),
    seconds: new Histogram({ name: 'mizan_inference_request_seconds', help: 'time from resolved version to outputs (queue, run, conversion)', labelNames: ['model', 'version'], buckets: LATENCY_BUCKETS, registers }),
    loaded: new Gauge({ name: 'mizan_inference_models_loaded', help: 'model versions loaded and ready on this worker', registers, collect() { this.set(gauges.loaded()); } }),
    queue: new Gauge({ name: 'mizan_inference_queue_depth', help: 'inferences queued or running on this worker', registers, collect() { this.set(gauges.queue()); } }),
    busy: new Gauge({ name: 'mizan_inference_busy_threads', help: 'onnxruntime threads running an inference now', registers, collect() { this.set(gauges.busy()); } }),
    loads: new Counter({ name: 'mizan_inference_model_loads_total', help: 'model version loads, by outcome', labelNames: ['outcome'], registers }),
    loadSeconds: new Histogram({ name: 'mizan_inference_model_load_seconds', help: 'download, verification and load time of a model version', buckets: [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers }),
    rejected: new Counter({ name: 'mizan_inference_artifacts_rejected_total', help: 'artifacts refused before or at load, by reason', labelNames: ['reason'], registers }),
    flushFailures: new Counter({ name: 'mizan_inference_telemetry_flush_failures_total', help: 'failed sends of inference counts to monitoring (kept for the next flush)', registers }),
    flushedRows: new Counter({ name: 'mizan_inference_telemetry_rows_sent_total', help: 'inference count rows monitoring accepted', registers }),
    droppedRows: new Counter({ name: 'mizan_inference_telemetry_rows_dropped_total', help: 'inference count rows dropped because monitoring stayed unreachable', registers }),
    aliasStream: new Gauge({ name: 'mizan_inference_alias_stream_connected', help: '1 while the registry alias stream is connected', registers }),
  };
}
export type WorkerMetrics = ReturnType<typeof workerMetrics>;

export function routerMetrics(gauges: { workersReady: () => number }) {
  const base: ServiceMetrics = createMetrics('inference');
  base.registry.setDefaultLabels({ service: 'inference', role: 'router' });
  const registers = [base.registry];
  return {
    base,
    forwarded: new Counter({ name: 'mizan_inference_router_forwarded_total', help: 'ModelInfer calls forwarded to a worker, by worker and outcome', labelNames: ['worker', 'code'], registers }),
    forwardSeconds: new Histogram({ name: 'mizan_inference_router_forward_seconds', help: 'time of a forwarded ModelInfer, worker round trip included', buckets: LATENCY_BUCKETS, registers }),
    workersReady: new Gauge({ name: 'mizan_inference_router_workers_ready', help: 'workers connected and ready', registers, collect() { this.set(gauges.workersReady()); } }),
  };
}
export type RouterMetrics = ReturnType<typeof routerMetrics>;
