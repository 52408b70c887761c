import { StatsInputError } from './errors.ts';

export function finite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StatsInputError('NOT_FINITE', `${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

export function positive(name: string, value: number): number {
  finite(name, value);
  if (value <= 0) throw new StatsInputError('OUT_OF_RANGE', `${name} must be > 0, got ${value}`);
  return value;
}

export function nonNegative(name: string, value: number): number {
  finite(name, value);
  if (value < 0) throw new StatsInputError('NEGATIVE', `${name} must be >= 0, got ${value}`);
  return value;
}

/** A count: a finite, non-negative integer. */
export function count(name: string, value: number): number {
  nonNegative(name, value);
  if (!Number.isInteger(value)) throw new StatsInputError('NOT_INTEGER', `${name} must be an integer, got ${value}`);
  return value;
}

/** A sample size: an integer >= min (1 unless told). */
export function sampleSize(name: string, value: number, min = 1): number {
  count(name, value);
  if (value < min) {
    throw new StatsInputError(value === 0 ? 'EMPTY_SAMPLE' : 'TOO_FEW', `${name} must be >= ${min}, got ${value}`);
  }
  return value;
}

/** A probability in [0, 1], or in (0, 1) when open. */
export function probability(name: string, value: number, open = false): number {
  finite(name, value);
  if (open ? value <= 0 || value >= 1 : value < 0 || value > 1) {
    throw new StatsInputError('OUT_OF_RANGE', `${name} must be in ${open ? '(0, 1)' : '[0, 1]'}, got ${value}`);
  }
  return value;
}

/** The confidence level of an interval, in (0, 1). */
export function confidenceLevel(value: number | undefined, fallback = 0.95): number {
  return probability('confidence', value ?? fallback, true);
}

/** Checks that every value is finite and that there are at least `min` of them. */
export function sample(name: string, values: ArrayLike<number>, min = 1): ArrayLike<number> {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new StatsInputError('EMPTY_SAMPLE', `${name} must be an array of numbers`);
  }
  if (values.length < min) {
    throw new StatsInputError(
      values.length === 0 ? 'EMPTY_SAMPLE' : 'TOO_FEW',
      `${name} needs at least ${min} value(s), got ${values.length}`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StatsInputError('NOT_FINITE', `${name}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
  return values;
}

/** Checks a vector of counts (non-negative integers) of at least `min` entries. */
export function counts(name: string, values: readonly number[], min = 1): readonly number[] {
  if (!Array.isArray(values)) throw new StatsInputError('EMPTY_SAMPLE', `${name} must be an array of counts`);
  if (values.length < min) {
    throw new StatsInputError(
      values.length === 0 ? 'EMPTY_SAMPLE' : 'TOO_FEW',
      `${name} needs at least ${min} entries, got ${values.length}`,
    );
  }
  values.forEach((v, i) => count(`${name}[${i}]`, v));
  return values;
}

export function sameLength(nameA: string, a: ArrayLike<number>, nameB: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new StatsInputError('LENGTH_MISMATCH', `${nameA} has ${a.length} entries but ${nameB} has ${b.length}`);
  }
}
