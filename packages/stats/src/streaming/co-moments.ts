import { StatsInputError } from '../errors.ts';
import type { RatioSummary } from '../tests/ratio.ts';
import { count, finite, nonNegative } from '../validate.ts';

/** The persisted form of RunningCoMoments. */
export interface CoMomentsState {
  readonly kind: 'co-moments';
  readonly version: 1;
  readonly count: number;
  readonly numeratorMean: number;
  readonly denominatorMean: number;
  /** Σ (y − ȳ)², Σ (x − x̄)², Σ (x − x̄)(y − ȳ) */
  readonly numeratorM2: number;
  readonly denominatorM2: number;
  readonly comoment: number;
}

/**
 * Per-unit (numerator, denominator) pairs of a ratio metric, e.g. (revenue, sessions) per user:
 * bivariate Welford update and Chan merge, constant size; feeds ratioMetricTest via toRatioSummary().
 */
export class RunningCoMoments {
  private n = 0;
  private my = 0;
  private mx = 0;
  private m2y = 0;
  private m2x = 0;
  private cxy = 0;

  /** Adds one unit's numerator y and denominator x. */
  add(numerator: number, denominator: number): this {
    const y = finite('numerator', numerator) + 0;
    const x = finite('denominator', denominator) + 0;
    this.n++;
    const dx = x - this.mx;
    const dy = y - this.my;
    this.mx += dx / this.n;
    this.my += dy / this.n;
    this.m2x += dx * (x - this.mx);
    this.m2y += dy * (y - this.my);
    this.cxy += dx * (y - this.my);
    return this;
  }

  /** Folds another summary into this one (C = Ca + Cb + δx δy na nb / n). */
  merge(other: RunningCoMoments): this {
    if (other.n === 0) return this;
    const n = this.n + other.n;
    const dx = other.mx - this.mx;
    const dy = other.my - this.my;
    const w = (this.n / n) * other.n;
    this.mx += (dx * other.n) / n;
    this.my += (dy * other.n) / n;
    this.m2x += other.m2x + dx * dx * w;
    this.m2y += other.m2y + dy * dy * w;
    this.cxy += other.cxy + dx * dy * w;
    this.n = n;
    return this;
  }

  get count(): number {
    return this.n;
  }

  /** Means, sample variances and covariance (n − 1) for ratioMetricTest. */
  toRatioSummary(): RatioSummary {
    if (this.n < 2) {
      throw new StatsInputError(this.n === 0 ? 'EMPTY_SAMPLE' : 'TOO_FEW', `a ratio summary needs at least 2 units, have ${this.n}`);
    }
    const d = this.n - 1;
    return {
      n: this.n,
      numeratorMean: this.my,
      denominatorMean: this.mx,
      numeratorVariance: this.m2y / d,
      denominatorVariance: this.m2x / d,
      covariance: this.cxy / d,
    };
  }

  toJSON(): CoMomentsState {
    return {
      kind: 'co-moments',
      version: 1,
      count: this.n,
      numeratorMean: this.my,
      denominatorMean: this.mx,
      numeratorM2: this.m2y,
      denominatorM2: this.m2x,
      comoment: this.cxy,
    };
  }

  static fromJSON(state: CoMomentsState): RunningCoMoments {
    if (state === null || typeof state !== 'object' || state.kind !== 'co-moments' || state.version !== 1) {
      throw new StatsInputError('INVALID_STATE', 'not a version-1 co-moments state');
    }
    const out = new RunningCoMoments();
    out.n = count('state.count', state.count);
    out.my = finite('state.numeratorMean', state.numeratorMean);
    out.mx = finite('state.denominatorMean', state.denominatorMean);
    out.m2y = nonNegative('state.numeratorM2', state.numeratorM2);
    out.m2x = nonNegative('state.denominatorM2', state.denominatorM2);
    out.cxy = finite('state.comoment', state.comoment);
    return out;
  }
}
