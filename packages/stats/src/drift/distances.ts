import { StatsInputError } from '../errors.ts';
import { counts, positive, sameLength } from '../validate.ts';
import { sortedCopy } from './sorted.ts';

/** A distance between two distributions with the verdict at its threshold. */
export interface DistanceResult {
  readonly method: string;
  readonly statistic: number;
  readonly statisticName: string;
  readonly threshold: number;
  readonly drifted: boolean;
}

/**
 * Jensen–Shannon distance √JSD between the distributions of two count vectors, log base 2 so that it lies
 * in [0, 1]: JSD = ½ KL(P‖M) + ½ KL(Q‖M), M = (P + Q)/2 (0·log 0 = 0, so empty bins need no epsilon).
 * Drifted when ≥ threshold (default 0.1, Evidently's).
 */
export function jensenShannonDistance(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
  options: { readonly threshold?: number } = {},
): DistanceResult {
  counts('referenceCounts', referenceCounts, 1);
  counts('currentCounts', currentCounts, 1);
  sameLength('referenceCounts', referenceCounts, 'currentCounts', currentCounts);
  const threshold = positive('threshold', options.threshold ?? 0.1);
  const totalP = referenceCounts.reduce((s, v) => s + v, 0);
  const totalQ = currentCounts.reduce((s, v) => s + v, 0);
  if (totalP === 0) throw new StatsInputError('EMPTY_SAMPLE', 'referenceCounts are all 0');
  if (totalQ === 0) throw new StatsInputError('EMPTY_SAMPLE', 'currentCounts are all 0');
  let jsd = 0;
  referenceCounts.forEach((r, i) => {
    const p = r / totalP;
    const q = currentCounts[i]! / totalQ;
    const m = (p + q) / 2;
    if (p > 0) jsd += 0.5 * p * Math.log2(p / m);
    if (q > 0) jsd += 0.5 * q * Math.log2(q / m);
  });
  const statistic = Math.sqrt(Math.min(1, Math.max(0, jsd)));
  return { method: 'Jensen–Shannon distance (base 2)', statistic, statisticName: 'JS distance', threshold, drifted: statistic >= threshold };
}

/**
 * Normed Wasserstein distance W₁(ref, cur) / σ_ref, with W₁ = ∫|F_ref − F_cur| dx between the empirical CDFs
 * and σ_ref the reference's population standard deviation (as Evidently defines it); drifted when ≥ threshold (default 0.1).
 */
export function normedWassersteinDistance(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: { readonly threshold?: number } = {},
): DistanceResult & { readonly wasserstein: number } {
  const a = sortedCopy('reference', reference);
  const b = sortedCopy('current', current);
  const threshold = positive('threshold', options.threshold ?? 0.1);
  const sd = populationSd(a);
  if (!(sd > 0)) throw new StatsInputError('DEGENERATE', 'the reference has zero spread: the normed distance is undefined');
  const w = wasserstein1(a, b);
  const statistic = w / sd;
  return {
    method: 'Normed Wasserstein distance (W1 / reference sd)',
    statistic,
    statisticName: 'normed W1',
    threshold,
    drifted: statistic >= threshold,
    wasserstein: w,
  };
}

function populationSd(values: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]!;
  mean /= values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - mean) ** 2;
  return Math.sqrt(ss / values.length);
}

/** ∫|F_a − F_b| dx for sorted samples: between consecutive distinct values the gap |i/n − j/m| is constant. */
function wasserstein1(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let area = 0;
  let previous = Math.min(a[0]!, b[0]!);
  while (i < n || j < m) {
    const v = j >= m || (i < n && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    area += (Math.abs(i * m - j * n) / (n * m)) * (v - previous);
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    previous = v;
  }
  return area;
}
