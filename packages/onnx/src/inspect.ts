import { type OipDatatype, onnxElemTypeToOip } from './datatypes.ts';
import { OnnxModelError } from './errors.ts';
import { findExternalData } from './external-data.ts';
import { type OnnxProto, onnx } from './onnx-proto.ts';

/** One input or output of a model; -1 marks a dynamic dimension. */
export interface TensorSpec {
  name: string;
  datatype: OipDatatype;
  shape: number[];
}

export interface OnnxInspection {
  irVersion: number;
  opsetImports: { domain: string; version: number }[];
  producer: { name: string; version: string };
  docString: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  metadata: Record<string, string>;
}

export interface InspectLimits {
  /** Refuse models larger than this; default 512 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_MODEL_BYTES = 512 * 1024 * 1024;

/**
 * Reads an ONNX model's signature and metadata without onnxruntime, and refuses what must never reach
 * it: bytes that are not a ModelProto with a graph, models over `maxBytes`, any tensor stored as external
 * data (an uploaded model is untrusted, and external data would read files beside it), and inputs or
 * outputs of types onnxruntime-node cannot serve. Throws OnnxModelError.
 */
export function inspectOnnx(bytes: Uint8Array, limits: InspectLimits = {}): OnnxInspection {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_MODEL_BYTES;
  if (bytes.byteLength > maxBytes) {
    throw new OnnxModelError(`model is ${bytes.byteLength} bytes, more than the limit of ${maxBytes}`);
  }
  const model = decodeModel(bytes);
  let external;
  try {
    external = findExternalData(bytes);
  } catch (err) {
    throw new OnnxModelError(`not a valid ONNX model: ${(err as Error).message}`, { cause: err });
  }
  if (external) {
    throw new OnnxModelError(
      `tensor "${external.tensor}" at ${external.path} uses external data; only self-contained models are accepted`,
    );
  }
  const graph = model.graph as OnnxProto.GraphProto; // decode() builds class instances, with every repeated field set
  const initializers = new Set([
    ...graph.initializer.map((t) => t.name),
    ...graph.sparseInitializer.map((s) => s.values?.name),
  ]);
  return {
    irVersion: toNumber(model.irVersion),
    opsetImports: model.opsetImport.map((o) => ({ domain: o.domain ?? '', version: toNumber(o.version) })),
    producer: { name: model.producerName, version: model.producerVersion },
    docString: model.docString,
    inputs: graph.input.filter((i) => !initializers.has(i.name)).map((i) => tensorSpec(i, 'input')),
    outputs: graph.output.map((o) => tensorSpec(o, 'output')),
    metadata: Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value])),
  };
}

function decodeModel(bytes: Uint8Array): OnnxProto.ModelProto {
  let model: OnnxProto.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new OnnxModelError(`not a valid ONNX model: ${(err as Error).message}`, { cause: err });
  }
  // Protobuf decodes many byte strings "successfully"; a real model has an IR version and a graph.
  if (toNumber(model.irVersion) < 1 || !model.graph) {
    throw new OnnxModelError('not a valid ONNX model: no ir_version or no graph');
  }
  return model;
}

function tensorSpec(value: OnnxProto.IValueInfoProto, role: 'input' | 'output'): TensorSpec {
  const name = value.name ?? '';
  const tensor = value.type?.tensorType;
  if (!tensor) throw new OnnxModelError(`${role} "${name}" is not a dense tensor; only tensors can be served`);
  const datatype = onnxElemTypeToOip(tensor.elemType ?? 0);
  if (!datatype) {
    const typeName = onnx.TensorProto.DataType[tensor.elemType ?? 0] ?? String(tensor.elemType);
    throw new OnnxModelError(`${role} "${name}" has element type ${typeName}, which cannot be served`);
  }
  // No shape at all means unknown rank; report one dynamic dimension rather than claim a scalar.
  const shape = tensor.shape ? (tensor.shape.dim ?? []).map(dimSize) : [-1];
  return { name, datatype, shape };
}

function dimSize(dim: OnnxProto.TensorShapeProto.IDimension): number {
  const size = dim.dimValue == null ? -1 : toNumber(dim.dimValue);
  return size >= 0 ? size : -1;
}

const toNumber = (v: number | { toNumber(): number } | null | undefined): number =>
  v == null ? 0 : typeof v === 'number' ? v : v.toNumber();
