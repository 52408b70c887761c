import { StatsInputError } from '../errors.ts';
import { count, finite } from '../validate.ts';

/** The persisted form of FixedBinHistogram. */
export interface HistogramState {
  readonly kind: 'histogram';
  readonly version: 1;
  readonly edges: readonly number[];
  /** edges.length + 1 counts: (−∞, e₀], (e₀, e₁], …, (e_last, ∞) */
  readonly counts: readonly number[];
}

function checkEdges(edges: readonly number[]): number[] {
  if (!Array.isArray(edges) || edges.length === 0) throw new StatsInputError('EMPTY_SAMPLE', 'a histogram needs at least one edge');
  edges.forEach((e, i) => {
    finite(`edges[${i}]`, e);
    if (i > 0 && !(e > edges[i - 1]!)) throw new StatsInputError('OUT_OF_RANGE', 'edges must be strictly increasing');
  });
  return edges.map((e) => e + 0);
}

/**
 * Counts over fixed bins (−∞, e₀], (e₀, e₁], …, (e_last, ∞), right-closed as binCounts and Prometheus
 * `le` buckets are; constant size, merged by adding counts (edges must match exactly). Its counts feed
 * psiFromCounts, jensenShannonDistance and chiSquareHomogeneityTest directly.
 */
export class FixedBinHistogram {
  private readonly bounds: number[];
  private readonly tally: number[];

  constructor(edges: readonly number[]) {
    this.bounds = checkEdges(edges);
    this.tally = new Array<number>(this.bounds.length + 1).fill(0);
  }

  add(value: number): this {
    finite('value', value);
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bounds[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    this.tally[lo]!++;
    return this;
  }

  addAll(values: Iterable<number>): this {
    for (const v of values) this.add(v);
    return this;
  }

  merge(other: FixedBinHistogram): this {
    const same = other.bounds.length === this.bounds.length && other.bounds.every((e, i) => e === this.bounds[i]);
    if (!same) throw new StatsInputError('INCOMPATIBLE', 'histograms with different edges cannot be merged');
    other.tally.forEach((c, i) => (this.tally[i]! += c));
    return this;
  }

  get edges(): readonly number[] {
    return [...this.bounds];
  }

  get counts(): number[] {
    return [...this.tally];
  }

  get total(): number {
    return this.tally.reduce((s, c) => s + c, 0);
  }

  toJSON(): HistogramState {
    return { kind: 'histogram', version: 1, edges: [...this.bounds], counts: [...this.tally] };
  }

  static fromJSON(state: HistogramState): FixedBinHistogram {
    if (state === null || typeof state !== 'object' || state.kind !== 'histogram' || state.version !== 1) {
      throw new StatsInputError('INVALID_STATE', 'not a version-1 histogram state');
    }
    const out = new FixedBinHistogram(state.edges);
    if (!Array.isArray(state.counts) || state.counts.length !== out.tally.length) {
      throw new StatsInputError('INVALID_STATE', `a histogram with ${state.edges.length} edges has ${out.tally.length} counts`);
    }
    state.counts.forEach((c, i) => (out.tally[i] = count(`state.counts[${i}]`, c)));
    return out;
  }
}
