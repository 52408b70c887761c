import { createHash } from 'node:crypto';
import { onnx } from '@mizan/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, test } from 'vitest';
import { FRAUD_FEATURES, FRAUD_MODEL_NAME, buildFraudModel, fraudReference, loadReferenceData } from './index.ts';

function batch(rows: Float32Array[]): Float32Array {
  const flat = new Float32Array(rows.length * FRAUD_FEATURES.length);
  rows.forEach((row, i) => flat.set(row, i * FRAUD_FEATURES.length));
  return flat;
}

describe('buildFraudModel', () => {
  test('is byte-deterministic', () => {
    const bytes = buildFraudModel();
    expect(Buffer.from(buildFraudModel()).equals(Buffer.from(bytes))).toBe(true);
    // Pinned so that a change of weights, encoding or JS engine maths shows up here, not in served numbers.
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('28ef58f8493348bd7917eb734c6903a5cf316a362b8fbc2e6107cb07157a79e5');
  });

  test('declares its signature, opset and metadata', () => {
    const model = onnx.ModelProto.decode(buildFraudModel());
    expect(Number(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(model.producerName).toBe('mizan-tools');
    const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
    expect(meta.name).toBe(FRAUD_MODEL_NAME);
    for (const feature of FRAUD_FEATURES) expect(meta.features).toContain(feature);
    expect(model.graph?.input?.map((i) => i.name)).toEqual(['features']);
    expect(model.graph?.output?.map((o) => o.name)).toEqual(['probability', 'label']);
  });

  test('onnxruntime agrees with fraudReference on the reference data', async () => {
    const rows = loadReferenceData();
    const flat = batch(rows);
    const session = await ort.InferenceSession.create(buildFraudModel());
    try {
      const out = await session.run({ features: new ort.Tensor('float32', flat, [rows.length, FRAUD_FEATURES.length]) });
      expect(out.probability!.dims).toEqual([rows.length, 1]);
      expect(out.label!.type).toBe('int64');
      const served = out.probability!.data as Float32Array;
      const expected = fraudReference(flat);
      const worst = Math.max(...served.map((p, i) => Math.abs(p - expected.probability[i]!)));
      expect(worst).toBeLessThanOrEqual(1e-5);
      expect([...(out.label!.data as BigInt64Array)]).toEqual([...expected.label]);
      // The data set is only useful to end-to-end tests if both classes occur.
      const frauds = expected.label.filter((l) => l === 1n).length;
      expect(frauds).toBeGreaterThan(5);
      expect(frauds).toBeLessThan(rows.length / 10);
    } finally {
      await session.release();
    }
  });

  test('fraudReference takes rows of numbers as well as a flat batch', () => {
    const rows = loadReferenceData().slice(0, 3);
    const fromRows = fraudReference(rows.map((r) => [...r]));
    expect([...fromRows.probability]).toEqual([...fraudReference(batch(rows)).probability]);
    expect(() => fraudReference([[1, 2, 3]])).toThrow(RangeError);
  });
});
