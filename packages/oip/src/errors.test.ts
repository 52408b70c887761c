import type { oip } from '@mizan/protos';
import { describe, expect, test } from 'vitest';
import { input } from '../test/fixtures.ts';
import { TensorCodecError } from './errors.ts';
import { decodeInputs, decodeOutputs, encodeInputs, encodeOutputs } from './infer.ts';
import { fromJsonTensor, toJsonTensor, type JsonTensorInput } from './json.ts';
import { elementCount, type Tensor } from './tensor.ts';

function codecError(fn: () => unknown): TensorCodecError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TensorCodecError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', name: 'TensorCodecError' });
    return err as TensorCodecError;
  }
  throw new Error('expected a TensorCodecError, but nothing was thrown');
}

const request = (inputs: oip.ModelInferRequest_InferInputTensor[], raw: Uint8Array[] = []) => ({ inputs, rawInputContents: raw });
const tensor = (fields: Partial<Tensor> & Pick<Tensor, 'datatype'>): Tensor => ({ name: 'x', shape: [1], data: new Uint8Array(1), ...fields }) as Tensor;
const json = (fields: Partial<JsonTensorInput>): JsonTensorInput => ({ name: 'x', datatype: 'INT32', shape: [1], data: [1], ...fields });

describe('decodeInputs refuses', () => {
  test.each<[string, ReturnType<typeof request>, RegExp]>([
    ['an unknown datatype', request([input('x', 'BF16', [1])], [new Uint8Array(2)]), /^input "x": unknown datatype "BF16"$/],
    ['a negative dimension (-1 is for metadata only)', request([input('x', 'FP32', [-1, 2], { fp32Contents: [1, 2] })]), /^input "x": shape \[-1, 2\] has an invalid dimension -1/],
    ['a shape with more elements than can be counted', request([input('x', 'UINT8', [2 ** 30, 2 ** 30, 2 ** 30])], [new Uint8Array(1)]), /^input "x": shape .* has too many elements$/],
    ['contents with too few elements', request([input('x', 'FP32', [3], { fp32Contents: [1, 2] })]), /^input "x": fp32_contents has 2 elements but its shape needs 3$/],
    ['no data for a non-empty tensor', request([input('x', 'INT32', [2])]), /^input "x": int_contents has 0 elements but its shape needs 2$/],
    ['contents in another datatype\'s field', request([input('x', 'FP32', [1], { intContents: [1] })]), /^input "x": FP32 contents belong in fp32_contents, not int_contents$/],
    ['FP16 as contents', request([input('x', 'FP16', [1], { uintContents: [15360] })]), /^input "x": FP16 has no contents field; send it as raw contents$/],
    ['FP16 without raw', request([input('x', 'FP16', [1])]), /^input "x": FP16 has no contents field/],
    ['UINT8 above 255', request([input('x', 'UINT8', [2], { uintContents: [1, 256] })]), /^input "x": element 1 is 256; expected an integer in 0\.\.255$/],
    ['UINT16 above 65535', request([input('x', 'UINT16', [1], { uintContents: [65536] })]), /element 0 is 65536; expected an integer in 0\.\.65535/],
    ['INT8 below -128', request([input('x', 'INT8', [1], { intContents: [-129] })]), /element 0 is -129; expected an integer in -128\.\.127/],
    ['INT16 above 32767', request([input('x', 'INT16', [1], { intContents: [32768] })]), /element 0 is 32768; expected an integer in -32768\.\.32767/],
    ['an INT64 beyond int64 in a hand-built message', request([input('x', 'INT64', [1], { int64Contents: [2n ** 63n] })]), /element 0 is 9223372036854775808; expected an integer/],
    ['raw and contents together', request([input('x', 'UINT8', [1], { uintContents: [1] })], [new Uint8Array(1)]), /^input "x": has contents while raw_input_contents is used/],
    ['raw for some inputs only', request([input('x', 'UINT8', [1]), input('y', 'UINT8', [1], { uintContents: [1] })], [new Uint8Array(1)]), /^raw_input_contents has 1 entries for 2 inputs; when used it must hold one per input$/],
    ['raw bytes of the wrong length', request([input('x', 'FP32', [2])], [new Uint8Array(7)]), /^input "x": raw content is 7 bytes but 2 FP32 elements take 8$/],
    ['raw BOOL bytes other than 0 and 1', request([input('x', 'BOOL', [3])], [new Uint8Array([1, 0, 2])]), /^input "x": BOOL element 2 is 2; BOOL elements are 0 or 1$/],
    ['raw BYTES with a truncated length prefix', request([input('x', 'BYTES', [2])], [new Uint8Array([1, 0, 0, 0, 9, 1, 0])]), /raw BYTES element 1 has a truncated length prefix/],
    ['raw BYTES claiming more bytes than sent', request([input('x', 'BYTES', [1])], [new Uint8Array([5, 0, 0, 0, 1])]), /raw BYTES element 0 claims 5 bytes but 1 remain/],
    ['raw BYTES with more elements than the shape', request([input('x', 'BYTES', [1])], [new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0])]), /holds more than the 1 BYTES elements of its shape/],
    ['raw BYTES with fewer elements than the shape', request([input('x', 'BYTES', [2])], [new Uint8Array([0, 0, 0, 0])]), /holds 1 BYTES elements but its shape needs 2/],
    ['a name used twice', request([input('x', 'UINT8', [0]), input('x', 'UINT8', [0])]), /^input "x": appears more than once$/],
  ])('%s', (_, req, message) => {
    const err = codecError(() => decodeInputs(req));
    expect(err.message).toMatch(message);
  });

  test('errors name the tensor in `tensor`', () => {
    expect(codecError(() => decodeInputs(request([input('pixels', 'FP32', [2])], [new Uint8Array(3)]))).tensor).toBe('pixels');
  });

  test('decodeOutputs names outputs and raw_output_contents', () => {
    const err = codecError(() => decodeOutputs({ outputs: [{ ...input('y', 'UINT8', [1]) }, { ...input('z', 'UINT8', [1]) }], rawOutputContents: [new Uint8Array(1)] }));
    expect(err.message).toBe('raw_output_contents has 1 entries for 2 outputs; when used it must hold one per output');
    expect(codecError(() => decodeOutputs({ outputs: [input('y', 'INT8', [1], { intContents: [300] })], rawOutputContents: [] })).message).toMatch(/^output "y": element 0 is 300/);
  });
});

