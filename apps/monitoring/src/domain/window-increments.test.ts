import { describe, expect, test } from 'vitest';
import type { InferenceCountInput } from './inference-window.ts';
import { MAX_COUNTS_PER_CALL, toWindowIncrements, truncateToMinute } from './window-increments.ts';

const count = (over: Partial<InferenceCountInput> = {}): InferenceCountInput => ({
  tenant: 'acme', model: 'fraud', version: 1, count: 10n, errors: 1n, latencySecondsSum: 0.5, windowStart: new Date('2026-01-31T12:00:42.5Z'), ...over,
});

describe('toWindowIncrements', () => {
  test('truncates windows to the minute', () => {
    expect(toWindowIncrements([count()])).toEqual([
      { tenantId: 'acme', model: 'fraud', version: 1, windowStart: new Date('2026-01-31T12:00:00Z'), count: 10n, errors: 1n, latencySecondsSum: 0.5 },
    ]);
    expect(truncateToMinute(new Date('1969-12-31T23:59:30Z'))).toEqual(new Date('1969-12-31T23:59:00Z'));
  });

  test('merges counts that land in the same window and keeps the others apart', () => {
    const rows = toWindowIncrements([
      count({ windowStart: new Date('2026-01-31T12:00:01Z') }),
      count({ windowStart: new Date('2026-01-31T12:00:59Z'), count: 5n, errors: 0n, latencySecondsSum: 0.25 }),
      count({ version: 2 }),
      count({ tenant: 'globex' }),
      count({ windowStart: new Date('2026-01-31T12:01:00Z') }),
    ]);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.tenantId === 'acme' && r.version === 1 && r.windowStart.getUTCMinutes() === 0)).toMatchObject({ count: 15n, errors: 1n, latencySecondsSum: 0.75 });
  });

  test('sorts by key so that concurrent upserts lock rows in one order', () => {
    const rows = toWindowIncrements([count({ model: 'b' }), count({ model: 'a' }), count({ tenant: 'aaa' })]);
    expect(rows.map((r) => `${r.tenantId}/${r.model}`)).toEqual(['aaa/fraud', 'acme/a', 'acme/b']);
  });

  test('accepts zero counts and no counts', () => {
    expect(toWindowIncrements([count({ count: 0n, errors: 0n, latencySecondsSum: 0 })])).toHaveLength(1);
    expect(toWindowIncrements([])).toEqual([]);
  });

  const bad: Array<[string, Partial<InferenceCountInput>, RegExp]> = [
    ['an empty tenant', { tenant: '' }, /^counts\[1\]\.tenant must not be empty/],
    ['an empty model', { model: '  ' }, /^counts\[1\]\.model must not be empty/],
    ['a NUL in the model', { model: 'a\u0000' }, /^counts\[1\]\.model must not contain NUL/],
    ['a negative version', { version: -1 }, /^counts\[1\]\.version must be a non-negative integer/],
    ['a negative count', { count: -1n }, /^counts\[1\]\.count must not be negative/],
    ['negative errors', { errors: -1n }, /^counts\[1\]\.errors must not be negative/],
    ['more errors than inferences', { count: 1n, errors: 2n }, /^counts\[1\]\.errors must not exceed count/],
    ['a negative latency sum', { latencySecondsSum: -0.1 }, /^counts\[1\]\.latency_seconds_sum/],
    ['a NaN latency sum', { latencySecondsSum: Number.NaN }, /^counts\[1\]\.latency_seconds_sum/],
    ['no window', { windowStart: undefined }, /^counts\[1\]\.window_start is required/],
  ];
  test.each(bad)('refuses %s, naming the count', (_name, change, message) => {
    expect(() => toWindowIncrements([count(), count(change)])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });

  test('refuses more counts than one call may carry', () => {
    expect(() => toWindowIncrements(Array.from({ length: MAX_COUNTS_PER_CALL + 1 }, () => count()))).toThrow(/at most/);
  });
});
