import { ARRAY_OF, type DataOf, type Datatype, type FixedDatatype } from './datatype.ts';
import { checkBool, fail, type Where } from './tensor.ts';

// OIP raw contents are little-endian. Typed arrays use the host's byte order, which is little-endian
// on every platform Node ships for but s390x; there the bytes are swapped on a copy.
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A fresh copy. Not `bytes.slice()`: on a Buffer (what grpc-js hands over) that is a view. */
function copyBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  for (let at = 0; at < bytes.length; at += size) bytes.subarray(at, at + size).reverse();
  return bytes;
}

/**
 * Reads one tensor's raw bytes. Fixed-size data is a typed array over `bytes` itself when its offset
 * is aligned to the element size, and over a copy otherwise; BYTES elements are views of `bytes`.
 */
export function rawToData<D extends Datatype>(datatype: D, bytes: Uint8Array, count: number, where: Where, littleEndianHost = HOST_LITTLE_ENDIAN): DataOf[D] {
  if (datatype === 'BYTES') return rawToBytes(bytes, count, where) as DataOf[D];
  const fixed = datatype as FixedDatatype;
  const ArrayType = ARRAY_OF[fixed];
  const size = ArrayType.BYTES_PER_ELEMENT;
  if (bytes.byteLength !== count * size) {
    fail(where, `raw content is ${bytes.byteLength} bytes but ${count} ${fixed} elements take ${count * size}`);
  }
  let source = bytes;
  if (size > 1 && !littleEndianHost) source = swapBytes(copyBytes(bytes), size);
  else if (bytes.byteOffset % size !== 0) source = copyBytes(bytes);
  const data = new ArrayType(source.buffer, source.byteOffset, count);
  if (fixed === 'BOOL') checkBool(data as Uint8Array, where);
  return data as DataOf[D];
}

/** BYTES raw form: each element as a 4-byte little-endian length, then its bytes. */
function rawToBytes(bytes: Uint8Array, count: number, where: Where): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const elements: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    if (elements.length === count) fail(where, `raw content holds more than the ${count} BYTES elements of its shape`);
    if (at + 4 > bytes.byteLength) fail(where, `raw BYTES element ${elements.length} has a truncated length prefix`);
    const length = view.getUint32(at, true);
    at += 4;
    if (at + length > bytes.byteLength) {
      fail(where, `raw BYTES element ${elements.length} claims ${length} bytes but ${bytes.byteLength - at} remain`);
    }
    elements.push(new Uint8Array(bytes.buffer, bytes.byteOffset + at, length)); // a view, and a plain Uint8Array even from a Buffer
    at += length;
  }
  if (elements.length !== count) fail(where, `raw content holds ${elements.length} BYTES elements but its shape needs ${count}`);
  return elements;
}

/** A tensor's raw bytes: a view of its typed array (no copy) on little-endian hosts. */
export function dataToRaw(datatype: Datatype, data: DataOf[Datatype], where: Where, littleEndianHost = HOST_LITTLE_ENDIAN): Uint8Array {
  if (datatype === 'BYTES') return bytesToRaw(data as Uint8Array[], where);
  const typed = data as DataOf[FixedDatatype];
  const view = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  return typed.BYTES_PER_ELEMENT > 1 && !littleEndianHost ? swapBytes(copyBytes(view), typed.BYTES_PER_ELEMENT) : view;
}

function bytesToRaw(elements: Uint8Array[], where: Where): Uint8Array {
  let total = 0;
  for (const element of elements) {
    if (element.byteLength > 0xffff_ffff) fail(where, 'a BYTES element is longer than the 4 GiB a raw length prefix can state');
    total += 4 + element.byteLength;
  }
  const raw = new Uint8Array(total);
  const view = new DataView(raw.buffer);
  let at = 0;
  for (const element of elements) {
    view.setUint32(at, element.byteLength, true);
    raw.set(element, at + 4);
    at += 4 + element.byteLength;
  }
  return raw;
}
