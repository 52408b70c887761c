import { StatsInputError } from '../errors.ts';
import { counts, positive, sameLength, sampleSize } from '../validate.ts';
import { sortedCopy } from './sorted.ts';

/**
 * Proportion given to a bin that is empty in one window, so that ln(p_cur/p_ref) stays finite.
 * Applied only to empty bins, without renormalising; 1e-4 caps one empty bin's contribution near
 * (p − 1e-4)·ln(p/1e-4) ≈ 0.69 for p = 0.1.
 */
export const PSI_EPSILON = 1e-4;

/**
 * The conventional PSI alert levels (< 0.1 stable, 0.1–0.25 moderate, ≥ 0.25 major). They are blind
 * to small shifts at typical window sizes: at n = 5,000 per window and 10 bins, sampling noise alone
 * gives PSI ≈ 0.004 and a 0.2 σ mean shift ≈ 0.04, so a threshold near 0.02 is needed to see it.
 */
export const PSI_THRESHOLDS = { moderate: 0.1, major: 0.25 } as const;

/** PSI options: the empty-bin epsilon and the alert levels. */
export interface PsiOptions {
  readonly epsilon?: number;
  /** Alert levels; default PSI_THRESHOLDS. `drifted` is statistic ≥ moderate. */
  readonly thresholds?: { readonly moderate?: number; readonly major?: number };
}

/** PSI with its per-bin terms and the level it reaches. */
export interface PsiResult {
  readonly method: string;
  readonly statistic: number;
  readonly statisticName: 'PSI';
  /** Each bin's (p_cur − p_ref)·ln(p_cur/p_ref). */
  readonly contributions: readonly number[];
  readonly epsilon: number;
  readonly level: 'stable' | 'moderate' | 'major';
  readonly thresholds: { readonly moderate: number; readonly major: number };
  readonly drifted: boolean;
}

/**
 * Population Stability Index Σ (p_cur − p_ref)·ln(p_cur/p_ref) over bins of counts (natural log);
 * a proportion of 0 is replaced by epsilon (PSI_EPSILON unless told).
 */
export function psiFromCounts(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
  options: PsiOptions = {},
): PsiResult {
  counts('referenceCounts', referenceCounts, 2);
  counts('currentCounts', currentCounts, 2);
  sameLength('referenceCounts', referenceCounts, 'currentCounts', currentCounts);
  const epsilon = positive('epsilon', options.epsilon ?? PSI_EPSILON);
  const moderate = positive('thresholds.moderate', options.thresholds?.moderate ?? PSI_THRESHOLDS.moderate);
  const major = positive('thresholds.major', options.thresholds?.major ?? Math.max(moderate, PSI_THRESHOLDS.major));
  if (major < moderate) throw new StatsInputError('OUT_OF_RANGE', 'thresholds.major must be >= thresholds.moderate');
  const totalR = referenceCounts.reduce((s, v) => s + v, 0);
  const totalC = currentCounts.reduce((s, v) => s + v, 0);
  if (totalR === 0) throw new StatsInputError('EMPTY_SAMPLE', 'referenceCounts are all 0');
  if (totalC === 0) throw new StatsInputError('EMPTY_SAMPLE', 'currentCounts are all 0');
  let psi = 0;
  const contributions = referenceCounts.map((r, i) => {
    const pr = r === 0 ? epsilon : r / totalR;
    const c = currentCounts[i]!;
    const pc = c === 0 ? epsilon : c / totalC;
    const term = (pc - pr) * Math.log(pc / pr);
    psi += term;
    return term;
  });
  return {
    method: 'Population Stability Index',
    statistic: psi,
    statisticName: 'PSI',
    contributions,
    epsilon,
    level: psi >= major ? 'major' : psi >= moderate ? 'moderate' : 'stable',
    thresholds: { moderate, major },
    drifted: psi >= moderate,
  };
}

/** Type-7 quantile (R's default) of a sorted array. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function edgesFromSorted(sorted: Float64Array, bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sorted, k / bins);
    // ties in the reference collapse bins rather than leaving empty ones
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Bin edges at the reference's k/bins quantiles (type 7), duplicates removed; bins are (e_{i−1}, e_i]. */
export function referenceQuantileEdges(reference: ArrayLike<number>, bins = 10): number[] {
  sampleSize('bins', bins, 2);
  return edgesFromSorted(sortedCopy('reference', reference), bins);
}

/** Counts of values in the bins (−∞, e₀], (e₀, e₁], …, (e_last, ∞) of strictly increasing edges. */
export function binCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i]) || (i > 0 && !(edges[i]! > edges[i - 1]!))) {
      throw new StatsInputError('OUT_OF_RANGE', 'edges must be finite and strictly increasing');
    }
  }
  const out = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) throw new StatsInputError('NOT_FINITE', `values[${i}] must be a finite number, got ${String(v)}`);
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[lo]!++;
  }
  return out;
}

/** PSI of two samples on `bins` reference-quantile bins (default 10), see psiFromCounts. */
export function populationStabilityIndex(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: PsiOptions & { readonly bins?: number } = {},
): PsiResult & { readonly edges: readonly number[] } {
  const bins = sampleSize('bins', options.bins ?? 10, 2);
  const sorted = sortedCopy('reference', reference);
  if (current.length === 0) throw new StatsInputError('EMPTY_SAMPLE', 'current is empty');
  const edges = edgesFromSorted(sorted, bins);
  // the reference is sorted, so its counts are positions of the edges (upper bounds)
  const referenceCounts: number[] = [];
  let previous = 0;
  for (const e of edges) {
    let lo = previous;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= e) lo = mid + 1;
      else hi = mid;
    }
    referenceCounts.push(lo - previous);
    previous = lo;
  }
  referenceCounts.push(sorted.length - previous);
  return { ...psiFromCounts(referenceCounts, binCounts(current, edges), options), edges };
}
