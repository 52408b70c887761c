import { FRAUD_FEATURES, HIDDEN1, HIDDEN2, fraudWeights } from './fraud-weights.ts';

export interface FraudScores {
  probability: Float32Array; // [n]
  label: BigInt64Array; // [n]
}

const f32 = Math.fround;

/**
 * The fraud MLP computed in plain TypeScript from the same weights as `buildFraudModel`, for checking
 * served numbers. `x` is either a flat row-major [n, 12] Float32Array or n rows of 12 numbers.
 * Each layer sums in float64 and rounds to float32 once, so it matches onnxruntime's float32 kernels
 * to about 1e-6 whatever order they accumulate in.
 */
export function fraudReference(x: Float32Array | number[][]): FraudScores {
  const width = FRAUD_FEATURES.length;
  const flat = x instanceof Float32Array ? x : Float32Array.from(x.flatMap((row) => checkRow(row, width)));
  if (flat.length % width !== 0) throw new RangeError(`expected a multiple of ${width} values, got ${flat.length}`);
  const w = fraudWeights();
  const rows = flat.length / width;
  const probability = new Float32Array(rows);
  const label = new BigInt64Array(rows);
  for (let r = 0; r < rows; r++) {
    const z = Array.from({ length: width }, (_, j) => f32(f32(flat[r * width + j]! - w.mean[j]!) / w.std[j]!));
    const h1 = dense(z, w.w1, w.b1, HIDDEN1).map(relu);
    const h2 = dense(h1, w.w2, w.b2, HIDDEN2).map(relu);
    const logit = dense(h2, w.w3, w.b3, 1)[0]!;
    const p = f32(1 / (1 + Math.exp(-logit)));
    probability[r] = p;
    label[r] = p >= 0.5 ? 1n : 0n;
  }
  return { probability, label };
}

function checkRow(row: number[], width: number): number[] {
  if (row.length !== width) throw new RangeError(`expected rows of ${width} features, got ${row.length}`);
  return row;
}

/** y = W·x + b with W stored [out, in] (Gemm transB=1). */
function dense(x: number[], weights: Float32Array, bias: Float32Array, out: number): number[] {
  const y: number[] = [];
  for (let i = 0; i < out; i++) {
    let sum = bias[i]!;
    for (let j = 0; j < x.length; j++) sum += weights[i * x.length + j]! * x[j]!;
    y.push(f32(sum));
  }
  return y;
}

const relu = (v: number): number => (v > 0 ? v : 0);
