import {
  Metadata, Server, ServerCredentials, status,
  type handleClientStreamingCall, type handleServerStreamingCall, type handleUnaryCall,
  type ServerReadableStream, type ServerUnaryCall, type ServerWritableStream, type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { asDomainError, toGrpcStatus } from './errors.ts';
import { HealthService, HealthState } from './grpc-health.ts';
import { bearerToken, type Identity, type TokenVerifier } from './identity.ts';
import { newRequestId } from './ids.ts';
import type { ServiceMetrics } from './metrics.ts';

export interface GrpcCallCtx {
  /** The verified caller; absent only on methods declared public. */
  readonly who: Identity;
  readonly requestId: string;
  readonly log: Logger;
  /** Aborted when the client cancels or the deadline passes. */
  readonly signal: AbortSignal;
  readonly metadata: Metadata;
}

export interface RpcKitOptions {
  verifier: TokenVerifier;
  log: Logger;
  metrics?: ServiceMetrics;
}

type AnyCall = ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown> | ServerReadableStream<unknown, unknown>;

function firstString(md: Metadata, key: string): string | undefined {
  const v = md.get(key)[0];
  return typeof v === 'string' ? v : v?.toString('utf8');
}

const NO_IDENTITY: Identity = Object.freeze({ tenantId: '', subject: 'anonymous', roles: [], region: '', token: '' });

/** Adapters from async handlers to grpc-js handlers: identity check, request id, logs, metrics, error mapping. */
export function createRpc(opts: RpcKitOptions) {
  async function begin(call: AnyCall, isPublic: boolean): Promise<GrpcCallCtx> {
    const requestId = firstString(call.metadata, 'x-request-id') ?? newRequestId();
    const traceparent = firstString(call.metadata, 'traceparent');
    const log = opts.log.child({ requestId, ...(traceparent ? { traceparent } : {}), method: call.getPath() });
    const ac = new AbortController();
    (call as ServerUnaryCall<unknown, unknown>).on('cancelled', () => ac.abort(new Error('cancelled')));
    const header = new Metadata();
    header.set('x-request-id', requestId);
    call.sendMetadata(header);
    const who = isPublic ? NO_IDENTITY : await opts.verifier.verify(bearerToken(firstString(call.metadata, 'authorization')));
    return { who, requestId, log, signal: ac.signal, metadata: call.metadata };
  }

  function finish(call: AnyCall, started: bigint, requestId: string, err: unknown, log: Logger) {
    const st = err === undefined ? { code: status.OK, details: 'OK' } : toGrpcStatus(err);
    const [, svc = '', method = ''] = /^\/([^/]+)\/(.+)$/.exec(call.getPath()) ?? [];
    const labels = { grpc_service: svc, grpc_method: method, grpc_code: status[st.code] ?? String(st.code) };
    opts.metrics?.grpcHandled.inc(labels);
    opts.metrics?.grpcSeconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    if (err !== undefined) {
      if (asDomainError(err)) log.info({ code: labels.grpc_code, msg: st.details }, 'call failed');
      else log.error({ err }, 'call failed with an internal error');
    }
    const trailer = new Metadata();
    trailer.set('x-request-id', requestId);
    return { ...st, metadata: trailer };
  }

  return {
    unary<Req, Res>(fn: (req: Req, ctx: GrpcCallCtx) => Promise<Res>, o: { public?: boolean } = {}): handleUnaryCall<Req, Res> {
      return (call, done) => {
        const started = process.hrtime.bigint();
        let ctx: GrpcCallCtx | undefined;
        begin(call as AnyCall, o.public ?? false)
          .then((c) => { ctx = c; return fn(call.request, c); })
          .then(
            (res) => { const s = finish(call as AnyCall, started, ctx!.requestId, undefined, ctx!.log); done(null, res, s.metadata); },
            (err: unknown) => {
              const rid = ctx?.requestId ?? firstString(call.metadata, 'x-request-id') ?? '';
              const s = finish(call as AnyCall, started, rid, err, ctx?.log ?? opts.log);
              done({ code: s.code, details: s.details, metadata: s.metadata });
            },
          );
      };
    },
    serverStream<Req, Res>(fn: (req: Req, write: (m: Res) => Promise<void>, ctx: GrpcCallCtx) => Promise<void>, o: { public?: boolean } = {}): handleServerStreamingCall<Req, Res> {
      return (call) => {
        const started = process.hrtime.bigint();
        let ctx: GrpcCallCtx | undefined;
        // Back-pressure: wait for 'drain' when write() says the buffer is full; a cancelled call never drains.
        const write = (m: Res) => new Promise<void>((resolve, reject) => {
          if (call.cancelled) return reject(Object.assign(new Error('call cancelled'), { code: 'UNAVAILABLE' }));
          if (call.write(m)) return resolve();
          const onCancel = () => reject(Object.assign(new Error('call cancelled'), { code: 'UNAVAILABLE' }));
          call.once('cancelled', onCancel);
          call.once('drain', () => { call.off('cancelled', onCancel); resolve(); });
        });
        begin(call as AnyCall, o.public ?? false)
          .then((c) => { ctx = c; return fn(call.request, write, c); })
          .then(
            () => { finish(call as AnyCall, started, ctx!.requestId, undefined, ctx!.log); call.end(); },
            (err: unknown) => {
              if (call.cancelled) return;
              const s = finish(call as AnyCall, started, ctx?.requestId ?? '', err, ctx?.log ?? opts.log);
              // Emitting 'error' is how grpc-js ends a server stream with a status; destroy() would send none.
              call.emit('error', Object.assign(new Error(s.details), s));
            },
          );
      };
    },
    clientStream<Req, Res>(fn: (messages: AsyncIterable<Req>, ctx: GrpcCallCtx) => Promise<Res>, o: { public?: boolean } = {}): handleClientStreamingCall<Req, Res> {
      return (call, done) => {
        const started = process.hrtime.bigint();
        let ctx: GrpcCallCtx | undefined;
        begin(call as AnyCall, o.public ?? false)
          .then((c) => { ctx = c; return fn(call as AsyncIterable<Req>, c); })
          .then(
            (res) => { const s = finish(call as AnyCall, started, ctx!.requestId, undefined, ctx!.log); done(null, res, s.metadata); },
            (err: unknown) => {
              const s = finish(call as AnyCall, started, ctx?.requestId ?? '', err, ctx?.log ?? opts.log);
              done({ code: s.code, details: s.details, metadata: s.metadata });
            },
          );
      };
    },
  };
}
export type Rpc = ReturnType<typeof createRpc>;

export interface GrpcServerOptions {
  host?: string;
  port: number;
  log: Logger;
  services: Array<{ name: string; definition: ServiceDefinition; implementation: UntypedServiceImplementation }>;
  /** Largest message accepted, in bytes (tensors can be large). */
  maxMessageBytes?: number;
}

export interface RunningGrpcServer {
  readonly port: number;
  readonly health: HealthState;
  readonly server: Server;
  /** Stops accepting calls, lets in-flight calls finish for up to graceMs, then cancels the rest. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a grpc-js server with grpc.health.v1 built in; port 0 picks a free port. */
export async function startGrpcServer(o: GrpcServerOptions): Promise<RunningGrpcServer> {
  const max = o.maxMessageBytes ?? 64 * 1024 * 1024;
  const server = new Server({ 'grpc.max_receive_message_length': max, 'grpc.max_send_message_length': max });
  const health = new HealthState(o.services.map((s) => s.name));
  server.addService(HealthService, health.implementation() as unknown as UntypedServiceImplementation);
  for (const s of o.services) server.addService(s.definition, s.implementation);
  const host = o.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${o.port}`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  o.log.info({ port, services: o.services.map((s) => s.name) }, 'gRPC server listening');
  return {
    port,
    health,
    server,
    async stop(graceMs = 10_000) {
      health.setAll(false);
      health.endWatchers();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { server.forceShutdown(); resolve(); }, graceMs);
        server.tryShutdown(() => { clearTimeout(timer); resolve(); });
      });
    },
  };
}
