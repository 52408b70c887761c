import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FRAUD_FEATURES, REFERENCE_ROWS, REFERENCE_SEED, generateReferenceData, loadReferenceData, toReferenceCsv } from './index.ts';

describe('reference data', () => {
  test('the committed CSV is what the generator writes (rerun write.ts --data if not)', () => {
    const committed = readFileSync(new URL('../../data/fraud-reference.csv', import.meta.url), 'utf8');
    expect(committed).toBe(toReferenceCsv(generateReferenceData(REFERENCE_ROWS, REFERENCE_SEED)));
  });

  test('loads as float32 rows of 12 features in plausible ranges', () => {
    const rows = loadReferenceData();
    expect(rows).toHaveLength(REFERENCE_ROWS);
    for (const row of rows) {
      expect(row).toBeInstanceOf(Float32Array);
      expect(row).toHaveLength(FRAUD_FEATURES.length);
      expect(row[1]).toBeGreaterThanOrEqual(0); // hour_of_day
      expect(row[1]).toBeLessThanOrEqual(23);
      expect(row[2]).toBeGreaterThanOrEqual(0); // merchant_risk
      expect(row[2]).toBeLessThanOrEqual(1);
      expect([0, 1]).toContain(row[7]); // foreign
    }
  });

  test('is deterministic per seed', () => {
    expect(generateReferenceData(20, 7)).toEqual(generateReferenceData(20, 7));
    expect(generateReferenceData(20, 7)).not.toEqual(generateReferenceData(20, 8));
  });
});
