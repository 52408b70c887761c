import { describe, expect, it } from 'vitest';
import { ksTwoSample, populationStabilityIndex } from '../src/index.ts';
import { Random } from './support/random.ts';

// The threshold this check uses: at n = 5,000 per window and 10 reference-quantile bins, noise alone
// gives PSI ≈ 0.004 and a 0.2 σ shift ≈ 0.04; 0.02 separates them. The conventional 0.1 default cannot.
const PSI_TEST_THRESHOLD = 0.02;
const KS_ALPHA = 0.01;

describe('drift detection at n = 5,000 per window (200 simulated windows per case, fixed seed)', () => {
  it('flags a 0.2 σ mean shift in ≥ 90 % of trials and stays quiet on no shift in ≥ 95 % (KS and PSI)', () => {
    const rng = new Random(4242);
    const trials = 200;
    const n = 5000;
    let ksQuiet = 0;
    let ksFlagged = 0;
    let psiQuiet = 0;
    let psiFlagged = 0;
    let psiNoise = 0;
    let psiShift = 0;
    let conventionalFlagged = 0;
    for (let t = 0; t < trials; t++) {
      const reference = rng.normals(n);
      const same = rng.normals(n);
      const shifted = rng.normals(n, 0.2);
      if (!ksTwoSample(reference, same, { alpha: KS_ALPHA }).drifted) ksQuiet++;
      if (ksTwoSample(reference, shifted, { alpha: KS_ALPHA }).drifted) ksFlagged++;
      const noise = populationStabilityIndex(reference, same, { thresholds: { moderate: PSI_TEST_THRESHOLD } });
      const shift = populationStabilityIndex(reference, shifted, { thresholds: { moderate: PSI_TEST_THRESHOLD } });
      if (!noise.drifted) psiQuiet++;
      if (shift.drifted) psiFlagged++;
      if (populationStabilityIndex(reference, shifted).drifted) conventionalFlagged++;
      psiNoise += noise.statistic;
      psiShift += shift.statistic;
    }
    console.info(
      `KS (α = ${KS_ALPHA}): quiet ${ksQuiet / trials}, flagged ${ksFlagged / trials}; ` +
        `PSI (≥ ${PSI_TEST_THRESHOLD}): quiet ${psiQuiet / trials}, flagged ${psiFlagged / trials}; ` +
        `mean PSI noise ${(psiNoise / trials).toFixed(4)}, shift ${(psiShift / trials).toFixed(4)}; ` +
        `PSI at the default 0.1 flags the shift in ${conventionalFlagged / trials}`,
    );
    expect(ksQuiet / trials).toBeGreaterThanOrEqual(0.95);
    expect(ksFlagged / trials).toBeGreaterThanOrEqual(0.9);
    expect(psiQuiet / trials).toBeGreaterThanOrEqual(0.95);
    expect(psiFlagged / trials).toBeGreaterThanOrEqual(0.9);
    // the trade-off the README states: the conventional level misses this shift
    expect(conventionalFlagged / trials).toBeLessThan(0.1);
  });
});
