import { OnnxModelError } from './errors.ts';

/** Open Inference Protocol (KServe V2) tensor datatypes that onnxruntime-node can feed and fetch. */
export const OIP_DATATYPES = [
  'BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES',
] as const;
export type OipDatatype = (typeof OIP_DATATYPES)[number];

/** onnxruntime-node tensor element types, each with the JS array that holds its data. */
export interface OrtDataTypeMap {
  bool: Uint8Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  uint64: BigUint64Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  float16: Uint16Array; // IEEE half bits
  float32: Float32Array;
  float64: Float64Array;
  string: string[];
}
export type OrtType = keyof OrtDataTypeMap;

/** A tensor as it crosses the pool: one variant per element type, so `data` matches `type`. */
export type OrtTensor = { [T in OrtType]: { type: T; dims: number[]; data: OrtDataTypeMap[T] } }[OrtType];
export type OrtFeed = OrtTensor;
export type OrtResult = OrtTensor;

const OIP_TO_ORT: Record<OipDatatype, OrtType> = {
  BOOL: 'bool', UINT8: 'uint8', UINT16: 'uint16', UINT32: 'uint32', UINT64: 'uint64', INT8: 'int8', INT16: 'int16',
  INT32: 'int32', INT64: 'int64', FP16: 'float16', FP32: 'float32', FP64: 'float64', BYTES: 'string',
};
const ORT_TO_OIP = Object.fromEntries(Object.entries(OIP_TO_ORT).map(([oip, ort]) => [ort, oip])) as Record<OrtType, OipDatatype>;

export const isOipDatatype = (value: string): value is OipDatatype => Object.hasOwn(OIP_TO_ORT, value);

/** FP32 → float32, BYTES → string, …; throws OnnxModelError for a datatype onnxruntime-node cannot take (e.g. BF16). */
export function oipToOrtType(datatype: string): OrtType {
  if (!isOipDatatype(datatype)) throw new OnnxModelError(`datatype ${datatype} is not supported`);
  return OIP_TO_ORT[datatype];
}

/** float32 → FP32, string → BYTES, …; throws OnnxModelError for an ORT type with no OIP datatype (e.g. int4). */
export function ortToOipType(type: string): OipDatatype {
  if (!Object.hasOwn(ORT_TO_OIP, type)) throw new OnnxModelError(`onnxruntime type ${type} has no OIP datatype`);
  return ORT_TO_OIP[type as OrtType];
}

// TensorProto.DataType numbers (onnx.proto) of the element types above; the rest (bfloat16, complex,
// float8, int4, …) cannot be fed through onnxruntime-node, so a model using them is refused.
const ONNX_ELEM_TO_OIP: Record<number, OipDatatype> = {
  1: 'FP32', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'BYTES', 9: 'BOOL',
  10: 'FP16', 11: 'FP64', 12: 'UINT32', 13: 'UINT64',
};

export const onnxElemTypeToOip = (elemType: number): OipDatatype | undefined => ONNX_ELEM_TO_OIP[elemType];
