import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  readonly registry: Registry;
  readonly grpcHandled: Counter<'grpc_service' | 'grpc_method' | 'grpc_code'>;
  readonly grpcSeconds: Histogram<'grpc_service' | 'grpc_method' | 'grpc_code'>;
  readonly httpRequests: Counter<'route' | 'status'>;
}

/** One registry per service: default process metrics plus gRPC/HTTP server metrics (nice-grpc-prometheus names). */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    grpcHandled: new Counter({
      name: 'grpc_server_handled_total',
      help: 'gRPC calls completed, by status code',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_code'],
      registers: [registry],
    }),
    grpcSeconds: new Histogram({
      name: 'grpc_server_handling_seconds',
      help: 'gRPC call handling time',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_code'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: `mizan_${service}_http_requests_total`,
      help: 'HTTP requests served, by route and status',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
  };
}
