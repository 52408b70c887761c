import { oip } from '@mizan/protos';
import { DATATYPES, type Datatype } from '../src/datatype.ts';
import { toHalf } from '../src/half.ts';
import { encodeInputs, decodeInputs } from '../src/infer.ts';
import type { Tensor } from '../src/tensor.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Three elements per datatype, edge values included; JSON-safe (BYTES are valid UTF-8). */
export const SAMPLES: { [D in Datatype]: Tensor<D>['data'] } = {
  BOOL: new Uint8Array([1, 0, 1]),
  UINT8: new Uint8Array([0, 255, 7]),
  UINT16: new Uint16Array([0, 65535, 1]),
  UINT32: new Uint32Array([0, 4_294_967_295, 1]),
  UINT64: new BigUint64Array([0n, 2n ** 64n - 1n, 9_007_199_254_740_993n]),
  INT8: new Int8Array([-128, 127, 0]),
  INT16: new Int16Array([-32768, 32767, -1]),
  INT32: new Int32Array([-2_147_483_648, 2_147_483_647, -1]),
  INT64: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, -1n]),
  FP16: new Uint16Array([toHalf(-1.5), 0x7c00, 0xfc00]),
  FP32: new Float32Array([NaN, Infinity, -Infinity]),
  FP64: new Float64Array([NaN, -Number.MAX_VALUE, Number.MIN_VALUE]),
  BYTES: [utf8('héllo'), utf8(''), utf8('€ and 😀')],
};

/** A tensor of each datatype with the SAMPLES data, in shape [1, 3]. */
export const sampleTensors = (): Tensor[] =>
  DATATYPES.map((datatype) => ({ name: `t_${datatype.toLowerCase()}`, datatype, shape: [1, 3], data: SAMPLES[datatype] }) as Tensor);

/** Encodes inputs, puts them through the protobuf wire format and decodes them again. */
export function throughWire(tensors: readonly Tensor[], raw: boolean): Tensor[] {
  const request: oip.ModelInferRequest = { modelName: 'm', modelVersion: '', id: '', parameters: {}, outputs: [], ...encodeInputs(tensors, { raw }) };
  return decodeInputs(oip.ModelInferRequest.decode(oip.ModelInferRequest.encode(request).finish()));
}

/** An empty InferTensorContents with some fields set. */
export const contents = (fields: Partial<oip.InferTensorContents>): oip.InferTensorContents => ({
  boolContents: [], intContents: [], int64Contents: [], uintContents: [], uint64Contents: [], fp32Contents: [], fp64Contents: [], bytesContents: [], ...fields,
});

/** A request input; shape as numbers for brevity. */
export const input = (name: string, datatype: string, shape: number[], fields?: Partial<oip.InferTensorContents>): oip.ModelInferRequest_InferInputTensor => ({
  name, datatype, shape: shape.map(BigInt), parameters: {}, ...(fields && { contents: contents(fields) }),
});
