import type { Tensor } from '@mizan/oip';
import { describe, expect, test } from 'vitest';
import { checkInputs, selectOutputs } from './signature.ts';
import { parseVersionSpec } from './model-ref.ts';

const inputs = [
  { name: 'x', datatype: 'FP32' as const, shape: [-1, 3] },
  { name: 'ids', datatype: 'INT64' as const, shape: [-1] },
];
const x = (shape: number[], datatype: Tensor['datatype'] = 'FP32'): Tensor => ({ name: 'x', datatype, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) }) as Tensor;
const ids: Tensor = { name: 'ids', datatype: 'INT64', shape: [2], data: new BigInt64Array(2) };

describe('checkInputs', () => {
  test('accepts any size on a dynamic dimension', () => {
    expect(() => checkInputs('m', inputs, [x([2, 3]), ids])).not.toThrow();
    expect(() => checkInputs('m', inputs, [x([0, 3]), ids])).not.toThrow();
  });
  test.each([
    [[x([2, 3]), ids, { ...ids, name: 'extra' }], /unknown input "extra" for model "m"; its inputs are: x, ids/],
    [[x([2, 3])], /missing input "ids"/],
    [[], /missing inputs "x", "ids"/],
    [[x([2, 3], 'FP64'), ids], /input "x" has datatype FP64, but the model expects FP32/],
    [[x([6]), ids], /rank 1, but the model expects rank 2 \[-1, 3\]/],
    [[x([2, 4]), ids], /dimension 1 is 4, but the model expects 3/],
  ])('refuses %#', (tensors, message) => {
    expect(() => checkInputs('m', inputs, tensors as Tensor[])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });
});

test('selectOutputs: all in signature order, or the requested subset in request order', () => {
  const outs = [{ name: 'y', datatype: 'FP32' as const, shape: [-1] }, { name: 'p', datatype: 'FP32' as const, shape: [-1] }];
  expect(selectOutputs('m', outs, []).map((o) => o.name)).toEqual(['y', 'p']);
  expect(selectOutputs('m', outs, ['p', 'y']).map((o) => o.name)).toEqual(['p', 'y']);
  expect(() => selectOutputs('m', outs, ['q'])).toThrow(/unknown output "q"/);
  expect(() => selectOutputs('m', outs, ['p', 'p'])).toThrow(/more than once/);
});

test('parseVersionSpec follows OIP: empty is production, digits a number, anything else an alias', () => {
  expect(parseVersionSpec('m', '')).toEqual({ kind: 'alias', alias: 'production' });
  expect(parseVersionSpec('m', '12')).toEqual({ kind: 'number', number: 12 });
  expect(parseVersionSpec('m', 'v2')).toEqual({ kind: 'alias', alias: 'v2' });
  expect(() => parseVersionSpec('m', '0')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  expect(() => parseVersionSpec('m', '99999999999')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
});
