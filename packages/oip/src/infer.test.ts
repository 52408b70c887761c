import { oip } from '@mizan/protos';
import { describe, expect, test } from 'vitest';
import { contents, input, SAMPLES, sampleTensors, throughWire } from '../test/fixtures.ts';
import { DATATYPES, bytesPerElement } from './datatype.ts';
import { decodeInputs, decodeOutputs, encodeInputs, encodeOutputs } from './infer.ts';
import { dataToRaw, rawToData } from './raw.ts';
import type { Tensor } from './tensor.ts';

const where = { role: 'input', name: 'x' } as const;

describe('every datatype round-trips', () => {
  test.each(DATATYPES)('%s through raw bytes on the wire', (datatype) => {
    const tensor = sampleTensors().find((t) => t.datatype === datatype)!;
    expect(throughWire([tensor], true)).toEqual([tensor]);
  });

  test.each(DATATYPES.filter((d) => d !== 'FP16'))('%s through typed contents on the wire', (datatype) => {
    const tensor = sampleTensors().find((t) => t.datatype === datatype)!;
    expect(throughWire([tensor], false)).toEqual([tensor]);
  });

  test('all datatypes together, as outputs of a response', () => {
    const tensors = sampleTensors();
    const response: oip.ModelInferResponse = { modelName: 'm', modelVersion: '1', id: 'r', parameters: {}, ...encodeOutputs(tensors, { raw: true }) };
    expect(response.outputs.every((o) => o.contents === undefined)).toBe(true);
    expect(response.rawOutputContents).toHaveLength(tensors.length);
    expect(decodeOutputs(oip.ModelInferResponse.decode(oip.ModelInferResponse.encode(response).finish()))).toEqual(tensors);
  });

  test('outputs through typed contents', () => {
    const tensors = sampleTensors().filter((t) => t.datatype !== 'FP16');
    const encoded = encodeOutputs(tensors, { raw: false });
    expect(encoded.rawOutputContents).toEqual([]);
    expect(encoded.outputs.find((o) => o.datatype === 'UINT8')!.contents!.uintContents).toEqual([0, 255, 7]);
    expect(encoded.outputs.find((o) => o.datatype === 'BOOL')!.contents!.boolContents).toEqual([true, false, true]);
    expect(decodeOutputs(encoded)).toEqual(tensors);
  });

  test.each(DATATYPES)('%s with empty shapes [0] and [2, 0, 3], raw and contents', (datatype) => {
    for (const shape of [[0], [2, 0, 3]]) {
      const empty = { name: 'e', datatype, shape, data: datatype === 'BYTES' ? [] : SAMPLES[datatype].slice(0, 0) } as Tensor;
      expect(throughWire([empty], true)).toEqual([empty]);
      expect(throughWire([empty], false)).toEqual([empty]);
    }
  });

  test.each(DATATYPES)('%s as a scalar (shape [])', (datatype) => {
    const scalar = { name: 's', datatype, shape: [], data: SAMPLES[datatype].slice(1, 2) } as Tensor;
    expect(throughWire([scalar], true)).toEqual([scalar]);
    if (datatype !== 'FP16') expect(throughWire([scalar], false)).toEqual([scalar]);
  });

  test('-0 and float32 rounding survive as the typed array holds them', () => {
    const tensor: Tensor = { name: 'f', datatype: 'FP32', shape: [3], data: new Float32Array([-0, 0.1, 3.4028234663852886e38]) };
    for (const raw of [true, false]) {
      const [back] = throughWire([tensor], raw);
      expect(Object.is(back!.data[0], -0)).toBe(true);
      expect(back).toEqual(tensor);
    }
  });

  test('tensor parameters travel as InferParameter', () => {
    const tensor: Tensor = { name: 'p', datatype: 'INT32', shape: [1], data: new Int32Array([1]), parameters: { flag: true, n: 3, big: 2n ** 63n, ratio: 0.5, s: 'x' } };
    const encoded = encodeInputs([tensor], { raw: true });
    expect(encoded.inputs[0]!.parameters).toEqual({
      flag: { parameterChoice: { $case: 'boolParam', value: true } },
      n: { parameterChoice: { $case: 'int64Param', value: 3n } },
      big: { parameterChoice: { $case: 'uint64Param', value: 2n ** 63n } },
      ratio: { parameterChoice: { $case: 'doubleParam', value: 0.5 } },
      s: { parameterChoice: { $case: 'stringParam', value: 'x' } },
    });
    expect(throughWire([tensor], true)).toEqual([tensor]);
  });
});

