import { describe, expect, it } from 'vitest';
import {
  binCounts,
  jensenShannonDistance,
  kolmogorovSf,
  ksTwoSample,
  normedWassersteinDistance,
  PSI_EPSILON,
  populationStabilityIndex,
  psiFromCounts,
  referenceQuantileEdges,
} from '../src/index.ts';
import { Random } from './support/random.ts';

describe('two-sample KS', () => {
  it('steps past ties on both sides before comparing the CDFs', () => {
    // F_ref(1) = 2/3, F_cur(1) = 1/3; at 2 both are 1: D = 1/3 (a one-at-a-time walk would say 2/3)
    expect(ksTwoSample([1, 1, 2], [1, 2, 2]).statistic).toBeCloseTo(1 / 3, 15);
    expect(ksTwoSample([1, 2, 3], [4, 5, 6]).statistic).toBe(1);
  });

  it('uses the asymptotic p-value 1 − K(√(nm/(n+m))·D)', () => {
    const res = ksTwoSample([0.1, 0.4, 0.5, 0.9], [0.2, 0.3, 0.35, 0.6, 0.7, 0.8]);
    expect(res.pValue).toBe(kolmogorovSf(Math.sqrt(24 / 10) * res.statistic));
    expect(ksTwoSample([3, 1, 2], [2, 3, 1]).pValue).toBe(1);
  });
});

describe('PSI', () => {
  it('puts the edges at type-7 reference quantiles and counts right-closed bins', () => {
    const ref = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(referenceQuantileEdges(ref, 4)).toEqual([25.75, 50.5, 75.25]);
    expect(binCounts([25.75, 25.76, 0, 100], [25.75, 50.5, 75.25])).toEqual([2, 1, 0, 1]);
  });

  it('is 0 for the same sample, with equal reference bins', () => {
    const rng = new Random(1);
    const ref = rng.normals(10_000);
    const res = populationStabilityIndex(ref, ref);
    expect(res.statistic).toBe(0);
    expect(res.edges).toHaveLength(9);
    expect(res.level).toBe('stable');
  });

  it('replaces an empty bin by epsilon = 1e-4 and classifies by the conventional levels', () => {
    const res = psiFromCounts([50, 50, 0], [40, 40, 20]);
    const expected = 2 * ((0.4 - 0.5) * Math.log(0.4 / 0.5)) + (0.2 - PSI_EPSILON) * Math.log(0.2 / PSI_EPSILON);
    expect(PSI_EPSILON).toBe(1e-4);
    expect(res.statistic).toBeCloseTo(expected, 14);
    expect(res.level).toBe('major');
    expect(psiFromCounts([50, 50], [45, 55]).level).toBe('stable');
    expect(psiFromCounts([50, 50], [45, 55], { thresholds: { moderate: 0.005 } }).drifted).toBe(true);
  });

  it('keeps two bins when the reference is constant, so a move above it still shows', () => {
    const res = populationStabilityIndex([3, 3, 3, 3], [3, 4, 5, 6]);
    expect(res.edges).toEqual([3]);
    expect(res.statistic).toBeGreaterThan(1);
  });
});

describe('Jensen–Shannon distance', () => {
  it('is 0 for equal distributions, 1 for disjoint ones, and √JSD in base 2 otherwise', () => {
    expect(jensenShannonDistance([10, 20, 30], [1, 2, 3]).statistic).toBeCloseTo(0, 15);
    expect(jensenShannonDistance([5, 0], [0, 7]).statistic).toBe(1);
    const kl1 = Math.log2(1 / 0.75);
    const kl2 = 0.5 * Math.log2(0.5 / 0.75) + 0.5 * Math.log2(0.5 / 0.25);
    expect(jensenShannonDistance([4, 0], [2, 2]).statistic).toBeCloseTo(Math.sqrt(0.5 * kl1 + 0.5 * kl2), 15);
  });
});

describe('normed Wasserstein distance', () => {
  it('is the shift over the reference sd for a shifted copy', () => {
    const rng = new Random(2);
    const ref = Array.from(rng.normals(2000, 5, 2));
    const shifted = ref.map((x) => x + 0.3);
    const mean = ref.reduce((s, x) => s + x, 0) / ref.length;
    const sd = Math.sqrt(ref.reduce((s, x) => s + (x - mean) ** 2, 0) / ref.length);
    const res = normedWassersteinDistance(ref, shifted);
    expect(res.wasserstein).toBeCloseTo(0.3, 10);
    expect(res.statistic).toBeCloseTo(0.3 / sd, 10);
    expect(res.drifted).toBe(true);
  });

  it('integrates |F_ref − F_cur| between unequal sample sizes', () => {
    // F_ref jumps to 1 at 1; F_cur is ½ on [1, 2): area ½
    expect(normedWassersteinDistance([0, 1], [0, 2]).wasserstein).toBeCloseTo(0.5, 15);
    expect(normedWassersteinDistance([0, 2], [0, 1, 1, 2]).wasserstein).toBeCloseTo(0.5, 15);
  });
});
