import { StatsInputError } from '../errors.ts';

/** A sorted Float64Array copy of a sample, checked for emptiness and non-finite values in the same pass. */
export function sortedCopy(name: string, values: ArrayLike<number>): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new StatsInputError('EMPTY_SAMPLE', `${name} must be an array of numbers`);
  }
  const n = values.length;
  if (n === 0) throw new StatsInputError('EMPTY_SAMPLE', `${name} is empty`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // v − v is 0 for finite numbers and NaN for NaN, ±Infinity and non-numbers
    if (v - v !== 0) throw new StatsInputError('NOT_FINITE', `${name}[${i}] must be a finite number, got ${String(v)}`);
    out[i] = v;
  }
  return out.sort();
}
