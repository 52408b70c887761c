import { logPoissonTerm } from './gamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 100_000;

/** The two regularised incomplete gamma tails, each as a log where it is computed directly. */
export interface GammaTails {
  readonly lower: number;
  readonly upper: number;
  readonly logUpper: number;
}

/**
 * P(a, x) and Q(a, x) for a > 0, x ≥ 0. Below x = a + 1 the lower tail comes from the power
 * series (Q = 1 − P is then ≥ ~0.1, so nothing is lost); above it the upper tail comes directly
 * from Legendre's continued fraction (modified Lentz), in log space so it may underflow gracefully.
 */
export function regularizedGamma(a: number, x: number): GammaTails {
  if (x === 0) return { lower: 0, upper: 1, logUpper: 0 };
  const logTerm = logPoissonTerm(a, x);
  if (x < a + 1) {
    // P = x^a e^-x / Γ(a+1) · Σ x^n / ((a+1)…(a+n))
    let term = 1;
    let sum = 1;
    for (let n = 1; n < MAX_TERMS; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * EPS) break;
    }
    const lower = Math.exp(logTerm + Math.log(sum));
    const upper = 1 - lower;
    return { lower, upper, logUpper: Math.log1p(-lower) };
  }
  // Q = x^a e^-x / Γ(a) · 1/(x+1−a − 1(1−a)/(x+3−a − 2(2−a)/(x+5−a − …)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const logUpper = logTerm + Math.log(a) + Math.log(h);
  const upper = Math.exp(logUpper);
  return { lower: 1 - upper, upper, logUpper };
}
