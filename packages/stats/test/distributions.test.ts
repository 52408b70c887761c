// Checks of the distribution functions that do not rely on R: closed forms that hold exactly
// (Cauchy, t with 2 df, chi-square with 1, 2 and 4 df), values from mpmath at 30 digits, and
// quantile/CDF round trips deep into the tails.
import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareSf,
  kolmogorovCdf,
  kolmogorovSf,
  logBeta,
  logGamma,
  normalCdf,
  normalDensity,
  normalQuantile,
  normalSf,
  StatsInputError,
  studentTCdf,
  studentTDensity,
  studentTQuantile,
  studentTSf,
} from '../src/index.ts';

/**
 * A tail value formed as exp(E) carries ~|E|·ε relative error from rounding E itself, so tolerances
 * that reach 1e-300 (E ≈ −690) get |ln exact|·4e-16 on top (≈ 3e-13 there; R's check is 1e-9).
 */
function tailTolerance(exact: number): number {
  return 4e-16 * Math.abs(Math.log(Math.abs(exact)));
}

function expectRel(ours: number, exact: number, tol: number): void {
  tol += tailTolerance(exact);
  const err = exact === 0 ? Math.abs(ours) : Math.abs(ours - exact) / Math.abs(exact);
  expect(err, `ours ${ours} vs ${exact}`).toBeLessThanOrEqual(tol);
}

