import { LN_SQRT_2PI } from '../special/gamma.ts';
import { StatsInputError } from '../errors.ts';
import { probability } from '../validate.ts';

const INV_SQRT_2PI = 0.3989422804014327;
// Below it Φ(z) − ½ comes from a series of positive terms; above it the tail comes from the
// Mills-ratio continued fraction, which needs ~100 terms at 2 and fewer further out.
const SERIES_LIMIT = 2;
const EPS = 1e-16;
const TINY = 1e-300;

/** ln φ(z), with z² split as zh² + zl(z + zh) so that the square is never rounded (Cody's trick). */
export function logNormalDensity(z: number): number {
  const zh = Math.trunc(z * 16) / 16;
  const zl = z - zh;
  return -0.5 * zh * zh - 0.5 * zl * (z + zh) - LN_SQRT_2PI;
}

/** Φ(z) − ½ = φ(z) Σ z^(2n+1) / (1·3·…·(2n+1)), accurate near 0 where Φ(z) − ½ is tiny. */
function centralPart(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < 500; n++) {
    term *= z2 / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return normalDensity(z) * sum;
}

/** Mills ratio (1 − Φ(z)) / φ(z) for z > 0, by Laplace's continued fraction 1/(z+1/(z+2/(z+…))). */
function millsRatio(z: number): number {
  let f = TINY;
  let c = f;
  let d = 0;
  for (let j = 1; j < 10_000; j++) {
    const a = j === 1 ? 1 : j - 1;
    d = z + a * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = z + a / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return f;
}

/** ln(1 − Φ(z)), computed directly in the upper tail so that it never underflows. */
export function logNormalSf(z: number): number {
  if (z > SERIES_LIMIT) return logNormalDensity(z) + Math.log(millsRatio(z));
  return Math.log(normalSf(z));
}

/** Standard normal survival 1 − Φ(z), computed directly (never as 1 − Φ): accurate to ~1e-15 relative. */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return notANumber('z');
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  if (z > SERIES_LIMIT) return normalDensity(z) * millsRatio(z);
  if (z < -SERIES_LIMIT) return 1 - normalDensity(z) * millsRatio(-z);
  return 0.5 - centralPart(z);
}

/** Standard normal CDF Φ(z) = 1 − Φ(−z); Φ(−37) = 5.7e-300 keeps its digits. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return notANumber('z');
  return normalSf(-z);
}

/** Standard normal density φ(z), as exp(−zh²/2)·exp(−zl(z+zh)/2)/√(2π) so that no exponent is rounded. */
export function normalDensity(z: number): number {
  const zh = Math.trunc(z * 16) / 16;
  const big = 0.5 * zh * zh; // exact
  if (big > 700) return Math.exp(logNormalDensity(z)); // the product would pass through subnormals
  return Math.exp(-big) * Math.exp(-0.5 * (z - zh) * (z + zh)) * INV_SQRT_2PI;
}

/**
 * Standard normal quantile Φ⁻¹(p): Abramowitz & Stegun 26.2.23 as a start, then Newton steps
 * on the central part (|p − ½| ≤ 0.425) or on ln(tail) (beyond), both computed without cancellation.
 */
export function normalQuantile(p: number): number {
  probability('p', p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (q === 0) return 0;
  if (Math.abs(q) <= 0.425) {
    let x = q < 0 ? -upperTailStart(p) : upperTailStart(1 - p);
    for (let i = 0; i < 50; i++) {
      const step = (centralPart(x) - q) / normalDensity(x);
      x -= step;
      if (Math.abs(step) <= 1e-15 * Math.abs(x)) break;
    }
    return x;
  }
  // p − ½ is exact here and 1 − p is exact for p ≥ ½ (Sterbenz), so the tail is the given one.
  const tail = q < 0 ? p : 1 - p;
  const logTail = Math.log(tail);
  let x = upperTailStart(tail);
  for (let i = 0; i < 50; i++) {
    // d/dx ln(1 − Φ(x)) = −φ(x)/(1 − Φ(x)) = −1/Mills(x)
    const logSf = logNormalSf(x);
    const step = (logSf - logTail) * Math.exp(logSf - logNormalDensity(x));
    x += step;
    if (Math.abs(step) <= 1e-15 * Math.abs(x)) break;
  }
  return q < 0 ? -x : x;
}

/** A&S 26.2.23: x with 1 − Φ(x) ≈ tail (|error| < 4.5e-4), for 0 < tail ≤ ½. */
function upperTailStart(tail: number): number {
  const t = Math.sqrt(-2 * Math.log(tail));
  return t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
}

function notANumber(name: string): never {
  throw new StatsInputError('NOT_FINITE', `${name} must be a number, got NaN`);
}
