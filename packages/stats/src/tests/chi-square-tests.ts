import { chiSquareSf } from '../distributions/chi-square.ts';
import { StatsInputError } from '../errors.ts';
import { counts, finite, probability, sameLength } from '../validate.ts';

/** What a chi-square test returns. */
export interface ChiSquareResult {
  readonly method: string;
  readonly statistic: number;
  readonly statisticName: 'chi-square';
  readonly df: number;
  readonly pValue: number;
}

/** Sample-ratio-mismatch check: the chi-square result plus the expected counts and the verdict. */
export interface SrmResult extends ChiSquareResult {
  readonly expected: readonly number[];
  /** The level below which the split is called broken (default 0.001, as GrowthBook and Optimizely use). */
  readonly alpha: number;
  readonly mismatch: boolean;
}

/** Homogeneity check between two windows of a categorical feature. */
export interface HomogeneityResult extends ChiSquareResult {
  /** Indexes of categories empty in both windows, left out (they carry no information, and R would return NaN). */
  readonly droppedCategories: readonly number[];
  readonly alpha: number;
  readonly drifted: boolean;
}

/** R's chisq.test tolerance on the planned probabilities: |Σw − 1| ≤ √ε. */
const WEIGHT_TOLERANCE = Math.sqrt(Number.EPSILON);

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/**
 * Chi-square goodness of fit of observed variant sizes to planned weights (R: chisq.test(observed, p = weights)):
 * X² = Σ (Oᵢ − N wᵢ)² / (N wᵢ), df = k − 1. Weights must be > 0 and sum to 1 within √ε.
 */
export function sampleRatioMismatchTest(
  observed: readonly number[],
  weights: readonly number[],
  options: { readonly alpha?: number } = {},
): SrmResult {
  counts('observed', observed, 2);
  if (!Array.isArray(weights)) throw new StatsInputError('LENGTH_MISMATCH', 'weights must be an array');
  sameLength('observed', observed, 'weights', weights);
  weights.forEach((w, i) => {
    finite(`weights[${i}]`, w);
    if (w <= 0) throw new StatsInputError('OUT_OF_RANGE', `weights[${i}] must be > 0, got ${w}`);
  });
  const total = sum(weights);
  if (Math.abs(total - 1) > WEIGHT_TOLERANCE) {
    throw new StatsInputError('WEIGHTS_NOT_NORMALISED', `weights must sum to 1, got ${total}`);
  }
  const alpha = probability('alpha', options.alpha ?? 0.001, true);
  const n = sum(observed);
  if (n === 0) throw new StatsInputError('EMPTY_SAMPLE', 'observed counts are all 0');
  const expected = weights.map((w) => n * w);
  let x2 = 0;
  observed.forEach((o, i) => {
    const d = o - expected[i]!;
    x2 += (d * d) / expected[i]!;
  });
  const df = observed.length - 1;
  const pValue = chiSquareSf(x2, df);
  return {
    method: 'Chi-square goodness of fit (sample-ratio mismatch)',
    statistic: x2,
    statisticName: 'chi-square',
    df,
    pValue,
    expected,
    alpha,
    mismatch: pValue < alpha,
  };
}

/**
 * Chi-square test of homogeneity of a 2 × k table of category counts (R: chisq.test(rbind(reference, current),
 * correct = FALSE)): Eᵢⱼ = rowᵢ colⱼ / N, X² = Σ (Oᵢⱼ − Eᵢⱼ)²/Eᵢⱼ, df = k − 1 over the categories seen.
 */
export function chiSquareHomogeneityTest(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
  options: { readonly alpha?: number } = {},
): HomogeneityResult {
  counts('referenceCounts', referenceCounts, 2);
  counts('currentCounts', currentCounts, 2);
  sameLength('referenceCounts', referenceCounts, 'currentCounts', currentCounts);
  const alpha = probability('alpha', options.alpha ?? 0.05, true);
  const rowR = sum(referenceCounts);
  const rowC = sum(currentCounts);
  if (rowR === 0) throw new StatsInputError('EMPTY_SAMPLE', 'referenceCounts are all 0');
  if (rowC === 0) throw new StatsInputError('EMPTY_SAMPLE', 'currentCounts are all 0');
  const n = rowR + rowC;
  const dropped: number[] = [];
  let x2 = 0;
  let used = 0;
  referenceCounts.forEach((r, j) => {
    const c = currentCounts[j]!;
    const col = r + c;
    if (col === 0) {
      dropped.push(j);
      return;
    }
    used++;
    const eR = (rowR * col) / n;
    const eC = (rowC * col) / n;
    x2 += ((r - eR) * (r - eR)) / eR + ((c - eC) * (c - eC)) / eC;
  });
  if (used < 2) throw new StatsInputError('TOO_FEW', `only ${used} category has any count: nothing to compare`);
  const df = used - 1;
  const pValue = chiSquareSf(x2, df);
  return {
    method: 'Chi-square test of homogeneity',
    statistic: x2,
    statisticName: 'chi-square',
    df,
    pValue,
    droppedCategories: dropped,
    alpha,
    drifted: pValue < alpha,
  };
}
