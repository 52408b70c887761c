import { describe, expect, test } from 'vitest';
import { OIP_DATATYPES, OnnxModelError, oipToOrtType, ortToOipType } from './index.ts';

describe('OIP ↔ onnxruntime datatypes', () => {
  test('map both ways', () => {
    expect(oipToOrtType('FP32')).toBe('float32');
    expect(oipToOrtType('INT64')).toBe('int64');
    expect(oipToOrtType('FP16')).toBe('float16');
    expect(oipToOrtType('BOOL')).toBe('bool');
    expect(oipToOrtType('BYTES')).toBe('string');
    for (const datatype of OIP_DATATYPES) expect(ortToOipType(oipToOrtType(datatype))).toBe(datatype);
  });

  test('refuse what onnxruntime-node cannot take', () => {
    expect(() => oipToOrtType('BF16')).toThrow(OnnxModelError);
    expect(() => oipToOrtType('fp32')).toThrow(/datatype fp32 is not supported/);
    expect(() => ortToOipType('int4')).toThrow(OnnxModelError);
    expect(() => oipToOrtType('toString')).toThrow(OnnxModelError);
  });
});