describe('encodeInputs and encodeOutputs refuse', () => {
  test.each<[string, Tensor, boolean, RegExp]>([
    ['an unknown datatype', tensor({ datatype: 'BF16' as never }), true, /^input "x": unknown datatype "BF16"$/],
    ['data of another type', tensor({ datatype: 'FP32', data: new Float64Array(1) as never }), true, /^input "x": FP32 data must be a Float32Array$/],
    ['BYTES data that is not an array of Uint8Array', tensor({ datatype: 'BYTES', data: ['a'] as never }), true, /BYTES data must be an array of Uint8Array/],
    ['a length that does not match the shape', tensor({ datatype: 'UINT8', shape: [2, 2], data: new Uint8Array(3) }), true, /^input "x": has 3 elements but shape \[2, 2\] needs 4$/],
    ['a fractional dimension', tensor({ datatype: 'UINT8', shape: [1.5] }), true, /shape \[1\.5\] has an invalid dimension 1\.5/],
    ['a negative dimension', tensor({ datatype: 'UINT8', shape: [-1] }), true, /shape \[-1\] has an invalid dimension -1/],
    ['BOOL data other than 0 and 1', tensor({ datatype: 'BOOL', data: new Uint8Array([2]) }), true, /BOOL element 0 is 2/],
    ['FP16 as contents', tensor({ datatype: 'FP16', data: new Uint16Array(1) }), false, /^input "x": FP16 has no contents field; encode with raw: true$/],
    ['a parameter beyond uint64', tensor({ datatype: 'UINT8', parameters: { n: 2n ** 64n } }), true, /parameter "n" is 18446744073709551616, outside the int64 and uint64 ranges/],
    ['a parameter of another type', tensor({ datatype: 'UINT8', parameters: { n: {} as never } }), true, /parameter "n" must be a boolean, number, bigint or string/],
  ])('%s', (_, t, raw, message) => {
    expect(codecError(() => encodeInputs([t], { raw })).message).toMatch(message);
    expect(codecError(() => encodeOutputs([t], { raw })).message).toMatch(message.source.startsWith('^input') ? new RegExp(message.source.replace('^input', '^output')) : message);
  });
});