describe('normal', () => {
  it('matches 30-digit values in the far tail (mpmath)', () => {
    expectRel(normalSf(10), 7.619853024160525e-24, 1e-14);
    expectRel(normalSf(20), 2.7536241186062337e-89, 1e-14);
    expectRel(normalCdf(-20), 2.7536241186062337e-89, 1e-14);
    // 2.9e-316 is subnormal: only ~8 digits are representable there
    expectRel(normalSf(38), 2.88542835e-316, 1e-7);
  });

  it('keeps Φ(z) + Φ(−z) = 1 and symmetry', () => {
    for (const z of [0, 0.1, 0.7, 1.5, 1.9999, 2, 2.0001, 3, 6]) {
      expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
      expect(normalSf(z)).toBe(normalCdf(-z));
    }
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });

  it('inverts its CDF to ~1e-14 relative from 1e-300 to 1 − 1e-16', () => {
    for (const p of [1e-300, 1e-200, 1e-50, 1e-10, 1e-3, 0.02, 0.0749, 0.0751, 0.3, 0.4999999, 0.5000001, 0.8, 0.99, 1 - 1e-9]) {
      const z = normalQuantile(p);
      const back = p < 0.5 ? normalCdf(z) : normalSf(z);
      expectRel(back, p < 0.5 ? p : 1 - p, 2e-14 * Math.max(1, Math.abs(z)));
    }
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
});

describe('Student t', () => {
  it('equals the Cauchy distribution at 1 df, tails included', () => {
    for (const t of [0.01, 0.5, 1, 3, 100, 1e6, 1e100, 1e200]) {
      expectRel(studentTSf(t, 1), Math.atan(1 / t) / Math.PI, 1e-14);
      expectRel(studentTCdf(-t, 1), Math.atan(1 / t) / Math.PI, 1e-14);
    }
    expectRel(studentTQuantile(1e-300, 1), -1 / Math.tan(Math.PI * 1e-300), 1e-13);
  });

  it('equals the closed form at 2 df: P(T > t) = 1/(√(t²+2)(√(t²+2)+t))', () => {
    for (const t of [0.001, 0.3, 2, 40, 1e5, 1e150]) {
      const r = Math.hypot(t, Math.SQRT2);
      expectRel(studentTSf(t, 2), 1 / (r * (r + t)), 1e-13);
    }
  });

  it('matches mpmath values, fractional and tiny df included', () => {
    expectRel(studentTSf(3, 5), 0.015049623948731288, 1e-14);
    expectRel(studentTSf(50, 0.5), 0.04535260640296638, 1e-14);
    expectRel(studentTSf(1e6, 2.5), 7.193397190814239e-16, 1e-13);
    expectRel(studentTSf(0.7, 40), 0.24398938938030082, 1e-14);
  });

  it('tends to the normal as df grows, with df = Infinity exactly normal', () => {
    expectRel(studentTCdf(-3, 1e12), normalCdf(-3), 1e-10);
    expect(studentTCdf(1.3, Infinity)).toBe(normalCdf(1.3));
    expect(studentTDensity(0.4, Infinity)).toBe(normalDensity(0.4));
    expectRel(studentTDensity(0.4, 1), 1 / (Math.PI * 1.16), 1e-14);
    expect(studentTQuantile(0.975, Infinity)).toBe(normalQuantile(0.975));
  });

  it('inverts its CDF across df from 0.5 to 1e7 and p from 1e-300', () => {
    for (const df of [0.5, 1, 1.5, 3, 10, 120.3, 1e4, 1e7]) {
      for (const p of [1e-300, 1e-20, 1e-4, 0.05, 0.3, 0.4999, 0.5001, 0.9, 0.999]) {
        const t = studentTQuantile(p, df);
        if (!Number.isFinite(t)) continue; // ν = 0.5 puts p = 1e-300 beyond the largest double
        const back = p < 0.5 ? studentTCdf(t, df) : studentTSf(t, df);
        const tail = p < 0.5 ? p : 1 - p;
        // a relative error δ in t moves the tail by δ·|t|f(t)/tail (≈ t² for large df)
        const slope = (Math.abs(t) * studentTDensity(t, df)) / tail;
        expectRel(back, tail, 1e-13 + 4e-15 * slope);
      }
    }
    expect(studentTQuantile(1e-300, 0.5)).toBe(-Infinity);
  });
});

describe('chi-square', () => {
  it('equals exp(−x/2) at 2 df and e^(−x/2)(1 + x/2) at 4 df, down to 1e-300', () => {
    for (const x of [1e-6, 0.5, 3, 40, 300, 1380]) {
      expectRel(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-13);
      expectRel(chiSquareSf(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-13);
      expectRel(chiSquareCdf(x, 2), -Math.expm1(-x / 2), 1e-13);
    }
  });

  it('equals 2(1 − Φ(√x)) at 1 df', () => {
    for (const x of [1e-4, 0.2, 1, 3.84, 25, 400, 1300]) expectRel(chiSquareSf(x, 1), 2 * normalSf(Math.sqrt(x)), 1e-13);
  });

  it('has CDF + survival = 1 and the edges right', () => {
    for (const [x, df] of [[3, 7], [120, 100], [80, 100], [0.3, 0.5]] as const) {
      expect(chiSquareCdf(x, df) + chiSquareSf(x, df)).toBeCloseTo(1, 14);
    }
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(Infinity, 3)).toBe(0);
    expect(chiSquareSf(-1, 3)).toBe(1);
  });
});

describe('Kolmogorov', () => {
  it('matches mpmath on both series and at the 5 % critical value 1.3581', () => {
    expectRel(kolmogorovSf(0.5), 0.9639452436648751, 1e-14);
    expectRel(kolmogorovSf(1), 0.2699996716773545, 1e-14);
    expectRel(kolmogorovSf(2), 0.0006709252557796953, 1e-14);
    expectRel(kolmogorovCdf(0.2), 5.050407338670071e-13, 1e-13);
    expectRel(kolmogorovSf(1.3580986393225507), 0.05, 1e-14);
  });

  it('is continuous where it switches series', () => {
    expect(Math.abs(kolmogorovCdf(1 - 1e-12) - kolmogorovCdf(1))).toBeLessThan(1e-11);
    expect(kolmogorovSf(0)).toBe(1);
    expect(kolmogorovCdf(Infinity)).toBe(1);
  });
});

describe('log-gamma and log-beta', () => {
  it('agree with exact factorials and Γ(½) = √π', () => {
    expectRel(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
    expectRel(logGamma(21), Math.log(2432902008176640000), 1e-15);
    expectRel(logBeta(3, 4), Math.log(1 / 60), 1e-14);
    // ln B(a, ½) for a = 5e5 by Stirling on both sides: no cancellation of 6.5e6-sized terms
    expectRel(logBeta(5e5, 0.5), -5.988816495777466, 1e-14);
  });
});

describe('bad input', () => {
  const cases: [string, () => unknown, string][] = [
    ['NaN z', () => normalCdf(NaN), 'NOT_FINITE'],
    ['p > 1', () => normalQuantile(1.5), 'OUT_OF_RANGE'],
    ['p NaN', () => normalQuantile(NaN), 'NOT_FINITE'],
    ['df 0', () => studentTCdf(1, 0), 'OUT_OF_RANGE'],
    ['df NaN', () => studentTQuantile(0.3, NaN), 'OUT_OF_RANGE'],
    ['t NaN', () => studentTCdf(NaN, 3), 'NOT_FINITE'],
    ['chi-square df -1', () => chiSquareSf(3, -1), 'OUT_OF_RANGE'],
    ['chi-square df Infinity', () => chiSquareSf(3, Infinity), 'OUT_OF_RANGE'],
    ['chi-square x NaN', () => chiSquareCdf(NaN, 2), 'NOT_FINITE'],
    ['Kolmogorov NaN', () => kolmogorovSf(NaN), 'NOT_FINITE'],
  ];
  it.each(cases)('%s throws StatsInputError', (_name, call, code) => {
    expect(call).toThrow(StatsInputError);
    try {
      call();
    } catch (error) {
      expect((error as StatsInputError).code).toBe(code);
    }
  });
});
