import { StatsInputError } from '../errors.ts';

const SQRT_2PI = 2.5066282746310002;
const PI2_OVER_8 = (Math.PI * Math.PI) / 8;
// Below it the Jacobi-theta form of the CDF converges in a few terms; above it the classic
// alternating series of the survival function does (5 terms at 1, fewer further out).
const SERIES_SWITCH = 1;

function check(x: number): void {
  if (typeof x !== 'number' || Number.isNaN(x)) throw new StatsInputError('NOT_FINITE', `x must be a number, got ${String(x)}`);
}

/** K(x) = √(2π)/x Σ_{k≥1} exp(−(2k−1)²π²/(8x²)), the Kolmogorov CDF for small x. */
function thetaCdf(x: number): number {
  const z = -PI2_OVER_8 / (x * x);
  let sum = 0;
  for (let k = 1; k < 200; k += 2) {
    const term = Math.exp(k * k * z);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return (SQRT_2PI / x) * sum;
}

/** 1 − K(x) = 2 Σ_{k≥1} (−1)^(k−1) exp(−2k²x²), summed to full precision. */
function alternatingSf(x: number): number {
  const z = -2 * x * x;
  let sum = 0;
  for (let k = 1; k < 200; k++) {
    const term = Math.exp(z * k * k);
    sum += k % 2 === 1 ? term : -term;
    if (term <= Math.abs(sum) * 1e-17) break;
  }
  return 2 * sum;
}

/** Kolmogorov distribution CDF K(x) = P(sup|B(t)| ≤ x) for the Brownian bridge B (the limit of √n·D). */
export function kolmogorovCdf(x: number): number {
  check(x);
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < SERIES_SWITCH ? thetaCdf(x) : 1 - alternatingSf(x);
}

/** Kolmogorov survival 1 − K(x), computed directly in the upper tail (the KS asymptotic p-value). */
export function kolmogorovSf(x: number): number {
  check(x);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < SERIES_SWITCH ? 1 - thetaCdf(x) : alternatingSf(x);
}
