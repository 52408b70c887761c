import type { oip } from '@mizan/protos';
import { ARRAY_OF, type DataOf, type Datatype } from './datatype.ts';
import { toHalf } from './half.ts';
import { fail, type Where } from './tensor.ts';

type ContentsField = keyof oip.InferTensorContents;

/** The InferTensorContents field of each datatype, as the spec assigns them. FP16 has none: raw only. */
export const CONTENTS_FIELD: Record<Datatype, ContentsField | undefined> = {
  BOOL: 'boolContents',
  UINT8: 'uintContents',
  UINT16: 'uintContents',
  UINT32: 'uintContents',
  UINT64: 'uint64Contents',
  INT8: 'intContents',
  INT16: 'intContents',
  INT32: 'intContents',
  INT64: 'int64Contents',
  FP16: undefined,
  FP32: 'fp32Contents',
  FP64: 'fp64Contents',
  BYTES: 'bytesContents',
};

const WIRE_NAME: Record<ContentsField, string> = {
  boolContents: 'bool_contents',
  intContents: 'int_contents',
  int64Contents: 'int64_contents',
  uintContents: 'uint_contents',
  uint64Contents: 'uint64_contents',
  fp32Contents: 'fp32_contents',
  fp64Contents: 'fp64_contents',
  bytesContents: 'bytes_contents',
};

/** Inclusive ranges of the integer datatypes; typed arrays would wrap anything outside silently. */
export const INTEGER_RANGE: Record<Exclude<Datatype, 'BOOL' | 'FP16' | 'FP32' | 'FP64' | 'BYTES'>, readonly [number, number] | readonly [bigint, bigint]> = {
  UINT8: [0, 0xff],
  UINT16: [0, 0xffff],
  UINT32: [0, 0xffff_ffff],
  UINT64: [0n, 2n ** 64n - 1n],
  INT8: [-0x80, 0x7f],
  INT16: [-0x8000, 0x7fff],
  INT32: [-0x8000_0000, 0x7fff_ffff],
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
};

export const emptyContents = (): oip.InferTensorContents => ({
  boolContents: [],
  intContents: [],
  int64Contents: [],
  uintContents: [],
  uint64Contents: [],
  fp32Contents: [],
  fp64Contents: [],
  bytesContents: [],
});

export const hasContents = (contents: oip.InferTensorContents | undefined): boolean =>
  contents !== undefined && Object.values(contents).some((values: unknown[] | undefined) => (values?.length ?? 0) > 0);

/** Reads one tensor's typed contents, checking the field, the element count and every value's range. */
export function contentsToData<D extends Datatype>(datatype: D, contents: oip.InferTensorContents | undefined, count: number, where: Where): DataOf[D] {
  const field = CONTENTS_FIELD[datatype];
  for (const [other, values] of Object.entries(contents ?? {}) as Array<[ContentsField, unknown[] | undefined]>) {
    if (other !== field && (values?.length ?? 0) > 0) {
      fail(where, field ? `${datatype} contents belong in ${WIRE_NAME[field]}, not ${WIRE_NAME[other]}` : `${datatype} has no contents field; send it as raw contents`);
    }
  }
  if (!field) {
    if (count > 0) fail(where, `${datatype} has no contents field; send it as raw contents`);
    return new Uint16Array(0) as DataOf[D];
  }
  const values: readonly unknown[] = contents?.[field] ?? [];
  if (values.length !== count) fail(where, `${WIRE_NAME[field]} has ${values.length} elements but its shape needs ${count}`);
  return valuesToData(datatype, values, where);
}

/** Checked conversion of plain values (wire contents or JSON data) into the datatype's array. */
export function valuesToData<D extends Datatype>(datatype: D, values: readonly unknown[], where: Where): DataOf[D] {
  switch (datatype) {
    case 'BYTES':
      return values.map((v, i) => (v instanceof Uint8Array ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : badElement(where, i, v, 'bytes'))) as DataOf[D];
    case 'BOOL':
      return Uint8Array.from(values, (v, i) => (v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : badElement(where, i, v, 'a boolean'))) as DataOf[D];
    case 'FP16':
      return Uint16Array.from(values, (v, i) => (typeof v === 'number' ? toHalf(v) : badElement(where, i, v, 'a number'))) as DataOf[D];
    case 'FP32':
    case 'FP64':
      values.forEach((v, i) => {
        if (typeof v !== 'number') badElement(where, i, v, 'a number');
      });
      return ARRAY_OF[datatype as 'FP32' | 'FP64'].from(values) as DataOf[D];
    default: {
      const range = INTEGER_RANGE[datatype as keyof typeof INTEGER_RANGE];
      values.forEach((v, i) => {
        if (!inRange(v, range)) badElement(where, i, v, `an integer in ${range[0]}..${range[1]}`);
      });
      return ARRAY_OF[datatype as keyof typeof INTEGER_RANGE].from(values) as DataOf[D];
    }
  }
}

function inRange(v: unknown, [min, max]: readonly [number, number] | readonly [bigint, bigint]): boolean {
  if (typeof min === 'number') return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  return typeof v === 'bigint' && v >= min && v <= max;
}

function badElement(where: Where, index: number, value: unknown, expected: string): never {
  const shown = typeof value === 'bigint' || typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return fail(where, `element ${index} is ${shown}; expected ${expected}`);
}

/** One tensor's typed contents; FP16 has no field and must go raw unless it is empty. */
export function dataToContents(datatype: Datatype, data: DataOf[Datatype], where: Where): oip.InferTensorContents {
  const field = CONTENTS_FIELD[datatype];
  const contents = emptyContents();
  if (!field) return data.length === 0 ? contents : fail(where, `${datatype} has no contents field; encode with raw: true`);
  if (datatype === 'BOOL') contents.boolContents = Array.from(data as Uint8Array, (v) => v === 1);
  else if (datatype === 'BYTES') contents.bytesContents = (data as Uint8Array[]).slice();
  else (contents[field] as unknown[]) = Array.from(data as ArrayLike<unknown>);
  return contents;
}
