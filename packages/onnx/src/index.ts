export {
  OIP_DATATYPES,
  isOipDatatype,
  oipToOrtType,
  ortToOipType,
  type OipDatatype,
  type OrtDataTypeMap,
  type OrtFeed,
  type OrtResult,
  type OrtTensor,
  type OrtType,
} from './datatypes.ts';
export { OnnxModelError, OrtPoolError, OrtRunError } from './errors.ts';
export { findExternalData, type ExternalDataFinding } from './external-data.ts';
export {
  DEFAULT_MAX_MODEL_BYTES,
  inspectOnnx,
  type InspectLimits,
  type OnnxInspection,
  type TensorSpec,
} from './inspect.ts';
export { onnx, type OnnxProto } from './onnx-proto.ts';
export { createOrtPool, type LoadedModel, type OrtPool, type OrtPoolLogger, type OrtPoolOptions } from './ort-pool.ts';
