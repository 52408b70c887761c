import { StatsInputError } from '../errors.ts';
import { regularizedGamma } from '../special/incomplete-gamma.ts';

function check(x: number, df: number): void {
  if (typeof x !== 'number' || Number.isNaN(x)) throw new StatsInputError('NOT_FINITE', `x must be a number, got ${String(x)}`);
  if (typeof df !== 'number' || !Number.isFinite(df) || df <= 0) {
    throw new StatsInputError('OUT_OF_RANGE', `df must be a finite number > 0, got ${String(df)}`);
  }
}

/** Chi-square survival P(X > x) = Q(df/2, x/2), the upper regularised gamma computed directly. */
export function chiSquareSf(x: number, df: number): number {
  check(x, df);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return regularizedGamma(df / 2, x / 2).upper;
}

/** Chi-square CDF P(X ≤ x) = P(df/2, x/2). */
export function chiSquareCdf(x: number, df: number): number {
  check(x, df);
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return regularizedGamma(df / 2, x / 2).lower;
}
