import type { Tensor } from '@mizan/oip';
import type { Identity } from '@mizan/service-kit';
import type { ModelMetadata } from '../domain/get-model-metadata.ts';

export interface TensorInferRequest {
  model: string;
  version: string;
  id: string;
  inputs: Tensor[];
  outputs: string[];
}

export interface TensorInferResponse {
  model: string;
  version: string;
  id: string;
  outputs: Tensor[];
}

export interface CallInfo {
  requestId: string;
  traceparent?: string | undefined;
  signal?: AbortSignal;
}

/** What the OIP REST routes need, served locally by a worker or forwarded by a router. */
export interface OipBackend {
  ready(): boolean;
  modelReady(who: Identity, model: string, version: string, call: CallInfo): Promise<boolean>;
  modelMetadata(who: Identity, model: string, version: string, call: CallInfo): Promise<ModelMetadata>;
  infer(who: Identity, req: TensorInferRequest, call: CallInfo): Promise<TensorInferResponse>;
}
