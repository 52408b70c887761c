import { StatsInputError } from './errors.ts';
import { checkProportion } from './tests/proportions.ts';
import type { Interval, MeanSummary, ProportionCounts, TestResult } from './types.ts';
import { finite, nonNegative, positive, probability, sampleSize } from './validate.ts';

/**
 * Default tuning parameter N* of the confidence sequence (GrowthBook's default): the total sample
 * size at which the sequence is tightest relative to a fixed-horizon interval. Smaller N* gives
 * narrower intervals early and wider ones late; larger N* the reverse. At α = 0.05 the half-width is
 * 1.55× the fixed-horizon one at n = N*, 1.67× at N*·¼, 1.60× at 4N* and 1.70× at 20N*.
 */
export const SEQUENTIAL_TUNING_DEFAULT = 5000;

/** Options of the confidence sequence: the error rate and the tuning parameter N*. */
export interface SequentialOptions {
  /** Error rate controlled over all looks, default 0.05. */
  readonly alpha?: number;
  /** N*, the total sample size where the sequence is tightest; default SEQUENTIAL_TUNING_DEFAULT. */
  readonly tuning?: number;
}

/** An always-valid look: the interval covers the effect at every look at once, with probability 1 − α. */
export interface SequentialResult extends TestResult {
  readonly alpha: number;
  readonly tuning: number;
  /** Total sample size (treatment + control) at this look. */
  readonly n: number;
  /** True when this look's interval excludes 0 (equivalently pValue ≤ alpha). */
  readonly significant: boolean;
}

/**
 * Asymptotic confidence sequence of Howard, Ramdas, McAuliffe & Sekhon (2021), normal mixture with
 * ρ² = (−2 ln α + ln(1 − 2 ln α)) / N*, as GrowthBook uses it. With V = Var(estimate) and n the total
 * sample size, the half-width is √(2V(nρ² + 1)/(nρ²) · ln(√(nρ² + 1)/α)); the always-valid p-value is
 * 1/Λ, Λ = exp(nρ²Δ²/(2V(nρ² + 1))) / √(nρ² + 1), the mixture likelihood ratio at Δ = estimate.
 */
export function confidenceSequence(
  estimate: number,
  variance: number,
  n: number,
  options: SequentialOptions = {},
): SequentialResult {
  finite('estimate', estimate);
  nonNegative('variance', variance);
  sampleSize('n', n, 2);
  const alpha = probability('alpha', options.alpha ?? 0.05, true);
  const tuning = positive('tuning', options.tuning ?? SEQUENTIAL_TUNING_DEFAULT);
  if (!(variance > 0)) throw new StatsInputError('DEGENERATE', 'the estimate has zero variance: no interval can be formed');
  const logAlpha = Math.log(alpha);
  const rho2 = (-2 * logAlpha + Math.log(1 - 2 * logAlpha)) / tuning;
  const nr = n * rho2;
  const halfWidth = Math.sqrt(((2 * variance * (nr + 1)) / nr) * (0.5 * Math.log1p(nr) - logAlpha));
  const logLambda = (nr * estimate * estimate) / (2 * variance * (nr + 1)) - 0.5 * Math.log1p(nr);
  const pValue = Math.min(1, Math.exp(-logLambda));
  const interval: Interval = { lower: estimate - halfWidth, upper: estimate + halfWidth, level: 1 - alpha };
  return {
    method: 'Asymptotic confidence sequence (Howard et al. 2021, normal mixture)',
    estimate,
    interval,
    statistic: estimate / Math.sqrt(variance),
    statisticName: 'z',
    pValue,
    alpha,
    tuning,
    n,
    significant: pValue <= alpha,
  };
}

/** Always-valid look at a difference of conversion rates (unpooled variance pT(1−pT)/nT + pC(1−pC)/nC). */
export function sequentialProportionTest(
  treatment: ProportionCounts,
  control: ProportionCounts,
  options: SequentialOptions = {},
): SequentialResult {
  checkProportion('treatment', treatment);
  checkProportion('control', control);
  const pT = treatment.conversions / treatment.n;
  const pC = control.conversions / control.n;
  const variance = (pT * (1 - pT)) / treatment.n + (pC * (1 - pC)) / control.n;
  return confidenceSequence(pT - pC, variance, treatment.n + control.n, options);
}

/** Always-valid look at a difference of means from summaries (variance sT²/nT + sC²/nC). */
export function sequentialMeanTest(
  treatment: MeanSummary,
  control: MeanSummary,
  options: SequentialOptions = {},
): SequentialResult {
  for (const [name, s] of [['treatment', treatment], ['control', control]] as const) {
    finite(`${name}.mean`, s.mean);
    nonNegative(`${name}.sd`, s.sd);
    sampleSize(`${name}.n`, s.n, 2);
  }
  const variance = (treatment.sd * treatment.sd) / treatment.n + (control.sd * control.sd) / control.n;
  return confidenceSequence(treatment.mean - control.mean, variance, treatment.n + control.n, options);
}

/**
 * Combines the looks taken so far: the running minimum p-value and the running intersection of the
 * intervals (both stay valid across looks). Looks must come from the same metric and options.
 */
export function combineLooks(looks: readonly SequentialResult[]): { pValue: number; interval: Interval; significant: boolean } {
  if (looks.length === 0) throw new StatsInputError('EMPTY_SAMPLE', 'no looks to combine');
  let pValue = 1;
  let lower = -Infinity;
  let upper = Infinity;
  for (const look of looks) {
    pValue = Math.min(pValue, look.pValue);
    lower = Math.max(lower, look.interval.lower);
    upper = Math.min(upper, look.interval.upper);
  }
  const last = looks[looks.length - 1]!;
  // an asymptotic sequence can, rarely, leave an empty intersection; fall back to the latest interval then
  const interval = lower <= upper ? { lower, upper, level: last.interval.level } : last.interval;
  return { pValue, interval, significant: pValue <= last.alpha };
}
