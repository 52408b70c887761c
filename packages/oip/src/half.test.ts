import { describe, expect, test } from 'vitest';
import { fromHalf, toHalf } from './half.ts';

describe('FP16 conversion', () => {
  test('every non-NaN bit pattern round-trips exactly', () => {
    const wrong: number[] = [];
    let nans = 0;
    for (let bits = 0; bits <= 0xffff; bits++) {
      const value = fromHalf(bits);
      if (Number.isNaN(value)) nans += 1;
      else if (toHalf(value) !== bits) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
    expect(nans).toBe(2 * 1023); // exponent 31 with a non-zero mantissa, both signs
  });

  test('known values', () => {
    expect(fromHalf(0x3c00)).toBe(1);
    expect(fromHalf(0xc000)).toBe(-2);
    expect(fromHalf(0x7bff)).toBe(65504);
    expect(fromHalf(0x0001)).toBe(2 ** -24);
    expect(fromHalf(0x0400)).toBe(2 ** -14);
    expect(fromHalf(0x7c00)).toBe(Infinity);
    expect(fromHalf(0xfc00)).toBe(-Infinity);
    expect(Object.is(fromHalf(0x8000), -0)).toBe(true);
    expect(toHalf(NaN)).toBe(0x7e00);
    expect(toHalf(-0)).toBe(0x8000);
    expect(toHalf(0.1)).toBe(0x2e66);
  });

  test('rounds to nearest, ties to even, straight from a double', () => {
    for (const bits of [0x0000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0x3c01, 0x7bfe]) {
      const low = fromHalf(bits);
      const high = fromHalf(bits + 1);
      const mid = (low + high) / 2;
      expect(toHalf(mid)).toBe(bits % 2 === 0 ? bits : bits + 1);
      expect(toHalf(mid + (high - low) / 1024)).toBe(bits + 1);
      expect(toHalf(mid - (high - low) / 1024)).toBe(bits);
    }
    // 1 + 2^-11 + 2^-40 is just above a tie; rounding through float32 first would make it a tie and go down.
    expect(toHalf(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01);
  });

  test('overflows to infinity past 65520 and underflows to zero below 2^-25', () => {
    expect(toHalf(65519.99)).toBe(0x7bff);
    expect(toHalf(65520)).toBe(0x7c00);
    expect(toHalf(-1e10)).toBe(0xfc00);
    expect(toHalf(2 ** -25)).toBe(0x0000);
    expect(toHalf(2 ** -25 + 2 ** -40)).toBe(0x0001);
    expect(toHalf(-(2 ** -26))).toBe(0x8000);
  });
});
