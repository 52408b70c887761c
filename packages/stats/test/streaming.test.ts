import { describe, expect, it } from 'vitest';
import {
  binCounts,
  FixedBinHistogram,
  KllSketch,
  RunningCoMoments,
  RunningMoments,
  StatsInputError,
  type KllState,
  type MomentsState,
} from '../src/index.ts';
import { Random } from './support/random.ts';

/** Through JSON text and back, as a service would persist it. */
function roundTrip<T>(state: T): T {
  return JSON.parse(JSON.stringify(state)) as T;
}

describe('RunningMoments', () => {
  it('merges windows to the moments of the whole stream, even far from 0', () => {
    const rng = new Random(31);
    const values = Array.from(rng.normals(10_000, 1e6, 3));
    const whole = new RunningMoments().addAll(values);
    const merged = new RunningMoments();
    for (let i = 0; i < values.length; i += 997) merged.merge(new RunningMoments().addAll(values.slice(i, i + 997)));
    const mean = values.reduce((s, x) => s + (x - 1e6), 0) / values.length + 1e6;
    const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1);
    expect(merged.count).toBe(10_000);
    expect(merged.mean).toBeCloseTo(mean, 5);
    // a textbook Σx² − n·x̄² loses most of its digits here (x̄/σ ≈ 3e5); Welford and Chan keep ~11
    expect(Math.abs(merged.variance / variance - 1)).toBeLessThan(1e-10);
    expect(Math.abs(whole.variance / variance - 1)).toBeLessThan(1e-10);
    expect(merged.min).toBe(Math.min(...values));
    expect(merged.max).toBe(Math.max(...values));
  });

  it('restores exactly from JSON and continues identically', () => {
    const rng = new Random(32);
    const a = new RunningMoments().addAll(rng.normals(1000));
    const b = RunningMoments.fromJSON(roundTrip(a.toJSON()));
    expect(b.toJSON()).toEqual(a.toJSON());
    const more = Array.from(rng.normals(10));
    a.addAll(more);
    b.addAll(more);
    expect(Object.is(a.variance, b.variance) && Object.is(a.mean, b.mean)).toBe(true);
    const empty = RunningMoments.fromJSON(roundTrip(new RunningMoments().toJSON()));
    expect(empty.count).toBe(0);
    expect(new RunningMoments().add(-0).toJSON().mean).toBe(0);
  });

  it('refuses a corrupted state and asks for values before answering', () => {
    const bad = { ...new RunningMoments().add(1).add(2).toJSON(), m2: -1 } as MomentsState;
    expect(() => RunningMoments.fromJSON(bad)).toThrow(StatsInputError);
    expect(() => RunningMoments.fromJSON({ kind: 'histogram' } as unknown as MomentsState)).toThrow(/moments state/);
    expect(() => new RunningMoments().mean).toThrow(StatsInputError);
    expect(() => new RunningMoments().add(1).variance).toThrow(/at least 2/);
  });
});

describe('RunningCoMoments', () => {
  it('merges to the moments of the whole stream and restores exactly', () => {
    const rng = new Random(33);
    const pairs = Array.from({ length: 3000 }, () => {
      const x = 1 + rng.binomial(5, 0.4);
      return [3 * x + rng.normal(), x] as const;
    });
    const whole = new RunningCoMoments();
    pairs.forEach(([y, x]) => whole.add(y, x));
    const left = new RunningCoMoments();
    const right = new RunningCoMoments();
    pairs.forEach(([y, x], i) => (i < 1234 ? left : right).add(y, x));
    const merged = left.merge(right).toRatioSummary();
    const expected = whole.toRatioSummary();
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      expect(Math.abs(merged[key] - expected[key])).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected[key])));
    }
    expect(RunningCoMoments.fromJSON(roundTrip(whole.toJSON())).toJSON()).toEqual(whole.toJSON());
  });
});

describe('FixedBinHistogram', () => {
  it('counts as binCounts does, merges by adding and restores exactly', () => {
    const rng = new Random(34);
    const edges = [-1, -0.5, 0, 0.5, 1];
    const values = Array.from(rng.normals(5000));
    const h = new FixedBinHistogram(edges).addAll(values.slice(0, 2000));
    h.merge(new FixedBinHistogram(edges).addAll(values.slice(2000)));
    expect(h.counts).toEqual(binCounts(values, edges));
    expect(h.total).toBe(5000);
    const restored = FixedBinHistogram.fromJSON(roundTrip(h.toJSON()));
    expect(restored.toJSON()).toEqual(h.toJSON());
    expect(() => h.merge(new FixedBinHistogram([-1, 0, 1]))).toThrow(/different edges/);
    expect(() => new FixedBinHistogram([0, 0])).toThrow(StatsInputError);
  });
});

describe('KllSketch', () => {
  function worstRankError(sketch: KllSketch, sorted: Float64Array): number {
    let worst = 0;
    for (let i = 1; i < 100; i++) {
      const q = i / 100;
      const v = sketch.quantile(q);
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      worst = Math.max(worst, Math.abs(lo / sorted.length - q));
    }
    return worst;
  }

  it('keeps quantiles within 1.5 % of rank on 100,000 values, merged from 10 windows or not', () => {
    const rng = new Random(35);
    const values = rng.normals(100_000);
    const sorted = Float64Array.from(values).sort();
    const single = new KllSketch().addAll(values);
    const windows = Array.from({ length: 10 }, () => new KllSketch());
    values.forEach((v, i) => windows[i % 10]!.add(v));
    const merged = windows.reduce((a, b) => a.merge(b));
    expect(merged.count).toBe(100_000);
    expect(worstRankError(single, sorted)).toBeLessThan(0.015);
    expect(worstRankError(merged, sorted)).toBeLessThan(0.015);
    expect(single.quantile(0)).toBe(sorted[0]);
    expect(single.quantile(1)).toBe(sorted[sorted.length - 1]);
  });

  it('is exact while everything fits, and its size grows only logarithmically', () => {
    const small = new KllSketch().addAll([5, 1, 4, 2, 3]);
    expect(small.quantile(0.5)).toBe(3);
    expect(small.cdf(2)).toBe(0.4);
    const rng = new Random(36);
    const thousand = new KllSketch().addAll(rng.normals(1000));
    const many = new KllSketch().addAll(rng.normals(300_000));
    expect(many.retained).toBeLessThan(2 * thousand.retained);
    expect(many.retained).toBeLessThan(3 * 200 + 8 * 20);
  });

  it('restores exactly from JSON, random state included, so later compactions agree', () => {
    const rng = new Random(37);
    const a = new KllSketch({ k: 64 }).addAll(rng.normals(5000));
    const b = KllSketch.fromJSON(roundTrip(a.toJSON()));
    expect(b.toJSON()).toEqual(a.toJSON());
    const more = rng.normals(5000);
    a.addAll(more);
    b.addAll(more);
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it('refuses states whose weight does not add up, and sketches of another k', () => {
    const state = new KllSketch().addAll([1, 2, 3]).toJSON();
    expect(() => KllSketch.fromJSON({ ...state, count: 4 } as KllState)).toThrow(/does not match/);
    expect(() => KllSketch.fromJSON({ ...state, levels: [[1, NaN]] } as KllState)).toThrow(StatsInputError);
    expect(() => new KllSketch({ k: 100 }).merge(new KllSketch({ k: 200 }))).toThrow(/k 100 and 200/);
    expect(() => new KllSketch().quantile(0.5)).toThrow(/empty/);
  });
});
