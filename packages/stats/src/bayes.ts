import { normalCdf } from './distributions/normal.ts';
import { StatsInputError } from './errors.ts';
import { logBeta } from './special/gamma.ts';
import { checkProportion, normalCritical } from './tests/proportions.ts';
import type { Interval, IntervalOptions, MeanSummary, ProportionCounts } from './types.ts';
import { confidenceLevel, finite, nonNegative, positive, sampleSize } from './validate.ts';

/** A Beta(alpha, beta) posterior. */
export interface BetaPosterior {
  readonly alpha: number;
  readonly beta: number;
}

/** Chance to beat control for a conversion metric, with both posteriors. */
export interface BinomialChanceResult {
  readonly method: string;
  /** P(p_treatment > p_control | data). */
  readonly chanceToBeatControl: number;
  readonly posteriors: { readonly treatment: BetaPosterior; readonly control: BetaPosterior };
}

/** Chance to beat control for a continuous metric, with the posterior of the difference. */
export interface NormalChanceResult {
  readonly method: string;
  /** P(μ_treatment > μ_control | data). */
  readonly chanceToBeatControl: number;
  /** Posterior mean of μ_treatment − μ_control. */
  readonly estimate: number;
  /** Central credible interval of the difference. */
  readonly interval: Interval;
}

/** Σ_{i<αB} B(αA+i, βA+βB) / ((βB+i) B(1+i, βB) B(αA, βA)) = P(p_B > p_A) for integer αB (Evan Miller's closed form), in log space. */
function probabilityBBeatsA(a: BetaPosterior, b: BetaPosterior): number {
  const base = logBeta(a.alpha, a.beta);
  let max = -Infinity;
  let scaled = 0; // Σ exp(term − max), rescaled whenever max grows
  for (let i = 0; i < b.alpha; i++) {
    const term = logBeta(a.alpha + i, a.beta + b.beta) - Math.log(b.beta + i) - logBeta(1 + i, b.beta) - base;
    if (term > max) {
      scaled = scaled * Math.exp(max - term) + 1;
      max = term;
    } else {
      scaled += Math.exp(term - max);
    }
  }
  return Math.min(1, Math.exp(max) * scaled);
}

/**
 * Bayesian chance to beat control for a conversion metric: Beta(prior + conversions, prior + failures)
 * posteriors and the exact finite sum for P(p_T > p_C). The sum has α_T = prior α + conversions terms
 * (so it costs O(conversions)), which is why the prior α must be an integer; the prior β may be any > 0.
 */
export function chanceToBeatControlBinomial(
  treatment: ProportionCounts,
  control: ProportionCounts,
  options: { readonly prior?: readonly [number, number] } = {},
): BinomialChanceResult {
  checkProportion('treatment', treatment);
  checkProportion('control', control);
  const prior = options.prior ?? [1, 1];
  if (!Array.isArray(prior) || prior.length !== 2) throw new StatsInputError('LENGTH_MISMATCH', 'prior must be [alpha, beta]');
  positive('prior[0]', prior[0]);
  positive('prior[1]', prior[1]);
  if (!Number.isInteger(prior[0])) {
    throw new StatsInputError('NOT_INTEGER', `the exact sum needs an integer prior alpha, got ${prior[0]}`);
  }
  const t: BetaPosterior = { alpha: prior[0] + treatment.conversions, beta: prior[1] + treatment.n - treatment.conversions };
  const c: BetaPosterior = { alpha: prior[0] + control.conversions, beta: prior[1] + control.n - control.conversions };
  return {
    method: 'Bayesian chance to beat control (Beta-binomial, exact sum)',
    chanceToBeatControl: probabilityBBeatsA(c, t),
    posteriors: { treatment: t, control: c },
  };
}

/**
 * Bayesian chance to beat control for a continuous metric: flat prior and normal approximation,
 * μ_T − μ_C | data ~ N(x̄_T − x̄_C, s_T²/n_T + s_C²/n_C); chance = Φ(Δ/se).
 */
export function chanceToBeatControlNormal(
  treatment: MeanSummary,
  control: MeanSummary,
  options: IntervalOptions = {},
): NormalChanceResult {
  for (const [name, s] of [['treatment', treatment], ['control', control]] as const) {
    finite(`${name}.mean`, s.mean);
    nonNegative(`${name}.sd`, s.sd);
    sampleSize(`${name}.n`, s.n, 2);
  }
  const level = confidenceLevel(options.confidence);
  const se = Math.sqrt((treatment.sd * treatment.sd) / treatment.n + (control.sd * control.sd) / control.n);
  if (!(se > 0)) throw new StatsInputError('DEGENERATE', 'both variants have zero variance');
  const estimate = treatment.mean - control.mean;
  const crit = normalCritical(level);
  return {
    method: 'Bayesian chance to beat control (normal approximation, flat prior)',
    chanceToBeatControl: normalCdf(estimate / se),
    estimate,
    interval: { lower: estimate - crit * se, upper: estimate + crit * se, level },
  };
}
