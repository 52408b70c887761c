import { add, dd, div, type DD, mul, neg, oneMinus, toNumber } from './double-double.ts';
import { logBeta } from './gamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 1_000_000;
const ONE = dd(1);

/** The two regularised incomplete beta tails, I_x(a, b) and 1 − I_x(a, b), with their logs. */
export interface BetaTails {
  readonly lower: number;
  readonly upper: number;
  readonly logLower: number;
  readonly logUpper: number;
}

/**
 * I_x(a, b) by the continued fraction of DLMF 8.17.22 (modified Lentz), evaluated on the side
 * where it converges fast (x < (a+1)/(a+b+2)), else through I_x(a,b) = 1 − I_y(b,a).
 * Callers pass y = 1 − x and both logs computed without cancellation (e.g. log1p), because
 * a·ln x with a = 5e5 turns a rounding of ln x into a visible error in the tail.
 */
export function regularizedBeta(
  a: number,
  b: number,
  x: number,
  y: number,
  logX = Math.log(x),
  logY = Math.log(y),
): BetaTails {
  // x or y may underflow while its log (computed by the caller) is still finite.
  if (logX === -Infinity) return { lower: 0, upper: 1, logLower: -Infinity, logUpper: 0 };
  if (logY === -Infinity) return { lower: 1, upper: 0, logLower: 0, logUpper: -Infinity };
  if (x < (a + 1) / (a + b + 2)) {
    const logLower = logFraction(a, b, x, y, logX, logY);
    const lower = Math.exp(logLower);
    return { lower, upper: 1 - lower, logLower, logUpper: Math.log1p(-lower) };
  }
  const logUpper = logFraction(b, a, y, x, logY, logX);
  const upper = Math.exp(logUpper);
  return { lower: 1 - upper, upper, logLower: Math.log1p(-upper), logUpper };
}

/**
 * ln I_x(a, b) = a ln x + b ln y − ln B(a, b) − ln a + ln CF, the fraction run in double-double
 * with x formed as 1 − y when x > ½: near x ≈ (a+1)/(a+b+2) with large a each level of the
 * fraction cancels to ~a·y, which in doubles turns a rounding of x into an error of ε/y.
 */
function logFraction(a: number, b: number, x: number, y: number, logX: number, logY: number): number {
  const X = x <= 0.5 ? dd(x) : oneMinus(y);
  const A = dd(a);
  const B = dd(b);
  const qab = add(A, B);
  const qap = add(A, ONE);
  const qam = add(A, dd(-1));
  let c = ONE;
  let d = guard(add(ONE, neg(div(mul(qab, X), qap))));
  d = div(ONE, d);
  let h = d;
  for (let m = 1; m < MAX_TERMS; m++) {
    const m2 = dd(2 * m);
    let aa = div(mul(mul(dd(m), add(B, dd(-m))), X), mul(add(qam, m2), add(A, m2)));
    d = div(ONE, guard(add(ONE, mul(aa, d))));
    c = guard(add(ONE, div(aa, c)));
    h = mul(h, mul(d, c));
    aa = neg(div(mul(mul(add(A, dd(m)), add(qab, dd(m))), X), mul(add(A, m2), add(qap, m2))));
    d = div(ONE, guard(add(ONE, mul(aa, d))));
    c = guard(add(ONE, div(aa, c)));
    const delta = mul(d, c);
    h = mul(h, delta);
    if (Math.abs(delta.hi - 1 + delta.lo) < EPS) break;
  }
  return a * logX + b * logY - logBeta(a, b) - Math.log(a) + Math.log(toNumber(h));
}

function guard(v: DD): DD {
  return Math.abs(v.hi) < TINY ? dd(TINY) : v;
}
