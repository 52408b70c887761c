import { type OnnxProto, onnx } from '@mizan/onnx';
import {
  FRAUD_FEATURE_DESCRIPTIONS,
  FRAUD_FEATURES,
  FRAUD_MODEL_NAME,
  HIDDEN1,
  HIDDEN2,
  fraudWeights,
} from './fraud-weights.ts';

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

const OPSET = 17;
const IR_VERSION = 8;
const PRODUCER = 'mizan-tools';
const PRODUCER_VERSION = '0.1.0';
const THRESHOLD = 0.5;

/**
 * The demo fraud scorer as ONNX bytes: features float32 [batch, 12] → standardise → Gemm 12→16, Relu →
 * Gemm 16→8, Relu → Gemm 8→1, Sigmoid → probability float32 [batch, 1] and label int64 [batch, 1].
 * Byte-identical on every build.
 */
export function buildFraudModel(): Uint8Array {
  const w = fraudWeights();
  const n = FRAUD_FEATURES.length;
  const graph = onnx.GraphProto.create({
    name: 'fraud_mlp',
    input: [tensorInfo('features', DataType.FLOAT, n)],
    output: [tensorInfo('probability', DataType.FLOAT, 1), tensorInfo('label', DataType.INT64, 1)],
    initializer: [
      floatTensor('mean', [n], w.mean),
      floatTensor('std', [n], w.std),
      floatTensor('w1', [HIDDEN1, n], w.w1),
      floatTensor('b1', [HIDDEN1], w.b1),
      floatTensor('w2', [HIDDEN2, HIDDEN1], w.w2),
      floatTensor('b2', [HIDDEN2], w.b2),
      floatTensor('w3', [1, HIDDEN2], w.w3),
      floatTensor('b3', [1], w.b3),
      floatTensor('threshold', [], Float32Array.of(THRESHOLD)),
    ],
    node: [
      node('Sub', ['features', 'mean'], ['centred']),
      node('Div', ['centred', 'std'], ['z']),
      gemm(['z', 'w1', 'b1'], 'a1'),
      node('Relu', ['a1'], ['h1']),
      gemm(['h1', 'w2', 'b2'], 'a2'),
      node('Relu', ['a2'], ['h2']),
      gemm(['h2', 'w3', 'b3'], 'logit'),
      node('Sigmoid', ['logit'], ['probability']),
      node('GreaterOrEqual', ['probability', 'threshold'], ['is_fraud']),
      node('Cast', ['is_fraud'], ['label'], [{ name: 'to', type: AttributeType.INT, i: DataType.INT64 }]),
    ],
  });
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: PRODUCER,
    producerVersion: PRODUCER_VERSION,
    domain: 'dev.mizan.demo',
    modelVersion: 1,
    docString:
      'Demo card-fraud scorer for Mizan: a 12-16-8-1 MLP with deterministic (untrained) weights. ' +
      `probability is the fraud score; label is 1 when probability >= ${THRESHOLD}.`,
    graph,
    metadataProps: [
      { key: 'name', value: FRAUD_MODEL_NAME },
      { key: 'description', value: 'Scores card transactions for fraud from 12 features.' },
      { key: 'features', value: FRAUD_FEATURES.map((f) => `${f}: ${FRAUD_FEATURE_DESCRIPTIONS[f]}`).join('; ') },
      { key: 'threshold', value: String(THRESHOLD) },
    ],
  });
  return onnx.ModelProto.encode(model).finish();
}

function tensorInfo(name: string, elemType: number, width: number): OnnxProto.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  };
}

function floatTensor(name: string, dims: number[], data: Float32Array): OnnxProto.ITensorProto {
  // raw_data is little-endian by the ONNX spec; write it explicitly rather than trust the host order.
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: DataType.FLOAT, rawData: raw };
}

function node(
  opType: string,
  input: string[],
  output: string[],
  attribute: OnnxProto.IAttributeProto[] = [],
): OnnxProto.INodeProto {
  return { name: output[0], opType, input, output, attribute };
}

function gemm(input: string[], output: string): OnnxProto.INodeProto {
  return node('Gemm', input, [output], [{ name: 'transB', type: AttributeType.INT, i: 1 }]);
}
