import { StatsInputError } from './errors.ts';
import { probability } from './validate.ts';

/**
 * Holm–Bonferroni adjusted p-values in the input order (Holm 1979; R: p.adjust(p, "holm")):
 * sorted ascending, p̃₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎). Pass every variant × metric p-value of
 * one decision together; reject where the adjusted value is ≤ α (family-wise error ≤ α).
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  if (!Array.isArray(pValues)) throw new StatsInputError('EMPTY_SAMPLE', 'pValues must be an array');
  if (pValues.length === 0) throw new StatsInputError('EMPTY_SAMPLE', 'pValues is empty');
  pValues.forEach((p, i) => probability(`pValues[${i}]`, p));
  const m = pValues.length;
  // Array.prototype.sort is stable, so ties keep input order as R's order() does
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, (m - rank) * pValues[index]!);
    adjusted[index] = Math.min(1, running);
  });
  return adjusted;
}
