export { buildFraudModel } from './fraud-model.ts';
export { fraudReference, type FraudScores } from './fraud-reference.ts';
export { FRAUD_FEATURES, FRAUD_FEATURE_DESCRIPTIONS, FRAUD_MODEL_NAME, type FraudFeature } from './fraud-weights.ts';
export {
  REFERENCE_ROWS,
  REFERENCE_SEED,
  generateReferenceData,
  loadReferenceData,
  parseReferenceCsv,
  toReferenceCsv,
} from './reference-data.ts';