describe('fromJsonTensor refuses', () => {
  test.each<[string, JsonTensorInput, RegExp]>([
    ['an unknown datatype', json({ datatype: 'STRING' }), /^input "x": unknown datatype "STRING"$/],
    ['a missing name', json({ name: 3 as never }), /^each input needs a string name$/],
    ['a shape that is not an array', json({ shape: 3 as never }), /shape must be an array/],
    ['a fractional dimension', json({ shape: [0.5] }), /shape \[0\.5\] has an invalid dimension 0\.5/],
    ['data that is not an array', json({ data: 1 }), /^input "x": data must be an array$/],
    ['too many elements', json({ shape: [2], data: [1, 2, 3] }), /^input "x": data has 3 elements but shape \[2\] needs 2$/],
    ['nesting deeper than the shape', json({ shape: [2], data: [[1], [2]] }), /data is nested deeper than its shape's 1 dimension/],
    ['a fraction in an integer tensor', json({ data: [1.5] }), /element 0 is 1\.5; expected an integer in -2147483648\.\.2147483647/],
    ['a string in an integer tensor', json({ datatype: 'UINT32', data: ['1'] }), /element 0 is "1"; expected an integer in 0\.\.4294967295/],
    ['UINT8 out of range', json({ datatype: 'UINT8', data: [-1] }), /element 0 is -1; expected an integer in 0\.\.255/],
    ['an INT64 beyond 2^53 as a number', json({ datatype: 'INT64', data: [2 ** 60] }), /element 0 is 1152921504606847000, not a safe integer/],
    ['a UINT64 below zero', json({ datatype: 'UINT64', data: [-1] }), /element 0 is -1; expected an integer in 0\.\.18446744073709551615/],
    ['BOOL other than a boolean or 0/1', json({ datatype: 'BOOL', data: [2] }), /element 0 is 2; expected a boolean/],
    ['a string in a float tensor', json({ datatype: 'FP32', data: ['nan'] }), /element 0 is "nan"; expected a number/],
    ['a null in a float tensor', json({ datatype: 'FP64', data: [null] }), /element 0 is null; expected a number/],
    ['a number in a BYTES tensor', json({ datatype: 'BYTES', data: [1] }), /^input "x": element 0 must be a string$/],
    ['parameters that are not an object', json({ parameters: [] as never }), /parameters must be an object/],
    ['a parameter that is not a scalar', json({ parameters: { a: {} } }), /parameter "a" must be a boolean, number or string/],
  ])('%s', (_, input, message) => {
    expect(codecError(() => fromJsonTensor(input)).message).toMatch(message);
  });

  test('toJsonTensor refuses BYTES that are not UTF-8, and a bad tensor', () => {
    expect(codecError(() => toJsonTensor(tensor({ datatype: 'BYTES', data: [new Uint8Array([0xff])] }))).message).toBe('output "x": BYTES element 0 is not valid UTF-8, which the JSON form cannot carry');
    expect(codecError(() => toJsonTensor(tensor({ datatype: 'INT8', data: new Uint8Array(1) as never }))).message).toMatch(/INT8 data must be a Int8Array/);
  });

  test('elementCount checks its shape', () => {
    expect(elementCount([])).toBe(1);
    expect(elementCount([2, 0, 3])).toBe(0);
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(codecError(() => elementCount([2, -3])).message).toBe('shape [2, -3] has an invalid dimension -3; dimensions are non-negative integers');
    expect(codecError(() => elementCount([NaN])).message).toMatch(/invalid dimension NaN/);
    expect(codecError(() => elementCount([2 ** 53])).message).toMatch(/invalid dimension/);
  });
});
