import { studentTCdf, studentTQuantile } from '../distributions/student-t.ts';
import { StatsInputError } from '../errors.ts';
import type { IntervalOptions, MeanSummary, TestResult } from '../types.ts';
import { confidenceLevel, finite, nonNegative, sample, sampleSize } from '../validate.ts';

/** Result of Welch's test: the difference of means (treatment − control). */
export interface WelchResult extends TestResult {
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  readonly standardError: number;
  readonly means: { readonly treatment: number; readonly control: number };
}

/** Mean (with a second-pass correction) and the two-pass sample variance (n − 1) of finite values. */
export function sampleMeanVariance(name: string, values: ArrayLike<number>, min = 2): { mean: number; variance: number; n: number } {
  sample(name, values, min);
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  let mean = sum / n;
  let correction = 0;
  for (let i = 0; i < n; i++) correction += values[i]! - mean;
  mean += correction / n;
  let ss = 0;
  let residual = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
    residual += d;
  }
  const variance = n > 1 ? (ss - (residual * residual) / n) / (n - 1) : 0;
  return { mean, variance: Math.max(0, variance), n };
}

/** Welch's t-test from raw samples (R: t.test(treatment, control, var.equal = FALSE)); needs n ≥ 2 per side. */
export function welchTTest(
  treatment: ArrayLike<number>,
  control: ArrayLike<number>,
  options: IntervalOptions = {},
): WelchResult {
  const t = sampleMeanVariance('treatment', treatment);
  const c = sampleMeanVariance('control', control);
  return welch(t.mean, t.variance, t.n, c.mean, c.variance, c.n, confidenceLevel(options.confidence));
}

function checkSummary(name: string, s: MeanSummary): void {
  if (s === null || typeof s !== 'object') throw new StatsInputError('NOT_FINITE', `${name} must be { mean, sd, n }`);
  finite(`${name}.mean`, s.mean);
  nonNegative(`${name}.sd`, s.sd);
  sampleSize(`${name}.n`, s.n, 2);
}

/**
 * Welch's t-test from summary statistics: se = √(s₁²/n₁ + s₂²/n₂),
 * df = se⁴ / (s₁⁴/(n₁²(n₁−1)) + s₂⁴/(n₂²(n₂−1))), p = 2·P(T_df > |t|), interval Δ ± t_{df,1−α/2}·se.
 */
export function welchTTestFromSummary(
  treatment: MeanSummary,
  control: MeanSummary,
  options: IntervalOptions = {},
): WelchResult {
  checkSummary('treatment', treatment);
  checkSummary('control', control);
  return welch(
    treatment.mean,
    treatment.sd * treatment.sd,
    treatment.n,
    control.mean,
    control.sd * control.sd,
    control.n,
    confidenceLevel(options.confidence),
  );
}

function welch(mT: number, vT: number, nT: number, mC: number, vC: number, nC: number, level: number): WelchResult {
  const seT2 = vT / nT;
  const seC2 = vC / nC;
  const se = Math.sqrt(seT2 + seC2);
  if (!(se > 0)) {
    throw new StatsInputError('DEGENERATE', 'both samples have zero variance: the t statistic is undefined');
  }
  const df = (se * se * se * se) / ((seT2 * seT2) / (nT - 1) + (seC2 * seC2) / (nC - 1));
  const estimate = mT - mC;
  const t = estimate / se;
  const alpha = 1 - level;
  const q = studentTQuantile(1 - alpha / 2, df);
  return {
    method: 'Welch two-sample t-test',
    estimate,
    interval: { lower: estimate - q * se, upper: estimate + q * se, level },
    statistic: t,
    statisticName: 't',
    df,
    pValue: Math.min(1, 2 * studentTCdf(-Math.abs(t), df)),
    standardError: se,
    means: { treatment: mT, control: mC },
  };
}
