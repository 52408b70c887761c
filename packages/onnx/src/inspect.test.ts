import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, test } from 'vitest';
import {
  addModel,
  encodeModel,
  externalInIfModel,
  externalInitializerModel,
  externalTensor,
  floatTensor,
  valueInfo,
} from '../test/models.ts';
import { OnnxModelError, type OnnxProto, inspectOnnx, onnx } from './index.ts';

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

function refusal(bytes: Uint8Array, limits?: { maxBytes?: number }): OnnxModelError {
  try {
    inspectOnnx(bytes, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(OnnxModelError);
    expect((err as OnnxModelError).code).toBe('INVALID_ARGUMENT');
    return err as OnnxModelError;
  }
  throw new Error('inspectOnnx accepted the model');
}

/** A length-delimited protobuf field, to write fields onnx-proto's ONNX 1.10 schema does not know. */
function field(no: number, payload: Uint8Array): Uint8Array {
  return Buffer.concat([varint((no << 3) | 2), varint(payload.length), payload]);
}

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let n = value; n >= 0x80; n >>>= 7) bytes.push((n & 0x7f) | 0x80);
  bytes.push(value >>> (7 * bytes.length));
  return Uint8Array.from(bytes);
}

describe('inspectOnnx', () => {
  test('reads the signature, leaving out inputs that are initializers', () => {
    const info = inspectOnnx(addModel());
    expect(info).toEqual({
      irVersion: 8,
      opsetImports: [{ domain: '', version: 17 }],
      producer: { name: 'mizan-onnx-test', version: '1' },
      docString: '',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [
        { name: 'y', datatype: 'FP32', shape: [-1, 4] },
        { name: 'n', datatype: 'INT64', shape: [] },
      ],
      metadata: { purpose: 'test' },
    });
  });

  test('reports an input of unknown rank as one dynamic dimension', () => {
    const model = encodeModel({
      input: [{ name: 'x', type: { tensorType: { elemType: DataType.INT32 } } }],
      output: [valueInfo('y', DataType.INT32, ['n'])],
      node: [{ opType: 'Identity', input: ['x'], output: ['y'] }],
    });
    expect(inspectOnnx(model).inputs).toEqual([{ name: 'x', datatype: 'INT32', shape: [-1] }]);
  });

  describe('refuses external data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mizan-onnx-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('in an initializer, which onnxruntime would read from the file beside the model', async () => {
      // The threat, shown: loaded from a path, the model pulls its weights from a neighbouring file.
      writeFileSync(join(dir, 'model.onnx'), externalInitializerModel());
      writeFileSync(join(dir, 'weights.bin'), Buffer.from(Float32Array.of(10, 20, 30, 40).buffer));
      const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
      const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(4), [1, 4]) });
      await session.release();
      expect([...(out.y!.data as Float32Array)]).toEqual([10, 20, 30, 40]);

      expect(refusal(externalInitializerModel()).message).toMatch(/tensor "bias" at model\.graph\[0\]\.initializer\[0\] uses external data/);
    });

    test('in a Constant node attribute inside an If subgraph', () => {
      const err = refusal(externalInIfModel());
      expect(err.message).toContain('"k_else"');
      expect(err.message).toContain('attribute[1].g[0].node[0].attribute[0].t[0]');
    });

    test('in a sparse initializer and in a tensors attribute', () => {
      const sparse = encodeModel({
        input: [valueInfo('x', DataType.FLOAT, [4])],
        output: [valueInfo('x', DataType.FLOAT, [4])],
        sparseInitializer: [{ values: externalTensor('sv'), indices: { name: 'si', dims: [1], dataType: DataType.INT64, int64Data: [0] }, dims: [4] }],
      });
      expect(refusal(sparse).message).toContain('"sv"');
      const tensors = encodeModel({
        output: [valueInfo('y', DataType.FLOAT, [4])],
        node: [{ opType: 'Custom', output: ['y'], attribute: [{ name: 'ts', type: AttributeType.TENSORS, tensors: [floatTensor('ok', [1], [1]), externalTensor('hidden')] }] }],
      });
      expect(refusal(tensors).message).toContain('tensors[1]');
    });

    test('marked by data_location alone, or by external_data entries alone', () => {
      const model = (tensor: OnnxProto.ITensorProto): Uint8Array =>
        encodeModel({ output: [valueInfo('w', DataType.FLOAT, [4])], initializer: [tensor] });
      expect(refusal(model({ ...externalTensor('a'), externalData: [] })).message).toContain('"a"');
      expect(refusal(model({ ...externalTensor('b'), dataLocation: onnx.TensorProto.DataLocation.DEFAULT })).message).toContain('"b"');
      expect(() => inspectOnnx(model(floatTensor('c', [4], [1, 2, 3, 4])))).not.toThrow();
    });

    test('in a local function attribute default, a field newer than the onnx-proto schema', () => {
      const attribute = onnx.AttributeProto.encode({ name: 'w', type: AttributeType.TENSOR, t: externalTensor('fn_default') }).finish();
      const fn = Buffer.concat([field(1, Buffer.from('f')), field(11, attribute)]);
      const model = Buffer.concat([addModel(), field(25, fn)]); // concatenated protobuf messages merge
      expect(inspectOnnx(addModel()).inputs).toHaveLength(1);
      expect(refusal(model).message).toContain('model.functions[0].attribute_proto[0].t[0]');
    });

    test('but accepts subgraphs whose tensors are inline', () => {
      const inline = new onnx.ModelProto(onnx.ModelProto.decode(externalInIfModel()));
      const ifNode = inline.graph!.node![0]!;
      ifNode.attribute![1]!.g!.node![0]!.attribute![0]!.t = floatTensor('k_else', [4], [2, 2, 2, 2]);
      expect(inspectOnnx(onnx.ModelProto.encode(inline).finish()).inputs.map((i) => i.name)).toEqual(['cond', 'x']);
    });
  });

  test('refuses bytes that are not an ONNX model', () => {
    expect(refusal(new Uint8Array()).message).toMatch(/not a valid ONNX model/);
    expect(refusal(Buffer.from('this is not a model')).message).toMatch(/not a valid ONNX model/);
    expect(refusal(addModel().subarray(0, 40)).message).toMatch(/not a valid ONNX model/);
    const noGraph = onnx.ModelProto.encode({ irVersion: 8, producerName: 'x' }).finish();
    expect(refusal(noGraph).message).toMatch(/no graph/);
  });

  test('refuses a model over the size limit', () => {
    const bytes = addModel();
    expect(refusal(bytes, { maxBytes: bytes.byteLength - 1 }).message).toMatch(/more than the limit/);
    expect(() => inspectOnnx(bytes, { maxBytes: bytes.byteLength })).not.toThrow();
  });

  test('refuses inputs and outputs it cannot serve', () => {
    const bf16 = encodeModel({
      input: [valueInfo('x', DataType.BFLOAT16, [2])],
      output: [valueInfo('x', DataType.BFLOAT16, [2])],
    });
    expect(refusal(bf16).message).toMatch(/input "x" has element type BFLOAT16/);
    const sequence = encodeModel({
      input: [{ name: 's', type: { sequenceType: { elemType: { tensorType: { elemType: DataType.FLOAT } } } } }],
      output: [valueInfo('y', DataType.FLOAT, [1])],
    });
    expect(refusal(sequence).message).toMatch(/input "s" is not a dense tensor/);
  });
});
