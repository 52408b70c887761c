import { normalSf } from '../distributions/normal.ts';
import { StatsInputError } from '../errors.ts';
import type { Interval, IntervalOptions, RelativeLift, TestResult } from '../types.ts';
import { confidenceLevel, finite, nonNegative, sampleSize } from '../validate.ts';
import { normalCritical, relativeLift } from './proportions.ts';

/**
 * Per-unit moments of a ratio metric Σy/Σx (e.g. revenue per session, randomised by user):
 * y is the numerator and x the denominator of each unit; variances and covariance use n − 1.
 */
export interface RatioSummary {
  readonly n: number;
  readonly numeratorMean: number;
  readonly denominatorMean: number;
  readonly numeratorVariance: number;
  readonly denominatorVariance: number;
  readonly covariance: number;
}

/** A ratio with its delta-method interval. */
export interface RatioEstimate {
  readonly method: string;
  readonly estimate: number;
  readonly standardError: number;
  readonly interval: Interval;
}

/** Result of comparing two ratio metrics: the difference of ratios, plus the relative lift. */
export interface RatioTestResult extends TestResult {
  readonly standardError: number;
  readonly ratios: { readonly treatment: number; readonly control: number };
  /** R_T / R_C − 1; null when the control ratio is 0 (the lift is undefined). */
  readonly relativeLift: RelativeLift | null;
}

function check(name: string, s: RatioSummary): void {
  if (s === null || typeof s !== 'object') throw new StatsInputError('NOT_FINITE', `${name} must be a RatioSummary`);
  sampleSize(`${name}.n`, s.n, 2);
  finite(`${name}.numeratorMean`, s.numeratorMean);
  finite(`${name}.denominatorMean`, s.denominatorMean);
  nonNegative(`${name}.numeratorVariance`, s.numeratorVariance);
  nonNegative(`${name}.denominatorVariance`, s.denominatorVariance);
  finite(`${name}.covariance`, s.covariance);
  if (s.denominatorMean === 0) throw new StatsInputError('DEGENERATE', `${name}.denominatorMean is 0: the ratio is undefined`);
}

/** Delta-method variance of ȳ/x̄: (σy²/μx² − 2μyσxy/μx³ + μy²σx²/μx⁴)/n (Deng et al. 2018, "Applying the delta method in metric analytics"). */
function ratioVariance(s: RatioSummary): number {
  const mx = s.denominatorMean;
  const my = s.numeratorMean;
  const mx2 = mx * mx;
  const v =
    s.numeratorVariance / mx2 - (2 * my * s.covariance) / (mx2 * mx) + (my * my * s.denominatorVariance) / (mx2 * mx2);
  // rounding can push an exactly proportional y = kx slightly below 0
  return Math.max(0, v) / s.n;
}

/** Ratio metric ȳ/x̄ of one variant with its delta-method interval. */
export function ratioMetricInterval(summary: RatioSummary, options: IntervalOptions = {}): RatioEstimate {
  check('summary', summary);
  const level = confidenceLevel(options.confidence);
  const estimate = summary.numeratorMean / summary.denominatorMean;
  const se = Math.sqrt(ratioVariance(summary));
  const crit = normalCritical(level);
  return {
    method: 'Ratio metric, delta method',
    estimate,
    standardError: se,
    interval: { lower: estimate - crit * se, upper: estimate + crit * se, level },
  };
}

/** z-test of two ratio metrics: Δ = R_T − R_C with se² = Var(R_T) + Var(R_C) by the delta method; relative lift R_T/R_C − 1. */
export function ratioMetricTest(
  treatment: RatioSummary,
  control: RatioSummary,
  options: IntervalOptions = {},
): RatioTestResult {
  check('treatment', treatment);
  check('control', control);
  const level = confidenceLevel(options.confidence);
  const rT = treatment.numeratorMean / treatment.denominatorMean;
  const rC = control.numeratorMean / control.denominatorMean;
  const vT = ratioVariance(treatment);
  const vC = ratioVariance(control);
  const se = Math.sqrt(vT + vC);
  if (!(se > 0)) throw new StatsInputError('DEGENERATE', 'both ratios have zero variance: z is undefined');
  const crit = normalCritical(level);
  const estimate = rT - rC;
  const z = estimate / se;
  return {
    method: 'Ratio metric z-test, delta method',
    estimate,
    interval: { lower: estimate - crit * se, upper: estimate + crit * se, level },
    statistic: z,
    statisticName: 'z',
    pValue: Math.min(1, 2 * normalSf(Math.abs(z))),
    standardError: se,
    ratios: { treatment: rT, control: rC },
    relativeLift: rC === 0 ? null : relativeLift(rT, vT, rC, vC, crit, level),
  };
}
