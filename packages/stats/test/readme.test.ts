// The README's worked examples quote numbers; recompute them so the README cannot drift from the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  binCounts,
  chanceToBeatControlBinomial,
  holmAdjust,
  jensenShannonDistance,
  ksTwoSample,
  normedWassersteinDistance,
  populationStabilityIndex,
  sampleRatioMismatchTest,
  sequentialProportionTest,
  twoProportionZTest,
  welchTTestFromSummary,
} from '../src/index.ts';
import { Random } from './support/random.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function signed(x: number, digits: number): string {
  return (x < 0 ? '−' : '+') + Math.abs(x).toFixed(digits);
}

function quotes(...texts: string[]): void {
  for (const text of texts) expect(readme, `README should quote "${text}"`).toContain(text);
}

describe('README examples', () => {
  it('quote what the A/B readout computes', () => {
    const treatment = { conversions: 1100, n: 9988 };
    const control = { conversions: 1000, n: 10012 };
    const srm = sampleRatioMismatchTest([9988, 10012], [0.5, 0.5]);
    const conv = twoProportionZTest(treatment, control);
    const seq = sequentialProportionTest(treatment, control);
    const bayes = chanceToBeatControlBinomial(treatment, control);
    const revenue = welchTTestFromSummary({ mean: 5.32, sd: 12.1, n: 9988 }, { mean: 5.05, sd: 11.8, n: 10012 });
    const holm = holmAdjust([conv.pValue, revenue.pValue]);
    const lift = conv.relativeLift!;
    quotes(
      `chi-square ${srm.statistic.toFixed(4)}, df 1, p = ${srm.pValue.toFixed(3)}`,
      `estimate ${signed(conv.estimate, 5)}, 95 % interval [${signed(conv.interval.lower, 5)}, ${signed(conv.interval.upper, 5)}]`,
      `z = ${conv.statistic.toFixed(3)}, p = ${conv.pValue.toFixed(4)}`,
      `relativeLift ${signed(100 * lift.estimate, 2)} %, interval [${signed(100 * lift.interval.lower, 2)} %, ${signed(100 * lift.interval.upper, 2)} %]`,
      `[${signed(seq.interval.lower, 5)}, ${signed(seq.interval.upper, 5)}], pValue ${seq.pValue.toFixed(3)}, significant: ${seq.significant}`,
      `chanceToBeatControl ${bayes.chanceToBeatControl.toFixed(4)}`,
      `estimate ${signed(revenue.estimate, 2)}, interval [${signed(revenue.interval.lower, 3)}, ${signed(revenue.interval.upper, 3)}], t = ${revenue.statistic.toFixed(3)}, df ${revenue.df.toFixed(1)}, p = ${revenue.pValue.toFixed(3)}`,
      `[${holm[0]!.toFixed(4)}, ${holm[1]!.toFixed(3)}]`,
    );
  });

  it('quote what the drift check computes', () => {
    const rng = new Random(7);
    const reference = Array.from(rng.normals(5000));
    const current = Array.from(rng.normals(5000, 0.2));
    const ks = ksTwoSample(reference, current, { alpha: 0.01 });
    const psi = populationStabilityIndex(reference, current);
    const js = jensenShannonDistance(binCounts(reference, psi.edges), binCounts(current, psi.edges));
    const w = normedWassersteinDistance(reference, current);
    expect(populationStabilityIndex(reference, current, { thresholds: { moderate: 0.02 } }).drifted).toBe(true);
    quotes(
      `D = ${ks.statistic.toFixed(4)}, p = ${ks.pValue.toExponential(1)}, drifted: ${ks.drifted}`,
      `PSI = ${psi.statistic.toFixed(4)}, level '${psi.level}'`,
      `// ${js.statistic.toFixed(4)}, drifted: ${js.drifted} at 0.1`,
      `// ${w.statistic.toFixed(3)}, drifted: ${w.drifted} at 0.1`,
    );
  });
});
