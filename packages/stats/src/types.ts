/** A two-sided interval at the given confidence (or credibility) level. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
}

/** Conversions out of n units (visitors, sessions) in one variant. */
export interface ProportionCounts {
  readonly conversions: number;
  readonly n: number;
}

/** Mean, sample standard deviation (n − 1 denominator) and size of one variant, as services keep them. */
export interface MeanSummary {
  readonly mean: number;
  readonly sd: number;
  readonly n: number;
}

/** Options shared by tests that report an interval. */
export interface IntervalOptions {
  /** Confidence level of the interval, default 0.95. */
  readonly confidence?: number;
}

/** What every hypothesis test returns, so a UI can show it without knowing the math. */
export interface TestResult {
  /** Human-readable name of the method, e.g. "Welch two-sample t-test". */
  readonly method: string;
  /** The effect: treatment − control, unless the method says otherwise. */
  readonly estimate: number;
  readonly interval: Interval;
  /** The test statistic (z, t, …; see statisticName). */
  readonly statistic: number;
  readonly statisticName: string;
  /** Two-sided p-value. */
  readonly pValue: number;
}

/** A relative lift (treatment / control − 1) with its delta-method interval. */
export interface RelativeLift {
  readonly method: string;
  readonly estimate: number;
  readonly interval: Interval;
}
