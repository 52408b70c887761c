import { readFileSync } from 'node:fs';
import { FRAUD_FEATURES } from './fraud-weights.ts';
import { mulberry32, normal } from './prng.ts';

export const REFERENCE_ROWS = 500;
export const REFERENCE_SEED = 20_240_611;
export const REFERENCE_CSV_URL = new URL('../../data/fraud-reference.csv', import.meta.url);
const FRAUD_SHARE = 0.04;

/**
 * `n` synthetic card transactions in FRAUD_FEATURES order, deterministic from `seed`: everyday
 * purchases plus about 4 % fraud-like rows (large, at night, far from home, new card and device).
 * Values are rounded to a few decimals so that the CSV text is stable.
 */
export function generateReferenceData(n: number, seed: number): number[][] {
  const rand = mulberry32(seed);
  const gauss = normal(rand);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const int = (lo: number, hi: number): number => Math.floor(between(lo, hi + 1));
  const exponential = (mean: number): number => -Math.log(1 - rand()) * mean;
  const chance = (p: number): number => (rand() < p ? 1 : 0);
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) {
    const fraudLike = rand() < FRAUD_SHARE;
    const row = fraudLike
      ? [
          clamp(Math.exp(5.8 + 0.7 * gauss()), 50, 5000),
          int(0, 5),
          between(0.6, 0.95),
          int(1, 60),
          int(6, 20),
          between(30, 90),
          between(300, 5000),
          chance(0.8),
          chance(0.9),
          int(0, 3),
          int(0, 5),
          int(3, 9),
        ]
      : [
          clamp(Math.exp(3.6 + 0.9 * gauss()), 0.5, 5000),
          (((Math.round(14 + 4.5 * gauss()) % 24) + 24) % 24),
          clamp(0.18 + 0.12 * gauss(), 0, 1),
          int(30, 3000),
          Math.floor(exponential(3)),
          clamp(Math.exp(3.8 + 0.6 * gauss()), 1, 2000),
          exponential(10),
          chance(0.05),
          chance(0.4),
          chance(0.04),
          int(0, 1000),
          Math.floor(exponential(0.6)),
        ];
    rows.push(row.map((v, j) => round(v, DECIMALS[j]!)));
  }
  return rows;
}

// Decimal places kept per feature: money in cents, risk to 1/1000, distance to 100 m, counts whole.
const DECIMALS = [2, 0, 3, 0, 0, 2, 1, 0, 0, 0, 0, 0];

export function toReferenceCsv(rows: number[][]): string {
  return [FRAUD_FEATURES.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n';
}

/** Parses reference CSV text (header = FRAUD_FEATURES) into one Float32Array per row. */
export function parseReferenceCsv(text: string): Float32Array[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  if (header !== FRAUD_FEATURES.join(',')) throw new Error(`unexpected reference CSV header: ${header}`);
  return lines.map((line, i) => {
    const values = line.split(',').map(Number);
    if (values.length !== FRAUD_FEATURES.length || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`bad reference CSV row ${i + 2}: ${line}`);
    }
    return Float32Array.from(values);
  });
}

/** The committed reference data set (tools/data/fraud-reference.csv), one Float32Array of 12 per row. */
export function loadReferenceData(): Float32Array[] {
  return parseReferenceCsv(readFileSync(REFERENCE_CSV_URL, 'utf8'));
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const round = (v: number, decimals: number): number => {
  const scale = 10 ** decimals;
  return Math.round(v * scale) / scale + 0; // + 0 turns -0 into 0
};
