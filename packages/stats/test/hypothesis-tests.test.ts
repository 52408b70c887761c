import { describe, expect, it } from 'vitest';
import {
  chanceToBeatControlBinomial,
  chanceToBeatControlNormal,
  chiSquareHomogeneityTest,
  holmAdjust,
  logBeta,
  normalQuantile,
  ratioMetricInterval,
  ratioMetricTest,
  RunningCoMoments,
  RunningMoments,
  sampleRatioMismatchTest,
  twoProportionZTest,
  welchTTest,
  welchTTestFromSummary,
  wilsonInterval,
} from '../src/index.ts';
import { Random } from './support/random.ts';

describe('two-proportion z-test', () => {
  it('reports the difference, both rates and a delta-method relative lift', () => {
    const res = twoProportionZTest({ conversions: 120, n: 1000 }, { conversions: 100, n: 1000 });
    expect(res.estimate).toBeCloseTo(0.02, 15);
    expect(res.rates).toEqual({ treatment: 0.12, control: 0.1 });
    expect(res.relativeLift?.estimate).toBeCloseTo(0.2, 14);
    expect(res.relativeLift!.interval.lower).toBeLessThan(0.2);
    expect(res.method).toMatch(/z-test/);
    expect(res.interval.level).toBe(0.95);
  });

  it('gives no relative lift when the control rate is 0', () => {
    expect(twoProportionZTest({ conversions: 3, n: 100 }, { conversions: 0, n: 100 }).relativeLift).toBeNull();
  });

  it('covers the true difference and lift ~95 % of the time (4,000 simulated experiments)', () => {
    const rng = new Random(11);
    const [pT, pC, n] = [0.06, 0.05, 4000];
    let coverDiff = 0;
    let coverLift = 0;
    const trials = 4000;
    for (let i = 0; i < trials; i++) {
      const res = twoProportionZTest({ conversions: rng.binomial(n, pT), n }, { conversions: rng.binomial(n, pC), n });
      if (res.interval.lower <= pT - pC && pT - pC <= res.interval.upper) coverDiff++;
      const lift = res.relativeLift!.interval;
      if (lift.lower <= pT / pC - 1 && pT / pC - 1 <= lift.upper) coverLift++;
    }
    expect(Math.abs(coverDiff / trials - 0.95)).toBeLessThan(0.015);
    expect(Math.abs(coverLift / trials - 0.95)).toBeLessThan(0.015);
  });
});

describe('Wilson interval', () => {
  it('stays inside [0, 1] at 0 and n successes and contains the estimate', () => {
    expect(wilsonInterval(0, 20).interval.lower).toBe(0);
    expect(wilsonInterval(20, 20).interval.upper).toBe(1);
    const w = wilsonInterval(7, 20, { confidence: 0.9 });
    expect(w.interval.lower).toBeLessThan(0.35);
    expect(w.interval.upper).toBeGreaterThan(0.35);
    expect(w.interval.level).toBe(0.9);
  });
});

describe('Welch t-test', () => {
  it('gives the same answer from samples and from their summaries', () => {
    const rng = new Random(3);
    const a = Array.from(rng.normals(40, 10, 2));
    const b = Array.from(rng.normals(25, 9, 4));
    const fromSamples = welchTTest(a, b);
    const sa = new RunningMoments().addAll(a).toSummary();
    const sb = new RunningMoments().addAll(b).toSummary();
    const fromSummary = welchTTestFromSummary(sa, sb);
    expect(fromSummary.statistic).toBeCloseTo(fromSamples.statistic, 11);
    expect(fromSummary.df).toBeCloseTo(fromSamples.df, 9);
    expect(fromSummary.pValue).toBeCloseTo(fromSamples.pValue, 12);
  });
});

