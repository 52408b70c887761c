import { StatsInputError } from '../errors.ts';
import type { MeanSummary } from '../types.ts';
import { count, finite, nonNegative } from '../validate.ts';

/** The persisted form of RunningMoments: plain JSON numbers, which round-trip doubles exactly. */
export interface MomentsState {
  readonly kind: 'moments';
  readonly version: 1;
  readonly count: number;
  readonly mean: number;
  /** Σ (x − mean)² */
  readonly m2: number;
  /** null while empty (JSON has no Infinity) */
  readonly min: number | null;
  readonly max: number | null;
}

/**
 * Count, mean and variance of a stream (Welford's update), mergeable across windows with Chan, Golub
 * & LeVeque's pairwise formula; constant size. Values are checked finite; −0 is stored as 0 so that the
 * JSON form restores bit for bit.
 */
export class RunningMoments {
  private n = 0;
  private mu = 0;
  private m2 = 0;
  private lo = Infinity;
  private hi = -Infinity;

  /** Adds one value. */
  add(value: number): this {
    finite('value', value);
    const x = value + 0;
    this.n++;
    const delta = x - this.mu;
    this.mu += delta / this.n;
    this.m2 += delta * (x - this.mu);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    return this;
  }

  addAll(values: Iterable<number>): this {
    for (const v of values) this.add(v);
    return this;
  }

  /** Folds another summary into this one (Chan et al.: M2 = M2a + M2b + δ² na nb / n). */
  merge(other: RunningMoments): this {
    if (other.n === 0) return this;
    if (this.n === 0) {
      this.restoreFrom(other.toJSON());
      return this;
    }
    const n = this.n + other.n;
    const delta = other.mu - this.mu;
    this.mu += (delta * other.n) / n;
    this.m2 += other.m2 + ((delta * delta * this.n) / n) * other.n;
    this.n = n;
    this.lo = Math.min(this.lo, other.lo);
    this.hi = Math.max(this.hi, other.hi);
    return this;
  }

  get count(): number {
    return this.n;
  }

  get mean(): number {
    this.requireValues(1, 'a mean');
    return this.mu;
  }

  /** Sample variance, n − 1 denominator. */
  get variance(): number {
    this.requireValues(2, 'a sample variance');
    return this.m2 / (this.n - 1);
  }

  get sd(): number {
    return Math.sqrt(this.variance);
  }

  get min(): number {
    this.requireValues(1, 'a minimum');
    return this.lo;
  }

  get max(): number {
    this.requireValues(1, 'a maximum');
    return this.hi;
  }

  /** { mean, sd, n } for Welch, sequential and Bayesian tests. */
  toSummary(): MeanSummary {
    return { mean: this.mean, sd: this.sd, n: this.n };
  }

  toJSON(): MomentsState {
    return {
      kind: 'moments',
      version: 1,
      count: this.n,
      mean: this.mu,
      m2: this.m2,
      min: this.n === 0 ? null : this.lo,
      max: this.n === 0 ? null : this.hi,
    };
  }

  /** Restores a summary from toJSON() output (after a JSON round trip), checking it is consistent. */
  static fromJSON(state: MomentsState): RunningMoments {
    return new RunningMoments().restoreFrom(state);
  }

  private restoreFrom(state: MomentsState): this {
    if (state === null || typeof state !== 'object' || state.kind !== 'moments' || state.version !== 1) {
      throw new StatsInputError('INVALID_STATE', 'not a version-1 moments state');
    }
    count('state.count', state.count);
    finite('state.mean', state.mean);
    nonNegative('state.m2', state.m2);
    if (state.count === 0) {
      if (state.mean !== 0 || state.m2 !== 0 || state.min !== null || state.max !== null) {
        throw new StatsInputError('INVALID_STATE', 'an empty moments state must have mean 0, m2 0, min and max null');
      }
      this.lo = Infinity;
      this.hi = -Infinity;
    } else {
      const lo = finite('state.min', state.min ?? NaN);
      const hi = finite('state.max', state.max ?? NaN);
      if (lo > hi) throw new StatsInputError('INVALID_STATE', 'state.min exceeds state.max');
      this.lo = lo;
      this.hi = hi;
    }
    this.n = state.count;
    this.mu = state.mean;
    this.m2 = state.m2;
    return this;
  }

  private requireValues(min: number, what: string): void {
    if (this.n < min) {
      throw new StatsInputError(this.n === 0 ? 'EMPTY_SAMPLE' : 'TOO_FEW', `${what} needs at least ${min} value(s), have ${this.n}`);
    }
  }
}
