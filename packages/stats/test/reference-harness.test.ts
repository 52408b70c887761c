// The reference test is only as strict as its comparison rule and its case reader: check both can fail.
import { describe, expect, it } from 'vitest';
import { agrees, CaseReader } from './support/reference-case.ts';

describe('reference comparison rule', () => {
  it('is relative 1e-9, absolute 1e-300 below 1e-300, and absolute 1e-6 for KS p-values', () => {
    expect(agrees({ label: 'x', ours: 0.3 * (1 + 0.9e-9), r: 0.3 })).toBe(true);
    expect(agrees({ label: 'x', ours: 0.3 * (1 + 1.1e-9), r: 0.3 })).toBe(false);
    expect(agrees({ label: 'x', ours: 6.6e-224 * (1 + 2e-9), r: 6.6e-224 })).toBe(false);
    expect(agrees({ label: 'x', ours: 0, r: 2.5e-316 })).toBe(true);
    expect(agrees({ label: 'x', ours: 3e-300, r: 2.5e-316 })).toBe(false);
    expect(agrees({ label: 'x', ours: 0.0140617, r: 0.0140612, rule: 'ks-p' })).toBe(true);
    expect(agrees({ label: 'x', ours: 0.0140630, r: 0.0140612, rule: 'ks-p' })).toBe(false);
    expect(agrees({ label: 'x', ours: NaN, r: 0 })).toBe(false);
  });
});

describe('reference case reader', () => {
  it('fails on a missing or mistyped field and reports fields it never read', () => {
    const reader = new CaseReader('k[0]', { p: 0.5, z: 0, extra: 1, note: 'ignored' });
    expect(reader.num('p')).toBe(0.5);
    expect(() => reader.num('missing')).toThrow(/missing field "missing"/);
    expect(() => new CaseReader('k[1]', { z: '0' }).num('z')).toThrow(/finite number/);
    expect(() => new CaseReader('k[2]', { ci: [1, 2, 3] }).pair('ci')).toThrow(/two numbers/);
    expect(reader.unread()).toEqual(['z', 'extra']);
    expect(() => new CaseReader('k[3]', [1, 2])).toThrow(/must be an object/);
  });
});
