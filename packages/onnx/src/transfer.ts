import * as workerThreads from 'node:worker_threads';
import type { OrtTensor, OrtType } from './datatypes.ts';

// Node 21+ only; on Node 20 an untransferable buffer in a transfer list is silently copied instead.
const isMarkedAsUntransferable = (workerThreads as { isMarkedAsUntransferable?: (value: object) => boolean })
  .isMarkedAsUntransferable;

type NumericType = Exclude<OrtType, 'string'>;
type TypedArrayConstructor = new (buffer: ArrayBuffer) => ArrayBufferView;
const ARRAY: Record<NumericType, TypedArrayConstructor> = {
  bool: Uint8Array, uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
};

/**
 * Makes a tensor ready to cross to another thread without a structured-clone copy of its data: a typed
 * array that owns its whole (transferable) ArrayBuffer is transferred as is, which detaches it for the
 * sender; any other (a view into a larger buffer, such as a gRPC payload slice, or a slice of Node's
 * Buffer pool, which Node 24 refuses to transfer with DataCloneError) is first copied into a fresh
 * ArrayBuffer. SharedArrayBuffer-backed data is shared, and strings are cloned.
 */
export function forTransfer<T extends OrtTensor>(tensor: T, transfer: Set<ArrayBuffer>): T {
  if (Array.isArray(tensor.data)) return tensor;
  const data = tensor.data as ArrayBufferView;
  const buffer = data.buffer;
  if (!(buffer instanceof ArrayBuffer)) return tensor; // SharedArrayBuffer
  if (transfer.has(buffer)) return tensor; // the same array fed twice: one transfer serves both
  const ownsAll = data.byteOffset === 0 && data.byteLength === buffer.byteLength;
  if (ownsAll && !isMarkedAsUntransferable?.(buffer)) {
    transfer.add(buffer);
    return tensor;
  }
  const copy = new ArrayBuffer(data.byteLength);
  new Uint8Array(copy).set(new Uint8Array(buffer, data.byteOffset, data.byteLength));
  transfer.add(copy);
  return { ...tensor, data: new ARRAY[tensor.type as NumericType](copy) };
}
