import { wireFields } from './wire.ts';

// Every path through which an ONNX model can hold a TensorProto, by message and field number (onnx.proto,
// ONNX 1.17). Walked on the raw wire rather than through onnx-proto, whose 1.10 schema would silently
// drop newer fields such as FunctionProto.attribute_proto that onnxruntime does read.
type Kind = 'model' | 'graph' | 'node' | 'attribute' | 'function' | 'training' | 'sparse' | 'tensor';
const CHILDREN: Record<Exclude<Kind, 'tensor'>, Record<number, [string, Kind]>> = {
  model: { 7: ['graph', 'graph'], 20: ['training_info', 'training'], 25: ['functions', 'function'] },
  graph: { 1: ['node', 'node'], 5: ['initializer', 'tensor'], 15: ['sparse_initializer', 'sparse'] },
  node: { 5: ['attribute', 'attribute'] },
  attribute: {
    5: ['t', 'tensor'],
    6: ['g', 'graph'],
    10: ['tensors', 'tensor'],
    11: ['graphs', 'graph'],
    22: ['sparse_tensor', 'sparse'],
    23: ['sparse_tensors', 'sparse'],
  },
  function: { 7: ['node', 'node'], 11: ['attribute_proto', 'attribute'] },
  training: { 1: ['initialization', 'graph'], 2: ['algorithm', 'graph'] },
  sparse: { 1: ['values', 'tensor'], 2: ['indices', 'tensor'] },
};
const TENSOR_NAME = 8;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const MAX_DEPTH = 100;

export type ExternalDataFinding = { path: string; tensor: string };

/**
 * The first tensor anywhere in the model (initializers, node attributes, sparse tensors, subgraphs of
 * If/Loop/Scan at any depth, local functions, training graphs) that has `data_location: EXTERNAL` or
 * `external_data` entries; undefined if none. Throws RangeError when the bytes are not protobuf.
 */
export function findExternalData(model: Uint8Array): ExternalDataFinding | undefined {
  return walk(model, 'model', 'model', 0);
}

function walk(buf: Uint8Array, kind: Kind, path: string, depth: number): ExternalDataFinding | undefined {
  if (depth > MAX_DEPTH) throw new RangeError(`messages nested deeper than ${MAX_DEPTH}`);
  if (kind === 'tensor') return externalTensor(buf, path);
  const children = CHILDREN[kind];
  const counts = new Map<number, number>();
  for (const field of wireFields(buf)) {
    const child = children[field.no];
    // A known field with another wire type is an unknown field to protobuf, as onnxruntime parses it.
    if (!child || field.wireType !== 2) continue;
    const index = counts.get(field.no) ?? 0;
    counts.set(field.no, index + 1);
    const found = walk(field.value, child[1], `${path}.${child[0]}[${index}]`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function externalTensor(buf: Uint8Array, path: string): ExternalDataFinding | undefined {
  let name = '';
  let external = false;
  for (const field of wireFields(buf)) {
    if (field.no === TENSOR_NAME && field.wireType === 2) name = new TextDecoder().decode(field.value);
    if (field.no === TENSOR_EXTERNAL_DATA) external = true;
    // Any value but DEFAULT (0), in any encoding, counts: being stricter than the parser costs nothing here.
    if (field.no === TENSOR_DATA_LOCATION && !(field.wireType === 0 && field.value === 0n)) external = true;
  }
  return external ? { path, tensor: name } : undefined;
}
