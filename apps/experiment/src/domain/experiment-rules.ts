import { DomainError } from '@mizan/service-kit';
import type { CreateExperimentInput, Variant } from './experiment.ts';

/** Experiment and model names: the registry's naming rule. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 10;
export const WEIGHT_SUM_TOLERANCE = 1e-9;
const MAX_LABEL = 63;

const invalid = (message: string) => new DomainError('INVALID_ARGUMENT', message);

function checkName(field: string, value: string): void {
  if (!NAME_PATTERN.test(value)) {
    throw invalid(`${field} must be 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (got ${JSON.stringify(value)})`);
  }
}

function checkLabel(field: string, value: string): void {
  if (value.trim() === '') throw invalid(`${field} must not be empty`);
  if (value.length > MAX_LABEL) throw invalid(`${field} must be at most ${MAX_LABEL} characters`);
  if (/[\s\p{Cc}]/u.test(value)) throw invalid(`${field} must not contain spaces or control characters`);
}

function checkVariant(v: Variant, i: number): void {
  checkLabel(`variants[${i}].name`, v.name);
  checkLabel(`variants[${i}].modelVersion`, v.modelVersion);
  if (/^\d+$/.test(v.modelVersion) && !/^[1-9]\d{0,9}$/.test(v.modelVersion)) {
    throw invalid(`variants[${i}].modelVersion must be a version number from 1 or an alias (got ${JSON.stringify(v.modelVersion)})`);
  }
  if (!Number.isFinite(v.weight) || v.weight <= 0 || v.weight > 1) throw invalid(`variants[${i}].weight must be in (0, 1] (got ${v.weight})`);
}

/** Checks a new experiment's definition; INVALID_ARGUMENT names the offending field. */
export function checkNewExperiment(input: CreateExperimentInput): void {
  checkName('name', input.name);
  checkName('model', input.model);
  const n = input.variants.length;
  if (n < MIN_VARIANTS || n > MAX_VARIANTS) throw invalid(`variants must hold ${MIN_VARIANTS} to ${MAX_VARIANTS} variants (got ${n})`);
  input.variants.forEach(checkVariant);
  const seen = new Set<string>();
  input.variants.forEach((v, i) => {
    if (seen.has(v.name)) throw invalid(`variants[${i}].name ${JSON.stringify(v.name)} is used by another variant`);
    seen.add(v.name);
  });
  const sum = input.variants.reduce((s, v) => s + v.weight, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) throw invalid(`variants: weights must sum to 1 (got ${sum})`);
}
