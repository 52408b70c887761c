import { StatsInputError } from '../errors.ts';
import { regularizedBeta } from '../special/incomplete-beta.ts';
import { logBeta } from '../special/gamma.ts';
import { probability } from '../validate.ts';
import { normalCdf, normalDensity, normalQuantile } from './normal.ts';

const LN2 = Math.LN2;

interface TTails {
  /** P(T > t) */ readonly upper: number;
  /** ln P(T > t) */ readonly logUpper: number;
  /** P(0 < T ≤ t) */ readonly central: number;
}

/**
 * Tails of Student's t for t ≥ 0 through P(|T| > t) = I_x(ν/2, ½), x = ν/(ν + t²): x, 1 − x and
 * their logs are formed from t²/ν or ν/t² (whichever is ≤ 1) so that none of them cancels or overflows.
 */
function tTails(t: number, df: number): TTails {
  if (t === 0) return { upper: 0.5, logUpper: -LN2, central: 0 };
  if (t === Infinity) return { upper: 0, logUpper: -Infinity, central: 0.5 };
  let x: number, y: number, logX: number, logY: number;
  const u = (t / df) * t; // t²/ν
  if (u <= 1) {
    x = 1 / (1 + u);
    y = u / (1 + u);
    logX = -Math.log1p(u);
    logY = Math.log(u) - Math.log1p(u);
  } else {
    const r = (df / t) / t; // ν/t²
    x = r / (1 + r);
    y = 1 / (1 + r);
    // ν/t² underflows for t beyond ~1e154·√ν while its log does not
    logX = Math.log(df) - 2 * Math.log(t) - Math.log1p(r);
    logY = -Math.log1p(r);
  }
  const tails = regularizedBeta(df / 2, 0.5, x, y, logX, logY);
  return { upper: 0.5 * tails.lower, logUpper: tails.logLower - LN2, central: 0.5 * tails.upper };
}

function checkDf(df: number): void {
  if (typeof df !== 'number' || Number.isNaN(df) || df <= 0) {
    throw new StatsInputError('OUT_OF_RANGE', `df must be > 0, got ${String(df)}`);
  }
}

function checkT(t: number): void {
  if (typeof t !== 'number' || Number.isNaN(t)) throw new StatsInputError('NOT_FINITE', `t must be a number, got ${String(t)}`);
}

/** Student t CDF P(T ≤ t) with ν = df > 0 (Infinity gives the normal), via the incomplete beta function. */
export function studentTCdf(t: number, df: number): number {
  checkT(t);
  checkDf(df);
  if (df === Infinity) return normalCdf(t);
  return t < 0 ? tTails(-t, df).upper : 0.5 + tTails(t, df).central;
}

/** Student t survival P(T > t), computed directly in the upper tail (never as 1 − CDF). */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/** Student t density. */
export function studentTDensity(t: number, df: number): number {
  checkT(t);
  checkDf(df);
  if (df === Infinity) return normalDensity(t);
  return Math.exp(logDensity(Math.abs(t), df));
}

function logDensity(t: number, df: number): number {
  return -0.5 * (df + 1) * Math.log1p((t / df) * t) - 0.5 * Math.log(df) - logBeta(df / 2, 0.5);
}

/**
 * Student t quantile: safeguarded Newton steps on P(0 < T ≤ t) near the centre, or on
 * ln P(T > t) against ln t in the tails (where the tail is close to a power law), from a
 * Cornish–Fisher start; converged to ~1e-15 relative.
 */
export function studentTQuantile(p: number, df: number): number {
  probability('p', p);
  checkDf(df);
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (q === 0) return 0;
  const tail = q < 0 ? p : 1 - p;
  const t = tail >= 0.25 ? solveCentral(Math.abs(q), df, tail) : solveTail(tail, df);
  return q < 0 ? -t : t;
}

function startingPoint(tail: number, df: number): number {
  const z = -normalQuantile(tail);
  const z2 = z * z;
  const cf = z + (z * (z2 + 1)) / (4 * df) + (z * (3 + z2 * (16 + 5 * z2))) / (96 * df * df);
  return cf > 0 && Number.isFinite(cf) ? cf : 1;
}

function solveCentral(target: number, df: number, tail: number): number {
  let lo = 0;
  let hi = Infinity;
  let t = startingPoint(tail, df);
  for (let i = 0; i < 200; i++) {
    const value = tTails(t, df).central - target;
    if (value === 0) return t;
    if (value < 0) lo = t;
    else hi = t;
    let next = t - value / Math.exp(logDensity(t, df));
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * t : (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * t) return next;
    t = next;
  }
  return t;
}

function solveTail(tail: number, df: number): number {
  const logTarget = Math.log(tail);
  // ν < 1 puts quantiles such as p = 1e-300 past the largest double
  if (tTails(Number.MAX_VALUE, df).logUpper > logTarget) return Infinity;
  let lo = -Infinity;
  let hi = Infinity;
  let s = Math.log(startingPoint(tail, df));
  for (let i = 0; i < 400; i++) {
    const t = Math.exp(s);
    const tails = tTails(t, df);
    const value = tails.logUpper - logTarget;
    if (value === 0) return t;
    if (value > 0) lo = s;
    else hi = s;
    // d ln P(T > t) / d ln t = −t f(t) / P(T > t)
    const slope = -Math.exp(s + logDensity(t, df) - tails.logUpper);
    let next = s - value / slope;
    if (!(next > lo && next < hi)) {
      if (lo === -Infinity) next = s - 1;
      else if (hi === Infinity) next = s + 1;
      else next = (lo + hi) / 2;
    }
    if (Math.abs(next - s) <= 1e-15) return Math.exp(next);
    s = next;
  }
  return Math.exp(s);
}
