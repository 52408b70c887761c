export { StatsInputError, type StatsErrorCode } from './errors.ts';
export type { Interval, IntervalOptions, MeanSummary, ProportionCounts, RelativeLift, TestResult } from './types.ts';

export { normalCdf, normalSf, normalQuantile, normalDensity } from './distributions/normal.ts';
export { studentTCdf, studentTSf, studentTQuantile, studentTDensity } from './distributions/student-t.ts';
export { chiSquareCdf, chiSquareSf } from './distributions/chi-square.ts';
export { kolmogorovCdf, kolmogorovSf } from './distributions/kolmogorov.ts';
export { logGamma, logBeta } from './special/gamma.ts';

export {
  twoProportionZTest,
  wilsonInterval,
  type ProportionInterval,
  type TwoProportionResult,
} from './tests/proportions.ts';
export { welchTTest, welchTTestFromSummary, type WelchResult } from './tests/welch.ts';
export {
  ratioMetricInterval,
  ratioMetricTest,
  type RatioEstimate,
  type RatioSummary,
  type RatioTestResult,
} from './tests/ratio.ts';
export {
  chiSquareHomogeneityTest,
  sampleRatioMismatchTest,
  type ChiSquareResult,
  type HomogeneityResult,
  type SrmResult,
} from './tests/chi-square-tests.ts';

export { ksTwoSample, type KsResult } from './drift/ks.ts';
export {
  binCounts,
  PSI_EPSILON,
  PSI_THRESHOLDS,
  populationStabilityIndex,
  psiFromCounts,
  referenceQuantileEdges,
  type PsiOptions,
  type PsiResult,
} from './drift/psi.ts';
export { jensenShannonDistance, normedWassersteinDistance, type DistanceResult } from './drift/distances.ts';

export {
  combineLooks,
  confidenceSequence,
  SEQUENTIAL_TUNING_DEFAULT,
  sequentialMeanTest,
  sequentialProportionTest,
  type SequentialOptions,
  type SequentialResult,
} from './sequential.ts';
export { holmAdjust } from './multiple.ts';
export {
  chanceToBeatControlBinomial,
  chanceToBeatControlNormal,
  type BetaPosterior,
  type BinomialChanceResult,
  type NormalChanceResult,
} from './bayes.ts';

export { RunningMoments, type MomentsState } from './streaming/moments.ts';
export { RunningCoMoments, type CoMomentsState } from './streaming/co-moments.ts';
export { FixedBinHistogram, type HistogramState } from './streaming/histogram.ts';
export { KLL_DEFAULT_K, KllSketch, type KllState } from './streaming/kll-sketch.ts';
