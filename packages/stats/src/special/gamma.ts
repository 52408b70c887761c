// Log-gamma, log-beta and the Poisson-type prefix x^a e^-x / Γ(a+1), written so that the
// large cancellations of the naive formulas (lgamma(a) - lgamma(a+b) for a = 1e6) never happen:
// the Stirling remainder δ is carried separately, and the saddle-point term uses Loader's bd0.

export const LN_SQRT_2PI = 0.9189385332046728; // ln √(2π)
const LN_2PI = 1.8378770664093456;

// B_{2k} / (2k (2k-1)), k = 1..8: the Stirling series of ln Γ(x) past its leading terms.
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];
const STIRLING_FROM = 10; // the series above is below 3e-17 relative from here on

/** δ(x) = ln Γ(x) − ((x − ½) ln x − x + ln √(2π)), the Stirling remainder, for x ≥ 10. */
export function stirlingRemainder(x: number): number {
  const r = 1 / (x * x);
  let s = STIRLING[STIRLING.length - 1]!;
  for (let i = STIRLING.length - 2; i >= 0; i--) s = s * r + STIRLING[i]!;
  return s / x;
}

/** ln Γ(x) for x > 0: Stirling with remainder from 10 up, upward recurrence below. */
export function logGamma(x: number): number {
  if (x >= STIRLING_FROM) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingRemainder(x);
  let product = 1;
  let y = x;
  while (y < STIRLING_FROM) {
    product *= y;
    y += 1;
  }
  return logGamma(y) - Math.log(product);
}

/** ln B(a, b) for a, b > 0, without the cancellation of ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= STIRLING_FROM) {
    const corr = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return (
      -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= STIRLING_FROM) {
    const corr = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/**
 * bd0(x, m) = x ln(x/m) + m − x, the deviance term of Loader (2000), "Fast and accurate
 * computation of binomial probabilities": a series in v = (x − m)/(x + m) where x ≈ m.
 */
export function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    const v2 = v * v;
    let s = (x - m) * v;
    let ej = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** ln(x^a e^-x / Γ(a + 1)) for a > 0, x > 0 (the Poisson density at a with mean x). */
export function logPoissonTerm(a: number, x: number): number {
  if (a >= STIRLING_FROM) return -stirlingRemainder(a) - bd0(a, x) - 0.5 * (LN_2PI + Math.log(a));
  return a * Math.log(x) - x - logGamma(a + 1);
}
