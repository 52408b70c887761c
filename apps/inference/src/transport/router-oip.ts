import { Metadata, status, type CallOptions, type ClientUnaryCall, type handleUnaryCall, type ServiceDefinition, type ServiceError, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { decodeOutputs, encodeInputs } from '@mizan/oip';
import { oip } from '@mizan/protos';
import { fromGrpcError, type GrpcCallCtx, type Identity, type Rpc } from '@mizan/service-kit';
import type { WorkerLink } from '../clients/worker-link.ts';
import { checkModelName, modelNotFound, parseVersionSpec } from '../domain/model-ref.ts';
import type { WorkerDirectory } from '../domain/worker-directory.ts';
import type { RouterMetrics } from '../metrics.ts';
import type { CallInfo, OipBackend } from './oip-backend.ts';
import { fromMetadataProto, SERVER_METADATA } from './oip-mapping.ts';
import { scanModelRef } from './wire-scan.ts';

const S = oip.GRPCInferenceServiceService;
const MODEL_INFER = S.modelInfer.path;
const identity = (b: Buffer): Buffer => b;
/** Used when the caller set no deadline: the router never waits on a worker without one. */
const DEFAULT_DEADLINE_MS = 60_000;

/**
 * The router's GRPCInferenceService: the generated definition, except that ModelInfer's request is
 * not deserialised and its response not serialised. The router reads only model_name and
 * model_version from the bytes (wire-scan.ts) and passes the rest through to a worker untouched,
 * so tensors are never decoded or re-encoded on this hop.
 */
export const RouterInferenceService: ServiceDefinition = {
  ...(S as unknown as ServiceDefinition),
  modelInfer: { ...S.modelInfer, requestDeserialize: identity, responseSerialize: identity } as unknown as ServiceDefinition[string],
};

export interface RouterDeps {
  directory: WorkerDirectory;
  links: Map<string, WorkerLink>;
  metrics: RouterMetrics;
  ready: () => boolean;
}

/** The caller's metadata that travels on: its token (workers verify it again), request id and trace. */
function forwardMetadata(md: Metadata, call: CallInfo): Metadata {
  const out = new Metadata();
  for (const key of ['authorization', 'traceparent', 'tracestate']) {
    const v = md.get(key)[0];
    if (v !== undefined) out.set(key, v);
  }
  out.set('x-request-id', call.requestId);
  return out;
}

/**
 * Sends one call to the best worker for (tenant, model, version); if that worker is unreachable,
 * once more to the next best. Inference has no side effects to repeat, so a retry is safe.
 */
async function forward<T>(deps: RouterDeps, who: Identity, model: string, version: string, send: (link: WorkerLink) => Promise<T>): Promise<T> {
  checkModelName(model);
  const candidates = deps.directory.candidates(who.tenantId, model, parseVersionSpec(model, version));
  for (let i = 0; ; i++) {
    const address = candidates[i]!;
    const link = deps.links.get(address)!;
    const started = performance.now();
    deps.directory.begin(address);
    try {
      const res = await send(link);
      deps.metrics.forwarded.inc({ worker: address, code: 'OK' });
      return res;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      deps.metrics.forwarded.inc({ worker: address, code: typeof code === 'number' ? (status[code] ?? String(code)) : String(code ?? 'UNKNOWN') });
      if (code === status.UNAVAILABLE && i + 1 < Math.min(2, candidates.length)) continue;
      throw typeof code === 'number' ? asForwardedError(err as ServiceError) : err;
    } finally {
      deps.directory.end(address);
      deps.metrics.forwardSeconds.observe((performance.now() - started) / 1000);
    }
  }
}

/** A worker's error status, passed on with its code and message (internal errors stay opaque). */
function asForwardedError(err: ServiceError): Error {
  return fromGrpcError(err) ?? new Error(`worker failed with ${status[err.code] ?? err.code}: ${err.details}`);
}

export function routerOipService(rpc: Rpc, deps: RouterDeps): UntypedServiceImplementation {
  // The kit's call context has no deadline; the handler below records each call's here (keyed by
  // its metadata object, which ctx.metadata is) so the forward keeps the caller's remaining time.
  const deadlines = new WeakMap<Metadata, number>();
  const info = (ctx: GrpcCallCtx): CallInfo => ({ requestId: ctx.requestId, signal: ctx.signal });
  const deadlineOf = (md: Metadata) => {
    const d = deadlines.get(md) ?? Infinity;
    return Number.isFinite(d) ? d : Date.now() + DEFAULT_DEADLINE_MS;
  };

  const infer = rpc.unary<Buffer, Buffer>(async (body, ctx) => {
    const { modelName, modelVersion } = scanModelRef(body);
    const md = forwardMetadata(ctx.metadata, info(ctx));
    return forward(deps, ctx.who, modelName, modelVersion, (link) => link.rawUnary(MODEL_INFER, body, md, deadlineOf(ctx.metadata), ctx.signal));
  });
  const modelInfer: handleUnaryCall<Buffer, Buffer> = (call, done) => {
    const d = call.getDeadline();
    deadlines.set(call.metadata, d instanceof Date ? d.getTime() : d);
    infer(call, done);
  };

  return {
    serverLive: rpc.unary(async () => ({ live: true }), { public: true }),
    serverReady: rpc.unary(async () => ({ ready: deps.ready() }), { public: true }),
    serverMetadata: rpc.unary(async () => SERVER_METADATA),
    modelReady: rpc.unary(async (req: oip.ModelReadyRequest, ctx) => ({ ready: modelReady(deps, ctx.who, req.name, req.version) })),
    modelMetadata: rpc.unary(async (req: oip.ModelMetadataRequest, ctx) =>
      forward(deps, ctx.who, req.name, req.version, (link) =>
        call(link.oip.modelMetadata.bind(link.oip), req, ctx.who, info(ctx)),
      ),
    ),
    modelInfer,
  };
}

function modelReady(deps: RouterDeps, who: Identity, model: string, version: string): boolean {
  checkModelName(model);
  const spec = parseVersionSpec(model, version);
  const r = deps.directory.readiness(who.tenantId, model, spec);
  if (r === 'unknown') throw modelNotFound(model, spec);
  return r === 'ready';
}

type UnaryMethod<Req, Res> = (req: Req, md: Metadata, opts: Partial<CallOptions>, cb: (err: ServiceError | null, res: Res) => void) => ClientUnaryCall;

/** A typed call to a worker with the caller's token, keeping the gRPC status for forward(). */
function call<Req, Res>(method: UnaryMethod<Req, Res>, req: Req, who: Identity, ci: CallInfo): Promise<Res> {
  return new Promise((resolve, reject) => {
    const md = new Metadata();
    md.set('authorization', `Bearer ${who.token}`);
    md.set('x-request-id', ci.requestId);
    if (ci.traceparent) md.set('traceparent', ci.traceparent);
    const c = method(req, md, { deadline: Date.now() + DEFAULT_DEADLINE_MS }, (err, res) => (err ? reject(err) : resolve(res)));
    ci.signal?.addEventListener('abort', () => c.cancel(), { once: true });
  });
}

/** The router's REST backend: JSON is turned into a ModelInferRequest (raw tensors) and sent to a worker over gRPC. */
export function routerBackend(deps: RouterDeps): OipBackend {
  return {
    ready: deps.ready,
    modelReady: async (who, model, version) => modelReady(deps, who, model, version),
    modelMetadata: (who, model, version, ci) =>
      forward(deps, who, model, version, (link) => call(link.oip.modelMetadata.bind(link.oip), { name: model, version }, who, ci)).then(fromMetadataProto),
    async infer(who, req, ci) {
      const request: oip.ModelInferRequest = {
        modelName: req.model,
        modelVersion: req.version,
        id: req.id,
        parameters: {},
        outputs: req.outputs.map((name) => ({ name, parameters: {} })),
        ...encodeInputs(req.inputs, { raw: true }),
      };
      const res = await forward(deps, who, req.model, req.version, (link) =>
        call<oip.ModelInferRequest, oip.ModelInferResponse>(link.oip.modelInfer.bind(link.oip), request, who, ci),
      );
      return { model: res.modelName, version: res.modelVersion, id: res.id, outputs: decodeOutputs(res) };
    },
  };
}
