import { decodeInputs, encodeOutputs, type Tensor } from '@mizan/oip';
import type { oip } from '@mizan/protos';
import type { Identity, Rpc } from '@mizan/service-kit';
import type { ModelHost } from '../domain/model-host.ts';
import { getModelMetadata } from '../domain/get-model-metadata.ts';
import { isModelReady } from '../domain/is-model-ready.ts';
import { runInference, type InferDeps } from '../domain/run-inference.ts';
import type { OipBackend } from './oip-backend.ts';
import { SERVER_METADATA, toMetadataProto } from './oip-mapping.ts';

export interface WorkerOipDeps extends InferDeps {
  host: ModelHost;
  ready: () => boolean;
}

/** FP16 has no typed contents field in OIP, so a response holding one is raw whatever the request was. */
const needsRaw = (outputs: readonly Tensor[]) => outputs.some((t) => t.datatype === 'FP16');

/** ModelInfer on a worker: outputs are encoded the way the inputs came (raw in, raw out). */
export async function inferProto(deps: WorkerOipDeps, who: Identity, req: oip.ModelInferRequest, signal?: AbortSignal): Promise<oip.ModelInferResponse> {
  const out = await runInference(deps, who, {
    model: req.modelName,
    version: req.modelVersion,
    decode: () => decodeInputs(req),
    outputs: req.outputs.map((o) => o.name),
    ...(signal && { signal }),
  });
  const raw = req.rawInputContents.length > 0 || needsRaw(out.outputs);
  return { modelName: out.model, modelVersion: String(out.version), id: req.id, parameters: {}, ...encodeOutputs(out.outputs, { raw }) };
}

/** The worker's GRPCInferenceService: every model call runs here, in the caller's tenant. */
export function workerOipService(rpc: Rpc, deps: WorkerOipDeps): oip.GRPCInferenceServiceServer {
  return {
    serverLive: rpc.unary(async () => ({ live: true }), { public: true }),
    serverReady: rpc.unary(async () => ({ ready: deps.ready() }), { public: true }),
    serverMetadata: rpc.unary(async () => SERVER_METADATA),
    modelReady: rpc.unary(async (req: oip.ModelReadyRequest, ctx) => ({ ready: isModelReady(deps, ctx.who, req.name, req.version) })),
    modelMetadata: rpc.unary(async (req: oip.ModelMetadataRequest, ctx) => toMetadataProto(await getModelMetadata(deps, ctx.who, req.name, req.version, ctx.signal))),
    modelInfer: rpc.unary((req: oip.ModelInferRequest, ctx) => inferProto(deps, ctx.who, req, ctx.signal)),
  };
}

/** The same operations for the worker's REST routes. */
export function workerBackend(deps: WorkerOipDeps): OipBackend {
  return {
    ready: deps.ready,
    modelReady: async (who, model, version) => isModelReady(deps, who, model, version),
    modelMetadata: (who, model, version, call) => getModelMetadata(deps, who, model, version, call.signal),
    async infer(who, req, call) {
      const out = await runInference(deps, who, {
        model: req.model, version: req.version, decode: () => req.inputs, outputs: req.outputs, ...(call.signal && { signal: call.signal }),
      });
      return { model: out.model, version: String(out.version), id: req.id, outputs: out.outputs };
    },
  };
}
