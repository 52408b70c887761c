// Small ONNX models built in the tests themselves (no dependency on @mizan/tools, which depends on this package).
import { type OnnxProto, onnx } from '../src/index.ts';

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

type Dim = number | string;

export function valueInfo(name: string, elemType: number, dims: Dim[]): OnnxProto.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export function floatTensor(name: string, dims: number[], values: number[]): OnnxProto.ITensorProto {
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(Float32Array.from(values).buffer) };
}

export function encodeModel(graph: OnnxProto.IGraphProto, opset = 17): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'mizan-onnx-test',
    producerVersion: '1',
    graph,
    metadataProps: [{ key: 'purpose', value: 'test' }],
  }).finish();
}

/** y = x + bias, x float32 [batch, 4], bias = [1, 2, 3, 4] as an initializer (also listed as a graph input, as old exporters do). */
export function addModel(): Uint8Array {
  return encodeModel({
    name: 'add',
    input: [valueInfo('x', DataType.FLOAT, ['batch', 4]), valueInfo('bias', DataType.FLOAT, [4])],
    output: [valueInfo('y', DataType.FLOAT, ['batch', 4]), valueInfo('n', DataType.INT64, [])],
    initializer: [floatTensor('bias', [4], [1, 2, 3, 4])],
    node: [
      { opType: 'Add', input: ['x', 'bias'], output: ['y'] },
      { opType: 'Size', input: ['x'], output: ['n'] },
    ],
  });
}

/**
 * `steps` chained MatMuls of a float32 [n, n] input with itself-shaped weights: a model whose run time
 * the test picks through n, for timing and concurrency tests.
 */
export function slowModel(steps: number): Uint8Array {
  const node: OnnxProto.INodeProto[] = [];
  let last = 'a';
  for (let i = 0; i < steps; i++) {
    const out = i === steps - 1 ? 'c' : `m${i}`;
    node.push({ opType: 'MatMul', input: [last, 'b'], output: [out] });
    last = out;
  }
  return encodeModel({
    name: 'slow',
    input: [valueInfo('a', DataType.FLOAT, ['n', 'n']), valueInfo('b', DataType.FLOAT, ['n', 'n'])],
    output: [valueInfo('c', DataType.FLOAT, ['n', 'n'])],
    node,
  });
}

/** A tensor that points at a file beside the model, as ONNX's external data format writes it. */
export function externalTensor(name: string): OnnxProto.ITensorProto {
  return {
    name,
    dims: [4],
    dataType: DataType.FLOAT,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: 'weights.bin' },
      { key: 'offset', value: '0' },
      { key: 'length', value: '16' },
    ],
  };
}

/** The Add model with its bias initializer moved to external data. */
export function externalInitializerModel(): Uint8Array {
  return encodeModel({
    name: 'add_external',
    input: [valueInfo('x', DataType.FLOAT, ['batch', 4])],
    output: [valueInfo('y', DataType.FLOAT, ['batch', 4])],
    initializer: [externalTensor('bias')],
    node: [{ opType: 'Add', input: ['x', 'bias'], output: ['y'] }],
  });
}

/** External data hidden in a Constant node's `value` attribute inside the else-branch subgraph of an If. */
export function externalInIfModel(): Uint8Array {
  const branch = (name: string, value: OnnxProto.ITensorProto): OnnxProto.IGraphProto => ({
    name,
    output: [valueInfo('k', DataType.FLOAT, [4])],
    node: [{ opType: 'Constant', output: ['k'], attribute: [{ name: 'value', type: AttributeType.TENSOR, t: value }] }],
  });
  return encodeModel({
    name: 'if_external',
    input: [valueInfo('cond', DataType.BOOL, []), valueInfo('x', DataType.FLOAT, [4])],
    output: [valueInfo('y', DataType.FLOAT, [4])],
    node: [
      {
        opType: 'If',
        input: ['cond'],
        output: ['k'],
        attribute: [
          { name: 'then_branch', type: AttributeType.GRAPH, g: branch('then', floatTensor('k_then', [4], [1, 1, 1, 1])) },
          { name: 'else_branch', type: AttributeType.GRAPH, g: branch('else', externalTensor('k_else')) },
        ],
      },
      { opType: 'Add', input: ['x', 'k'], output: ['y'] },
    ],
  });
}
