import type { Identity } from '@mizan/service-kit';
import type { ModelHost } from './model-host.ts';
import { checkModelName, parseVersionSpec } from './model-ref.ts';
import type { TensorSpec } from './ports.ts';

/** OIP's platform name for ONNX models served by onnxruntime. */
export const PLATFORM = 'onnxruntime_onnx';

export interface ModelMetadata {
  name: string;
  /** Versions of the model ready on this worker. */
  versions: string[];
  platform: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** version (the one resolved), sha256, provider: where and what exactly serves it. */
  properties: Record<string, string>;
}

/** The signature of the version a request names, as read from the model itself when it was loaded. */
export async function getModelMetadata(deps: { host: ModelHost }, who: Identity, model: string, version: string, signal?: AbortSignal): Promise<ModelMetadata> {
  checkModelName(model);
  const v = await deps.host.resolve(who.tenantId, model, parseVersionSpec(model, version), signal);
  const sig = v.signature!;
  const versions = new Set([...deps.host.readyVersions(who.tenantId, model), v.version]);
  return {
    name: model,
    versions: [...versions].sort((a, b) => a - b).map(String),
    platform: PLATFORM,
    inputs: sig.inputs,
    outputs: sig.outputs,
    properties: { version: String(v.version), sha256: v.sha256, provider: sig.provider },
  };
}
