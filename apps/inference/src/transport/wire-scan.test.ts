import { encodeInputs } from '@mizan/oip';
import { oip } from '@mizan/protos';
import { describe, expect, test } from 'vitest';
import { scanModelRef } from './wire-scan.ts';

const utf8 = (s: string) => [...Buffer.from(s, 'utf8')];
/** A length-delimited field by hand: tag (field << 3 | 2), length, bytes. Lengths here stay under 128. */
const ld = (field: number, bytes: number[]) => [(field << 3) | 2, bytes.length, ...bytes];

describe('scanModelRef reads fields 1 and 2 of a ModelInferRequest without decoding it', () => {
  test('hand-built bytes: name and version', () => {
    const bytes = Uint8Array.from([...ld(1, utf8('fraud')), ...ld(2, utf8('7'))]);
    expect(scanModelRef(bytes)).toEqual({ modelName: 'fraud', modelVersion: '7' });
  });

  test('fields out of order, among every other wire type, with a multi-byte length; the last value wins', () => {
    const big = new Array(300).fill(0xab); // length 300 = varint [0xac, 0x02]
    const bytes = Uint8Array.from([
      0x3a, 0xac, 0x02, ...big, // field 7 (raw_input_contents), 300 bytes
      ...ld(2, utf8('staging')),
      0x48, 0x96, 0x01, // field 9, varint 150
      0x51, 1, 2, 3, 4, 5, 6, 7, 8, // field 10, fixed64
      0x5d, 1, 2, 3, 4, // field 11, fixed32
      ...ld(1, utf8('first')),
      ...ld(1, utf8('fräud-ü')),
    ]);
    expect(scanModelRef(bytes)).toEqual({ modelName: 'fräud-ü', modelVersion: 'staging' });
  });

  test('absent fields are empty strings (OIP: empty version means production)', () => {
    expect(scanModelRef(new Uint8Array())).toEqual({ modelName: '', modelVersion: '' });
    expect(scanModelRef(Uint8Array.from(ld(3, utf8('req-1'))))).toEqual({ modelName: '', modelVersion: '' });
  });

  test('agrees with the generated decoder on real encodings, raw tensors included', () => {
    const req: oip.ModelInferRequest = {
      modelName: 'm'.repeat(200), modelVersion: '12', id: 'x', parameters: { p: { parameterChoice: { $case: 'int64Param', value: 5n } } }, outputs: [{ name: 'y', parameters: {} }],
      ...encodeInputs([{ name: 'x', datatype: 'FP32', shape: [1000, 3], data: new Float32Array(3000).fill(1.5) }], { raw: true }),
    };
    const bytes = oip.ModelInferRequest.encode(req).finish();
    expect(scanModelRef(bytes)).toEqual({ modelName: req.modelName, modelVersion: '12' });
  });

  test.each([
    ['a truncated length', [0x0a, 0x05, 0x61], /runs past the end/],
    ['a truncated varint', [0x48, 0x96], /truncated varint/],
    ['field 1 as a varint', [0x08, 0x01], /field 1 must be a string/],
    ['field number 0', [0x02, 0x00], /field number 0/],
    ['a group (wire type 3)', [0x0b], /unsupported wire type 3/],
    ['invalid UTF-8 in the name', [0x0a, 0x02, 0xc3, 0x28], /not valid UTF-8/],
    ['an 11-byte varint', [0x48, ...new Array(10).fill(0xff), 0x01], /longer than 10 bytes/],
  ])('refuses %s with INVALID_ARGUMENT', (_what, bytes, message) => {
    expect(() => scanModelRef(Uint8Array.from(bytes as number[]))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message as RegExp) }));
  });
});
