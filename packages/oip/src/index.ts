// The OIP tensor codec: pure functions between the generated OIP messages (@mizan/protos), the
// REST JSON forms and typed arrays. No I/O.
export { TensorCodecError } from './errors.ts';
export { DATATYPES, bytesPerElement, isDatatype, type DataOf, type Datatype, type FixedDatatype, type TypedArray } from './datatype.ts';
export { elementCount, type Parameters, type ParameterValue, type Tensor } from './tensor.ts';
export { fromHalf, toHalf } from './half.ts';
export { decodeInputs, decodeOutputs, encodeInputs, encodeOutputs, type EncodeOptions, type EncodedInputs, type EncodedOutputs } from './infer.ts';
export { fromJsonTensor, stringifyJson, toJsonTensor, type JsonScalar, type JsonTensor, type JsonTensorInput } from './json.ts';
