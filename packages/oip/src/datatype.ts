/** The OIP tensor datatypes this codec handles (the spec's table, less BF16). */
export const DATATYPES = [
  'BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES',
] as const;

export type Datatype = (typeof DATATYPES)[number];
/** Datatypes whose elements have a fixed size: every one but BYTES. */
export type FixedDatatype = Exclude<Datatype, 'BYTES'>;

/** The in-memory form of each datatype's elements, flattened in row-major order. */
export interface DataOf {
  BOOL: Uint8Array; // 0 or 1
  UINT8: Uint8Array;
  UINT16: Uint16Array;
  UINT32: Uint32Array;
  UINT64: BigUint64Array;
  INT8: Int8Array;
  INT16: Int16Array;
  INT32: Int32Array;
  INT64: BigInt64Array;
  FP16: Uint16Array; // IEEE 754 half-precision bit patterns; see toHalf/fromHalf
  FP32: Float32Array;
  FP64: Float64Array;
  BYTES: Uint8Array[];
}

export type TypedArray = DataOf[FixedDatatype];

interface TypedArrayConstructor<T> {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  // Method syntax on purpose: its parameter is checked bivariantly, so Uint8Array.from(Iterable<number>) fits.
  from(values: Iterable<unknown>): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

/** The typed array class of each fixed-size datatype. */
export const ARRAY_OF: { [D in FixedDatatype]: TypedArrayConstructor<DataOf[D]> } = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP16: Uint16Array,
  FP32: Float32Array,
  FP64: Float64Array,
};

const KNOWN: ReadonlySet<string> = new Set(DATATYPES);

export const isDatatype = (x: unknown): x is Datatype => typeof x === 'string' && KNOWN.has(x);

/** Size of one element in raw form; undefined for BYTES, whose elements vary. */
export function bytesPerElement(datatype: FixedDatatype): number;
export function bytesPerElement(datatype: Datatype): number | undefined;
export function bytesPerElement(datatype: Datatype): number | undefined {
  return datatype === 'BYTES' ? undefined : ARRAY_OF[datatype].BYTES_PER_ELEMENT;
}
