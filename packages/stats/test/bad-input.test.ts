// Every refused input throws StatsInputError with a code and a message naming the field; none returns NaN.
import { describe, expect, it } from 'vitest';
import {
  chanceToBeatControlBinomial,
  chanceToBeatControlNormal,
  chiSquareHomogeneityTest,
  confidenceSequence,
  FixedBinHistogram,
  holmAdjust,
  jensenShannonDistance,
  KllSketch,
  ksTwoSample,
  normedWassersteinDistance,
  populationStabilityIndex,
  psiFromCounts,
  ratioMetricInterval,
  RunningMoments,
  sampleRatioMismatchTest,
  sequentialProportionTest,
  StatsInputError,
  twoProportionZTest,
  welchTTest,
  welchTTestFromSummary,
  wilsonInterval,
  type StatsErrorCode,
} from '../src/index.ts';

const ratio = { n: 10, numeratorMean: 2, denominatorMean: 1, numeratorVariance: 1, denominatorVariance: 0.5, covariance: 0.2 };

const CASES: [string, () => unknown, StatsErrorCode, RegExp][] = [
  ['empty KS sample', () => ksTwoSample([], [1, 2]), 'EMPTY_SAMPLE', /reference is empty/],
  ['NaN in a KS sample', () => ksTwoSample([1, NaN], [1, 2]), 'NOT_FINITE', /reference\[1\]/],
  ['Infinity in a Welch sample', () => welchTTest([1, 2, Infinity], [1, 2, 3]), 'NOT_FINITE', /treatment\[2\]/],
  ['one-value Welch sample', () => welchTTest([1], [1, 2, 3]), 'TOO_FEW', /at least 2/],
  ['constant Welch samples', () => welchTTest([2, 2, 2], [2, 2]), 'DEGENERATE', /zero variance/],
  ['n = 0', () => twoProportionZTest({ conversions: 0, n: 0 }, { conversions: 1, n: 10 }), 'EMPTY_SAMPLE', /treatment\.n/],
  ['negative count', () => twoProportionZTest({ conversions: -1, n: 10 }, { conversions: 1, n: 10 }), 'NEGATIVE', /conversions/],
  ['fractional count', () => wilsonInterval(2.5, 10), 'NOT_INTEGER', /integer/],
  ['conversions above n', () => wilsonInterval(11, 10), 'OUT_OF_RANGE', /exceeds/],
  ['all-zero conversions', () => twoProportionZTest({ conversions: 0, n: 10 }, { conversions: 0, n: 10 }), 'DEGENERATE', /same outcome/],
  ['confidence 1', () => wilsonInterval(2, 10, { confidence: 1 }), 'OUT_OF_RANGE', /confidence/],
  ['NaN summary mean', () => welchTTestFromSummary({ mean: NaN, sd: 1, n: 5 }, { mean: 0, sd: 1, n: 5 }), 'NOT_FINITE', /treatment\.mean/],
  ['negative sd', () => welchTTestFromSummary({ mean: 0, sd: -1, n: 5 }, { mean: 0, sd: 1, n: 5 }), 'NEGATIVE', /sd/],
  ['weights not summing to 1', () => sampleRatioMismatchTest([10, 10], [0.5, 0.6]), 'WEIGHTS_NOT_NORMALISED', /sum to 1/],
  ['zero weight', () => sampleRatioMismatchTest([10, 10], [0, 1]), 'OUT_OF_RANGE', /weights\[0\]/],
  ['mismatched SRM lengths', () => sampleRatioMismatchTest([10, 10, 10], [0.5, 0.5]), 'LENGTH_MISMATCH', /3 entries.*2/],
  ['mismatched PSI lengths', () => psiFromCounts([1, 2, 3], [1, 2]), 'LENGTH_MISMATCH', /referenceCounts/],
  ['empty PSI window', () => psiFromCounts([0, 0], [1, 2]), 'EMPTY_SAMPLE', /all 0/],
  ['empty current window', () => populationStabilityIndex([1, 2, 3], []), 'EMPTY_SAMPLE', /current/],
  ['single-category homogeneity', () => chiSquareHomogeneityTest([5, 0], [3, 0]), 'TOO_FEW', /category/],
  ['negative JS count', () => jensenShannonDistance([1, -2], [1, 2]), 'NEGATIVE', /referenceCounts\[1\]/],
  ['constant Wasserstein reference', () => normedWassersteinDistance([1, 1, 1], [1, 2]), 'DEGENERATE', /zero spread/],
  ['p-value above 1', () => holmAdjust([0.2, 1.2]), 'OUT_OF_RANGE', /pValues\[1\]/],
  ['no p-values', () => holmAdjust([]), 'EMPTY_SAMPLE', /empty/],
  ['fractional prior alpha', () => chanceToBeatControlBinomial({ conversions: 1, n: 5 }, { conversions: 2, n: 5 }, { prior: [0.5, 0.5] }), 'NOT_INTEGER', /prior alpha/],
  ['zero-variance normal chance', () => chanceToBeatControlNormal({ mean: 1, sd: 0, n: 5 }, { mean: 1, sd: 0, n: 5 }), 'DEGENERATE', /zero variance/],
  ['zero denominator ratio', () => ratioMetricInterval({ ...ratio, denominatorMean: 0 }), 'DEGENERATE', /denominatorMean/],
  ['zero-variance sequence', () => confidenceSequence(0.1, 0, 100), 'DEGENERATE', /zero variance/],
  ['sequential tuning 0', () => sequentialProportionTest({ conversions: 5, n: 50 }, { conversions: 7, n: 50 }, { tuning: 0 }), 'OUT_OF_RANGE', /tuning/],
  ['NaN into a summary', () => new RunningMoments().add(NaN), 'NOT_FINITE', /value/],
  ['Infinity into a histogram', () => new FixedBinHistogram([0, 1]).add(-Infinity), 'NOT_FINITE', /value/],
  ['NaN into a sketch', () => new KllSketch().add(NaN), 'NOT_FINITE', /value/],
  ['mismatched histogram merge', () => new FixedBinHistogram([0, 1]).merge(new FixedBinHistogram([0, 2])), 'INCOMPATIBLE', /edges/],
];

describe('bad input', () => {
  it.each(CASES.map(([name, call, code, message]) => ({ name, call, code, message })))('$name → $code', ({ call, code, message }) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StatsInputError);
    expect((thrown as StatsInputError).code).toBe(code);
    expect((thrown as StatsInputError).message).toMatch(message);
    expect((thrown as StatsInputError).name).toBe('StatsInputError');
  });
});
