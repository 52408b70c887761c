import { describe, expect, test } from 'vitest';
import { SAMPLES, sampleTensors } from '../test/fixtures.ts';
import { DATATYPES } from './datatype.ts';
import { toHalf } from './half.ts';
import { fromJsonTensor, stringifyJson, toJsonTensor } from './json.ts';
import type { Tensor } from './tensor.ts';

describe('JSON (OIP REST) forms', () => {
  test.each(DATATYPES)('%s round-trips through toJsonTensor and fromJsonTensor', (datatype) => {
    const tensor = sampleTensors().find((t) => t.datatype === datatype)!;
    expect(fromJsonTensor(toJsonTensor(tensor))).toEqual(tensor);
  });

  test.each(DATATYPES)('%s round-trips through JSON text written by stringifyJson', (datatype) => {
    const tensor = sampleTensors().find((t) => t.datatype === datatype)!;
    const text = stringifyJson(toJsonTensor(tensor));
    if (datatype === 'INT64' || datatype === 'UINT64') {
      // JSON.parse cannot hold 2^63 - 1 exactly; the text can. A bigint-aware parser reads it back.
      expect(text).toContain(String(SAMPLES[datatype][1]));
      return;
    }
    expect(fromJsonTensor(JSON.parse(text))).toEqual(tensor);
  });

  test('flat data per datatype, with 64-bit values as numbers only when exact', () => {
    const json = Object.fromEntries(sampleTensors().map((t) => [t.datatype, toJsonTensor(t).data]));
    expect(json).toEqual({
      BOOL: [true, false, true],
      UINT8: [0, 255, 7],
      UINT16: [0, 65535, 1],
      UINT32: [0, 4_294_967_295, 1],
      UINT64: [0, 2n ** 64n - 1n, 9_007_199_254_740_993n],
      INT8: [-128, 127, 0],
      INT16: [-32768, 32767, -1],
      INT32: [-2_147_483_648, 2_147_483_647, -1],
      INT64: [-(2n ** 63n), 2n ** 63n - 1n, -1],
      FP16: [-1.5, Infinity, -Infinity],
      FP32: [NaN, Infinity, -Infinity],
      FP64: [NaN, -Number.MAX_VALUE, Number.MIN_VALUE],
      BYTES: ['héllo', '', '€ and 😀'],
    });
    expect(toJsonTensor(sampleTensors()[0]!)).toEqual({ name: 't_bool', datatype: 'BOOL', shape: [1, 3], data: [true, false, true] });
  });

  test('stringifyJson writes bigints exactly and non-finite numbers as strings', () => {
    expect(stringifyJson({ a: [-(2n ** 63n), 2n ** 64n - 1n, 1.5, NaN, Infinity, -Infinity, -0], b: 'x"y', c: undefined, d: null, e: true }))
      .toBe('{"a":[-9223372036854775808,18446744073709551615,1.5,"NaN","Infinity","-Infinity",0],"b":"x\\"y","d":null,"e":true}');
    expect(stringifyJson([undefined, new Date(0)])).toBe('[null,"1970-01-01T00:00:00.000Z"]');
  });

  test('nested row-major data is flattened', () => {
    const tensor = fromJsonTensor({ name: 'x', datatype: 'INT32', shape: [2, 3], data: [[1, 2, 3], [4, 5, 6]] });
    expect(tensor).toEqual({ name: 'x', datatype: 'INT32', shape: [2, 3], data: new Int32Array([1, 2, 3, 4, 5, 6]) });
    expect(fromJsonTensor({ name: 'x', datatype: 'BYTES', shape: [2, 1], data: [['a'], ['b']] }).data).toEqual([new Uint8Array([97]), new Uint8Array([98])]);
    expect(fromJsonTensor({ name: 'x', datatype: 'FP32', shape: [1, 2, 2], data: [[[1, 2], [3, 4]]] }).data).toEqual(new Float32Array([1, 2, 3, 4]));
  });

  test('scalars, empty tensors, BOOL as 0/1, bigint and NaN spellings are accepted', () => {
    expect(fromJsonTensor({ name: 's', datatype: 'FP64', shape: [], data: [2.5] }).data).toEqual(new Float64Array([2.5]));
    expect(fromJsonTensor({ name: 'e', datatype: 'UINT8', shape: [0], data: [] }).data).toEqual(new Uint8Array(0));
    expect(fromJsonTensor({ name: 'e', datatype: 'FP16', shape: [2, 0], data: [[], []] }).data).toEqual(new Uint16Array(0));
    expect(fromJsonTensor({ name: 'b', datatype: 'BOOL', shape: [2], data: [1, 0] }).data).toEqual(new Uint8Array([1, 0]));
    expect(fromJsonTensor({ name: 'i', datatype: 'INT64', shape: [2], data: [2n ** 63n - 1n, -5] }).data).toEqual(new BigInt64Array([2n ** 63n - 1n, -5n]));
    expect(fromJsonTensor({ name: 'f', datatype: 'FP32', shape: [3], data: ['NaN', 'Infinity', '-Infinity'] }).data).toEqual(new Float32Array([NaN, Infinity, -Infinity]));
    expect(fromJsonTensor({ name: 'h', datatype: 'FP16', shape: [2], data: [0.1, 65504] }).data).toEqual(new Uint16Array([toHalf(0.1), 0x7bff]));
  });

  test('parameters are kept, 64-bit ones exact', () => {
    const tensor = fromJsonTensor({ name: 'p', datatype: 'UINT8', shape: [1], data: [1], parameters: { binary: false, n: 2, s: 'x' } });
    expect(tensor.parameters).toEqual({ binary: false, n: 2, s: 'x' });
    const withBig: Tensor = { ...tensor, parameters: { big: 2n ** 60n, small: 3n } };
    expect(toJsonTensor(withBig).parameters).toEqual({ big: 2n ** 60n, small: 3 });
  });
});
