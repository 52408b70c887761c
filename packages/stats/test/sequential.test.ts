import { describe, expect, it } from 'vitest';
import {
  combineLooks,
  confidenceSequence,
  normalQuantile,
  SEQUENTIAL_TUNING_DEFAULT,
  sequentialMeanTest,
  sequentialProportionTest,
  twoProportionZTest,
} from '../src/index.ts';
import { Random } from './support/random.ts';

describe('confidence sequence', () => {
  it('calls a look significant exactly when its interval excludes 0', () => {
    const rng = new Random(21);
    for (let i = 0; i < 500; i++) {
      const variance = 1e-4 * (0.1 + rng.uniform());
      const estimate = 0.05 * (rng.uniform() - 0.5);
      const look = confidenceSequence(estimate, variance, 100 + Math.floor(20_000 * rng.uniform()));
      const excludes = look.interval.lower > 0 || look.interval.upper < 0;
      expect(look.significant).toBe(excludes);
    }
  });

  it('is wider than the fixed-horizon interval, most tightly so near n = N*', () => {
    const sigma2 = 0.25;
    const ratio = (n: number): number => {
      const look = confidenceSequence(0, sigma2 / n, n);
      return (look.interval.upper - look.interval.lower) / 2 / (normalQuantile(0.975) * Math.sqrt(sigma2 / n));
    };
    expect(SEQUENTIAL_TUNING_DEFAULT).toBe(5000);
    const atTuning = ratio(SEQUENTIAL_TUNING_DEFAULT);
    expect(atTuning).toBeGreaterThan(1.4);
    expect(atTuning).toBeLessThan(1.7);
    expect(ratio(500)).toBeGreaterThan(atTuning);
    expect(ratio(100_000)).toBeGreaterThan(atTuning);
  });

  it('combines looks by the running minimum p and the intersection of intervals', () => {
    const a = sequentialMeanTest({ mean: 1.1, sd: 1, n: 400 }, { mean: 1, sd: 1, n: 400 });
    const b = sequentialMeanTest({ mean: 1.05, sd: 1, n: 800 }, { mean: 1, sd: 1, n: 800 });
    const both = combineLooks([a, b]);
    expect(both.pValue).toBe(Math.min(a.pValue, b.pValue));
    expect(both.interval.lower).toBe(Math.max(a.interval.lower, b.interval.lower));
    expect(both.interval.upper).toBe(Math.min(a.interval.upper, b.interval.upper));
  });
});

describe('A/A experiments peeked at 20 times (2,000 simulated, fixed seed)', () => {
  it('keep the sequential false-positive rate ≤ 0.05 while the naive repeated z-test exceeds it', () => {
    const rng = new Random(20240611);
    const experiments = 2000;
    const peeks = 20;
    const usersPerPeek = 250; // per arm; 5,000 per arm at the last look, N = 10,000 vs N* = 5,000
    const rate = 0.1;
    let naive = 0;
    let sequential = 0;
    for (let e = 0; e < experiments; e++) {
      let xT = 0;
      let xC = 0;
      let naiveHit = false;
      let sequentialHit = false;
      for (let k = 1; k <= peeks; k++) {
        xT += rng.binomial(usersPerPeek, rate);
        xC += rng.binomial(usersPerPeek, rate);
        const t = { conversions: xT, n: k * usersPerPeek };
        const c = { conversions: xC, n: k * usersPerPeek };
        if (!naiveHit && twoProportionZTest(t, c).pValue < 0.05) naiveHit = true;
        if (!sequentialHit && sequentialProportionTest(t, c, { alpha: 0.05 }).pValue <= 0.05) sequentialHit = true;
      }
      if (naiveHit) naive++;
      if (sequentialHit) sequential++;
    }
    const naiveRate = naive / experiments;
    const sequentialRate = sequential / experiments;
    console.info(`A/A, 20 peeks: naive z-test false positives ${naiveRate.toFixed(4)}, sequential ${sequentialRate.toFixed(4)}`);
    expect(naiveRate, 'naive repeated z-test').toBeGreaterThan(0.05);
    expect(sequentialRate, 'confidence sequence').toBeLessThanOrEqual(0.05);
  });
});