describe('ratio metric (delta method)', () => {
  it('reduces to the z-interval of a mean when every denominator is 1', () => {
    const rng = new Random(5);
    const ys = Array.from(rng.normals(500, 3, 1.5));
    const units = new RunningCoMoments();
    ys.forEach((y) => units.add(y, 1));
    const res = ratioMetricInterval(units.toRatioSummary());
    const m = new RunningMoments().addAll(ys);
    expect(res.estimate).toBeCloseTo(m.mean, 12);
    expect(res.standardError).toBeCloseTo(m.sd / Math.sqrt(500), 12);
    const zero = { ...units.toRatioSummary(), numeratorMean: 0 };
    expect(ratioMetricTest(units.toRatioSummary(), zero).relativeLift).toBeNull();
  });

  it('covers the true ratio ~95 % of the time when sessions per user vary (2,000 simulated experiments)', () => {
    const rng = new Random(8);
    // sessions = 1 + Binomial(9, 0.3), revenue per session ~ 2 + 0.5·N(0,1): E[y]/E[x] = 2
    const trials = 2000;
    let covered = 0;
    let coveredDiff = 0;
    for (let t = 0; t < trials; t++) {
      const arms = [new RunningCoMoments(), new RunningCoMoments()];
      for (const arm of arms) {
        for (let u = 0; u < 300; u++) {
          const sessions = 1 + rng.binomial(9, 0.3);
          // the sum of `sessions` draws of 2 + 0.5·N(0,1), drawn at once
          arm.add(2 * sessions + 0.5 * Math.sqrt(sessions) * rng.normal(), sessions);
        }
      }
      const one = ratioMetricInterval(arms[0]!.toRatioSummary()).interval;
      if (one.lower <= 2 && 2 <= one.upper) covered++;
      const diff = ratioMetricTest(arms[0]!.toRatioSummary(), arms[1]!.toRatioSummary()).interval;
      if (diff.lower <= 0 && 0 <= diff.upper) coveredDiff++;
    }
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.02);
    expect(Math.abs(coveredDiff / trials - 0.95)).toBeLessThan(0.02);
  });
});

describe('sample-ratio mismatch', () => {
  it('is silent on an exact split and flags a broken one at p < 0.001', () => {
    const ok = sampleRatioMismatchTest([5000, 5000], [0.5, 0.5]);
    expect(ok.statistic).toBe(0);
    expect(ok.pValue).toBe(1);
    expect(ok.mismatch).toBe(false);
    const broken = sampleRatioMismatchTest([5200, 4800, 5000], [1 / 3, 1 / 3, 1 / 3]);
    expect(broken.df).toBe(2);
    expect(broken.mismatch).toBe(true);
    expect(broken.expected.map((e) => Math.round(e))).toEqual([5000, 5000, 5000]);
  });
});

describe('chi-square homogeneity', () => {
  it('leaves out categories empty in both windows without changing the answer', () => {
    const base = chiSquareHomogeneityTest([120, 80, 40], [100, 100, 60]);
    const padded = chiSquareHomogeneityTest([120, 0, 80, 40], [100, 0, 100, 60]);
    expect(padded.statistic).toBe(base.statistic);
    expect(padded.df).toBe(2);
    expect(padded.droppedCategories).toEqual([1]);
  });
});

describe('Holm–Bonferroni', () => {
  it('adjusts in input order with the running maximum', () => {
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([0.02])).toEqual([0.02]);
  });
});

describe('Bayesian chance to beat control', () => {
  it('is ½ for identical data', () => {
    const same = { conversions: 40, n: 500 };
    expect(chanceToBeatControlBinomial(same, same).chanceToBeatControl).toBeCloseTo(0.5, 12);
  });

  it('matches numerical integration of ∫ f_C(y)·P(p_T > y) dy', () => {
    const t = { conversions: 58, n: 600 };
    const c = { conversions: 45, n: 600 };
    const [aT, bT, aC, bC] = [1 + 58, 1 + 542, 1 + 45, 1 + 555];
    const density = (x: number, a: number, b: number): number =>
      x <= 0 || x >= 1 ? 0 : Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
    // trapezoid on a grid fine enough for posteriors with sd ≈ 0.012
    const steps = 200_000;
    const h = 1 / steps;
    let survivalT = 1;
    let integral = 0;
    let previous = density(0, aC, bC) * survivalT;
    for (let i = 1; i <= steps; i++) {
      const x = i * h;
      survivalT -= 0.5 * h * (density(x - h, aT, bT) + density(x, aT, bT));
      const current = density(x, aC, bC) * survivalT;
      integral += 0.5 * h * (previous + current);
      previous = current;
    }
    expect(chanceToBeatControlBinomial(t, c).chanceToBeatControl).toBeCloseTo(integral, 7);
  });

  it('gives Φ(Δ/se) for continuous metrics', () => {
    const se = Math.sqrt(4 / 100 + 4 / 100);
    const res = chanceToBeatControlNormal({ mean: 1 + 1.96 * se, sd: 2, n: 100 }, { mean: 1, sd: 2, n: 100 });
    expect(res.chanceToBeatControl).toBeCloseTo(0.9750021048517795, 12);
    expect(res.interval.lower).toBeCloseTo(1.96 * se - normalQuantile(0.975) * se, 12);
  });
});
