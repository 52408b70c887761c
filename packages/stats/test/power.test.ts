import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, twoProportionZTest } from '../src/index.ts';
import { Random } from './support/random.ts';

/**
 * Textbook power of the two-sided pooled two-proportion z-test (Fleiss, Levin & Paik, eq. 4.14):
 * Φ((|Δ| − z σ₀)/σ₁) + Φ((−|Δ| − z σ₀)/σ₁), σ₀ from the pooled rate under H0, σ₁ unpooled under H1.
 */
function textbookPower(pT: number, pC: number, n: number, alpha: number): number {
  const z = normalQuantile(1 - alpha / 2);
  const pBar = (pT + pC) / 2;
  const sigma0 = Math.sqrt((2 * pBar * (1 - pBar)) / n);
  const sigma1 = Math.sqrt((pT * (1 - pT) + pC * (1 - pC)) / n);
  const delta = Math.abs(pT - pC);
  return normalCdf((delta - z * sigma0) / sigma1) + normalCdf((-delta - z * sigma0) / sigma1);
}

describe('fixed-horizon z-test power (10,000 simulated experiments, fixed seed)', () => {
  it('matches the textbook formula within 2 points where power is between 0.5 and 0.9', () => {
    const [pT, pC, n, alpha] = [0.12, 0.1, 3000, 0.05];
    const expected = textbookPower(pT, pC, n, alpha);
    expect(expected).toBeGreaterThan(0.5);
    expect(expected).toBeLessThan(0.9);
    const rng = new Random(777);
    const trials = 10_000;
    let rejected = 0;
    for (let i = 0; i < trials; i++) {
      const res = twoProportionZTest({ conversions: rng.binomial(n, pT), n }, { conversions: rng.binomial(n, pC), n });
      if (res.pValue < alpha) rejected++;
    }
    const simulated = rejected / trials;
    console.info(`power at 12 % vs 10 %, n = 3,000 per arm: textbook ${expected.toFixed(4)}, simulated ${simulated.toFixed(4)}`);
    expect(Math.abs(simulated - expected)).toBeLessThanOrEqual(0.02);
  });
});
