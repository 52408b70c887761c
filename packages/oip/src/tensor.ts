import { ARRAY_OF, type DataOf, type Datatype, isDatatype } from './datatype.ts';
import { TensorCodecError } from './errors.ts';

/** A tensor parameter value (OIP `InferParameter` / the REST `parameters` object). */
export type ParameterValue = boolean | number | bigint | string;
export type Parameters = Record<string, ParameterValue>;

/**
 * A decoded tensor: `data` is flat, row-major, and its type follows `datatype` (see DataOf), so
 * narrowing on `datatype` narrows `data`. Tensors decoded from raw bytes may share memory with
 * the message they came from.
 */
export type Tensor<D extends Datatype = Datatype> = {
  [K in D]: { name: string; datatype: K; shape: number[]; data: DataOf[K]; parameters?: Parameters };
}[D];

/** Which tensor an error is about: errors read `input "x": …`. */
export interface Where {
  role: 'input' | 'output' | 'tensor';
  name: string;
}

export function fail(where: Where | undefined, message: string): never {
  if (!where) throw new TensorCodecError(message);
  throw new TensorCodecError(`${where.role} "${where.name}": ${message}`, where.name);
}

const showShape = (shape: readonly unknown[]): string => `[${shape.join(', ')}]`;

/** The number of elements of a shape; throws unless every dimension is a non-negative integer. */
export function elementCount(shape: readonly number[], where?: Where): number {
  if (!Array.isArray(shape)) fail(where, 'shape must be an array of non-negative integers');
  let count = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      fail(where, `shape ${showShape(shape)} has an invalid dimension ${String(dim)}; dimensions are non-negative integers`);
    }
    count *= dim;
  }
  if (!Number.isSafeInteger(count)) fail(where, `shape ${showShape(shape)} has too many elements`);
  return count;
}

/** Wire shapes are int64; a tensor's are numbers. -1 (a dynamic dimension) is not valid on a tensor. */
export function shapeFromWire(shape: readonly bigint[], where: Where): number[] {
  const dims = shape.map((dim) => {
    if (dim < 0n || dim > BigInt(Number.MAX_SAFE_INTEGER)) {
      fail(where, `shape ${showShape(shape)} has an invalid dimension ${dim}; dimensions are non-negative integers`);
    }
    return Number(dim);
  });
  elementCount(dims, where);
  return dims;
}

export function checkDatatype(datatype: unknown, where: Where): Datatype {
  if (!isDatatype(datatype)) fail(where, `unknown datatype ${JSON.stringify(datatype)}`);
  return datatype;
}

export function checkBool(data: Uint8Array, where: Where): void {
  const bad = data.findIndex((v) => v > 1);
  if (bad >= 0) fail(where, `BOOL element ${bad} is ${data[bad]}; BOOL elements are 0 or 1`);
}

/**
 * Checks a tensor built in code before it is encoded (datatype, shape, data type and length, BOOL
 * values) and returns its element count.
 */
export function checkTensor(tensor: Tensor, role: Where['role']): number {
  const where = { role, name: tensor.name };
  const datatype = checkDatatype(tensor.datatype, where);
  const count = elementCount(tensor.shape, where);
  const { data } = tensor;
  if (datatype === 'BYTES') {
    if (!Array.isArray(data) || !data.every((element) => element instanceof Uint8Array)) {
      fail(where, 'BYTES data must be an array of Uint8Array');
    }
  } else if (!(data instanceof ARRAY_OF[datatype])) {
    fail(where, `${datatype} data must be a ${ARRAY_OF[datatype].name}`);
  }
  if (data.length !== count) fail(where, `has ${data.length} elements but shape ${showShape(tensor.shape)} needs ${count}`);
  if (datatype === 'BOOL') checkBool(data as Uint8Array, where);
  return count;
}