describe('raw decoding shares memory where it can', () => {
  const fixed = DATATYPES.filter((d) => d !== 'BYTES');

  test.each(fixed)('%s: a view of the received bytes when aligned', (datatype) => {
    const raw = dataToRaw(datatype, SAMPLES[datatype], where);
    const size = bytesPerElement(datatype);
    const backing = new Uint8Array(raw.byteLength + 16);
    backing.set(raw, size * 2);
    const data = rawToData(datatype, backing.subarray(size * 2, size * 2 + raw.byteLength), 3, where);
    expect(data).toEqual(SAMPLES[datatype]);
    expect(data.buffer).toBe(backing.buffer);
  });

  test.each(fixed)('%s: a copy when the slice starts at an odd offset', (datatype) => {
    const raw = dataToRaw(datatype, SAMPLES[datatype], where);
    // Buffer.concat of an odd prefix puts the tensor at an unaligned offset of the pooled buffer.
    const message = Buffer.concat([Buffer.from([1, 2, 3]), raw, Buffer.from([4])]);
    const slice = message.subarray(3, 3 + raw.byteLength);
    const data = rawToData(datatype, slice, 3, where);
    expect(data).toEqual(SAMPLES[datatype]);
    expect(data.buffer === message.buffer).toBe(bytesPerElement(datatype) === 1);
  });

  test('raw contents decoded from a protobuf message point into its buffer', () => {
    const tensors = sampleTensors();
    const request: oip.ModelInferRequest = { modelName: 'm', modelVersion: '', id: '', parameters: {}, outputs: [], ...encodeInputs(tensors, { raw: true }) };
    const bytes = oip.ModelInferRequest.encode(request).finish();
    const decoded = decodeInputs(oip.ModelInferRequest.decode(bytes));
    expect(decoded).toEqual(tensors);
    const bytesTensor = decoded.find((t) => t.datatype === 'BYTES')!;
    expect((bytesTensor.data as Uint8Array[])[0]!.buffer).toBe(bytes.buffer);
    expect(decoded.filter((t) => t.datatype !== 'BYTES' && t.data.buffer === bytes.buffer).length).toBeGreaterThan(0);
  });

  test('a message in a Buffer at an odd offset, as grpc-js hands it over, decodes to the same tensors', () => {
    const tensors = sampleTensors();
    const request: oip.ModelInferRequest = { modelName: 'm', modelVersion: '', id: '', parameters: {}, outputs: [], ...encodeInputs(tensors, { raw: true }) };
    for (const pad of [1, 2, 3, 5]) {
      const received = Buffer.concat([Buffer.alloc(pad), oip.ModelInferRequest.encode(request).finish()]).subarray(pad);
      const snapshot = Buffer.from(received);
      expect(decodeInputs(oip.ModelInferRequest.decode(received))).toEqual(tensors);
      expect(received.equals(snapshot)).toBe(true);
    }
  });

  test('encoding raw on a little-endian host is a view of the typed array', () => {
    const data = new Float64Array([1, 2]);
    const raw = dataToRaw('FP64', data, where);
    expect(raw.buffer).toBe(data.buffer);
    expect([...raw.subarray(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]); // 1.0, little-endian
  });

  test.each(fixed)('%s: a big-endian host swaps bytes on a copy', (datatype) => {
    const little = dataToRaw(datatype, SAMPLES[datatype], where);
    const size = bytesPerElement(datatype);
    const wire = dataToRaw(datatype, SAMPLES[datatype], where, false);
    // The bytes a big-endian host holds are the little-endian ones reversed per element.
    const bigEndianMemory = Uint8Array.from({ length: little.length }, (_, i) => little[i - (i % size) + (size - 1 - (i % size))]!);
    expect(wire).toEqual(bigEndianMemory);
    const received = Buffer.from(wire);
    expect(rawToData(datatype, received, 3, where, false)).toEqual(SAMPLES[datatype]);
    expect(received.equals(wire)).toBe(true); // swapped on a copy, never in the caller's buffer
  });

  test('BYTES raw is a 4-byte little-endian length before each element', () => {
    const raw = dataToRaw('BYTES', [new Uint8Array([0xff, 0]), new Uint8Array(0)], where);
    expect([...raw]).toEqual([2, 0, 0, 0, 0xff, 0, 0, 0, 0, 0]);
  });
});

describe('contents decoding', () => {
  test('reads each datatype from the field the spec assigns it', () => {
    const request = {
      inputs: [
        input('b', 'BOOL', [2], { boolContents: [true, false] }),
        input('i8', 'INT8', [1], { intContents: [-128] }),
        input('u16', 'UINT16', [1], { uintContents: [65535] }),
        input('i64', 'INT64', [1], { int64Contents: [-(2n ** 63n)] }),
        input('u64', 'UINT64', [1], { uint64Contents: [2n ** 64n - 1n] }),
        input('f', 'FP32', [1], { fp32Contents: [0.5] }),
        input('d', 'FP64', [1], { fp64Contents: [0.1] }),
        input('s', 'BYTES', [1], { bytesContents: [new Uint8Array([1])] }),
        input('none', 'FP16', [0]),
      ],
      rawInputContents: [],
    };
    expect(decodeInputs(request).map((t) => [t.name, t.datatype, t.data])).toEqual([
      ['b', 'BOOL', new Uint8Array([1, 0])],
      ['i8', 'INT8', new Int8Array([-128])],
      ['u16', 'UINT16', new Uint16Array([65535])],
      ['i64', 'INT64', new BigInt64Array([-(2n ** 63n)])],
      ['u64', 'UINT64', new BigUint64Array([2n ** 64n - 1n])],
      ['f', 'FP32', new Float32Array([0.5])],
      ['d', 'FP64', new Float64Array([0.1])],
      ['s', 'BYTES', [new Uint8Array([1])]],
      ['none', 'FP16', new Uint16Array(0)],
    ]);
  });

  test('a contents message with every field empty counts as no contents next to raw', () => {
    const request = { inputs: [{ ...input('x', 'UINT8', [1]), contents: contents({}) }], rawInputContents: [new Uint8Array([9])] };
    expect(decodeInputs(request)[0]!.data).toEqual(new Uint8Array([9]));
  });
});
