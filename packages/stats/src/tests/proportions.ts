import { normalQuantile, normalSf } from '../distributions/normal.ts';
import { StatsInputError } from '../errors.ts';
import type { Interval, IntervalOptions, ProportionCounts, RelativeLift, TestResult } from '../types.ts';
import { confidenceLevel, count, sampleSize } from '../validate.ts';

/** Result of a two-proportion z-test: the difference of rates, plus the relative lift. */
export interface TwoProportionResult extends TestResult {
  readonly rates: { readonly treatment: number; readonly control: number };
  /** Treatment / control − 1; null when the control rate is 0 (the lift is undefined). */
  readonly relativeLift: RelativeLift | null;
}

/** Checks conversions ≤ n, both counts, n ≥ 1. */
export function checkProportion(name: string, p: ProportionCounts): void {
  if (p === null || typeof p !== 'object') throw new StatsInputError('NOT_FINITE', `${name} must be { conversions, n }`);
  sampleSize(`${name}.n`, p.n);
  count(`${name}.conversions`, p.conversions);
  if (p.conversions > p.n) {
    throw new StatsInputError('OUT_OF_RANGE', `${name}.conversions (${p.conversions}) exceeds ${name}.n (${p.n})`);
  }
}

/** The two-sided critical value Φ⁻¹((1 + level)/2), written as R's prop.test writes it. */
export function normalCritical(level: number): number {
  return normalQuantile((1 + level) / 2);
}

/**
 * Two-proportion z-test (R: prop.test(c(xT, xC), c(nT, nC), correct = FALSE)): z from the pooled
 * variance p̄(1−p̄)(1/nT + 1/nC), p = 2(1 − Φ(|z|)); interval of pT − pC with the unpooled Wald
 * variance pT(1−pT)/nT + pC(1−pC)/nC; relative lift pT/pC − 1 with the delta-method variance
 * VT/pC² + pT²VC/pC⁴.
 */
export function twoProportionZTest(
  treatment: ProportionCounts,
  control: ProportionCounts,
  options: IntervalOptions = {},
): TwoProportionResult {
  checkProportion('treatment', treatment);
  checkProportion('control', control);
  const level = confidenceLevel(options.confidence);
  const pT = treatment.conversions / treatment.n;
  const pC = control.conversions / control.n;
  const pooled = (treatment.conversions + control.conversions) / (treatment.n + control.n);
  if (pooled === 0 || pooled === 1) {
    throw new StatsInputError('DEGENERATE', `every unit has the same outcome (pooled rate ${pooled}): z is undefined`);
  }
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / treatment.n + 1 / control.n));
  const z = (pT - pC) / se0;
  const varT = (pT * (1 - pT)) / treatment.n;
  const varC = (pC * (1 - pC)) / control.n;
  const crit = normalCritical(level);
  const delta = pT - pC;
  const width = crit * Math.sqrt(varT + varC);
  return {
    method: 'Two-proportion z-test (pooled z, unpooled Wald interval)',
    estimate: delta,
    interval: { lower: Math.max(-1, delta - width), upper: Math.min(1, delta + width), level },
    statistic: z,
    statisticName: 'z',
    pValue: Math.min(1, 2 * normalSf(Math.abs(z))),
    rates: { treatment: pT, control: pC },
    relativeLift: pC === 0 ? null : relativeLift(pT, varT, pC, varC, crit, level),
  };
}

/** Delta-method interval of mT/mC − 1 from two independent estimates and their variances. */
export function relativeLift(mT: number, varT: number, mC: number, varC: number, crit: number, level: number): RelativeLift {
  const lift = mT / mC - 1;
  const se = Math.sqrt(varT / (mC * mC) + (mT * mT * varC) / (mC * mC * mC * mC));
  return {
    method: 'Relative lift, delta method',
    estimate: lift,
    interval: { lower: lift - crit * se, upper: lift + crit * se, level },
  };
}

/** A single proportion with its interval. */
export interface ProportionInterval {
  readonly method: string;
  readonly estimate: number;
  readonly interval: Interval;
}

/**
 * Wilson score interval (Wilson 1927; R: prop.test(x, n, correct = FALSE)$conf.int):
 * (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
 */
export function wilsonInterval(successes: number, n: number, options: IntervalOptions = {}): ProportionInterval {
  checkProportion('proportion', { conversions: successes, n });
  const level = confidenceLevel(options.confidence);
  const z = normalCritical(level);
  const p = successes / n;
  const z22n = (z * z) / (2 * n);
  const root = z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const upper = p >= 1 ? 1 : (p + z22n + root) / (1 + 2 * z22n);
  const lower = p <= 0 ? 0 : (p + z22n - root) / (1 + 2 * z22n);
  return { method: 'Wilson score interval', estimate: p, interval: { lower, upper, level } };
}
