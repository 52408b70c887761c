import { mulberry32 } from './prng.ts';

/** The 12 input features of the demo fraud scorer, in input-column order. */
export const FRAUD_FEATURES = [
  'amount',
  'hour_of_day',
  'merchant_risk',
  'card_age_days',
  'txn_count_24h',
  'avg_amount_30d',
  'distance_from_home_km',
  'foreign',
  'online',
  'chargebacks_90d',
  'device_age_days',
  'velocity_1h',
] as const;
export type FraudFeature = (typeof FRAUD_FEATURES)[number];

export const FRAUD_FEATURE_DESCRIPTIONS: Record<FraudFeature, string> = {
  amount: 'transaction amount in EUR',
  hour_of_day: 'local hour of the transaction, 0-23',
  merchant_risk: "merchant's risk score, 0-1",
  card_age_days: 'days since the card was issued',
  txn_count_24h: "card's transactions in the last 24 hours",
  avg_amount_30d: "card's mean transaction amount over 30 days, EUR",
  distance_from_home_km: "distance from the cardholder's home, km",
  foreign: '1 when the merchant is abroad, else 0',
  online: '1 for card-not-present (online) transactions, else 0',
  chargebacks_90d: "card's chargebacks in the last 90 days",
  device_age_days: 'days since the paying device was first seen',
  velocity_1h: "card's transactions in the last hour",
};

export const FRAUD_MODEL_NAME = 'fraud-scorer';
export const HIDDEN1 = 16;
export const HIDDEN2 = 8;
const WEIGHT_SEED = 0x6d697a61; // "miza"

/** Standardisation baked into the model, z = (x - mean) / std; measured on 20 000 generated rows. */
export const FEATURE_MEAN = [69, 13.1, 0.21, 1450, 3, 53.5, 117, 0.08, 0.41, 0.1, 480, 0.47];
export const FEATURE_STD = [108, 5, 0.16, 887, 3.7, 34, 593, 0.275, 0.49, 0.4, 300, 1.31];

// Which way each (standardised) feature pushes the score. The weights are random, but leaning every
// hidden unit along this direction makes the demo behave like a fraud model: big, foreign, night-time,
// new-card, high-velocity transactions score high.
const RISK_DIRECTION = [1, -0.3, 1, -0.6, 0.7, -0.4, 0.8, 1, 0.5, 1, -0.6, 1];

export interface FraudWeights {
  mean: Float32Array; // [12]
  std: Float32Array; // [12]
  w1: Float32Array; // [16, 12] row-major, Gemm transB=1
  b1: Float32Array; // [16]
  w2: Float32Array; // [8, 16]
  b2: Float32Array; // [8]
  w3: Float32Array; // [1, 8]
  b3: Float32Array; // [1]
}

/**
 * Deterministic weights: uniform draws from mulberry32 combined by + and * only (no transcendental
 * functions), then rounded to float32, so every build on every engine gives the same bytes.
 */
export function fraudWeights(): FraudWeights {
  const rand = mulberry32(WEIGHT_SEED);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const n = FRAUD_FEATURES.length;
  const w1 = new Float32Array(HIDDEN1 * n);
  for (let i = 0; i < HIDDEN1; i++) {
    const sensitivity = uniform(0.1, 0.22);
    for (let j = 0; j < n; j++) w1[i * n + j] = RISK_DIRECTION[j]! * sensitivity + uniform(-0.09, 0.09);
  }
  const b1 = Float32Array.from({ length: HIDDEN1 }, () => uniform(-0.3, 0.1));
  const w2 = Float32Array.from({ length: HIDDEN2 * HIDDEN1 }, () => uniform(-0.05, 0.18));
  const b2 = Float32Array.from({ length: HIDDEN2 }, () => uniform(-0.2, 0.1));
  const w3 = Float32Array.from({ length: HIDDEN2 }, () => uniform(0.3, 0.6));
  const b3 = Float32Array.of(-3);
  return { mean: Float32Array.from(FEATURE_MEAN), std: Float32Array.from(FEATURE_STD), w1, b1, w2, b2, w3, b3 };
}
