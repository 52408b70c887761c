import { kolmogorovSf } from '../distributions/kolmogorov.ts';
import { probability } from '../validate.ts';
import { sortedCopy } from './sorted.ts';

/** Two-sample Kolmogorov–Smirnov result. */
export interface KsResult {
  readonly method: string;
  /** D = sup |F_ref(x) − F_cur(x)|. */
  readonly statistic: number;
  readonly statisticName: 'D';
  /** Asymptotic p-value 1 − K(√(nm/(n+m))·D). */
  readonly pValue: number;
  readonly n: { readonly reference: number; readonly current: number };
  readonly alpha: number;
  readonly drifted: boolean;
}

/** D of two sorted samples, ties handled by stepping past every copy of a value on both sides before comparing. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let best = 0;
  // |i/n − j/m| = |i·m − j·n| / (n·m): integers below 2^53, so the maximum is found exactly
  while (i < n && j < m) {
    const v = a[i]! <= b[j]! ? a[i]! : b[j]!;
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    const gap = Math.abs(i * m - j * n);
    if (gap > best) best = gap;
  }
  return best / n / m;
}

/**
 * Two-sample Kolmogorov–Smirnov test with the asymptotic Kolmogorov p-value (R: ks.test(reference, current,
 * exact = FALSE)); drifted when p < alpha (default 0.05). O((n + m) log(n + m)), dominated by the two sorts.
 */
export function ksTwoSample(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: { readonly alpha?: number } = {},
): KsResult {
  const a = sortedCopy('reference', reference);
  const b = sortedCopy('current', current);
  const alpha = probability('alpha', options.alpha ?? 0.05, true);
  const d = ksStatistic(a, b);
  const n = a.length;
  const m = b.length;
  const pValue = Math.min(1, Math.max(0, kolmogorovSf(Math.sqrt((n * m) / (n + m)) * d)));
  return {
    method: 'Two-sample Kolmogorov–Smirnov (asymptotic)',
    statistic: d,
    statisticName: 'D',
    pValue,
    n: { reference: n, current: m },
    alpha,
    drifted: pValue < alpha,
  };
}
