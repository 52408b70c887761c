import { valuesToData } from './contents.ts';
import { fromHalf } from './half.ts';
import { checkDatatype, checkTensor, elementCount, fail, type ParameterValue, type Parameters, type Tensor, type Where } from './tensor.ts';

/** A value in the JSON forms. bigint appears only for 64-bit integers beyond ±(2^53 − 1); see stringifyJson. */
export type JsonScalar = boolean | number | bigint | string;

/** A tensor in OIP REST form (`inputs[]` of a request, `outputs[]` of a response). */
export interface JsonTensor {
  name: string;
  shape: number[];
  datatype: string;
  data: JsonScalar[];
  parameters?: Record<string, JsonScalar>;
}

/** What fromJsonTensor accepts: parsed JSON, so every field is checked. `data` may be nested row-major. */
export interface JsonTensorInput {
  name: string;
  shape: readonly number[];
  datatype: string;
  data: unknown;
  parameters?: Record<string, unknown> | undefined;
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A tensor from its REST form. `data` is flat or nested (row-major, no deeper than the shape's rank).
 * BOOL takes booleans (or 0/1); integers must fit their datatype; INT64/UINT64 take safe-integer
 * numbers or bigints (a larger JSON number has already lost precision in JSON.parse, so it is
 * refused); floats take numbers or the strings "NaN", "Infinity", "-Infinity"; BYTES takes strings,
 * stored as UTF-8.
 */
export function fromJsonTensor(json: JsonTensorInput, role: Where['role'] = 'input'): Tensor {
  if (json === null || typeof json !== 'object') fail(undefined, `each ${role} must be an object`);
  if (typeof json.name !== 'string') fail(undefined, `each ${role} needs a string name`);
  const where = { role, name: json.name };
  const datatype = checkDatatype(json.datatype, where);
  const shape = [...elementShape(json.shape, where)];
  const count = elementCount(shape, where);
  if (!Array.isArray(json.data)) fail(where, 'data must be an array');
  const flat = flatten(json.data, Math.max(1, shape.length), where);
  if (flat.length !== count) fail(where, `data has ${flat.length} elements but shape [${shape.join(', ')}] needs ${count}`);
  const values = prepare(datatype, flat, where);
  const tensor = { name: json.name, datatype, shape, data: valuesToData(datatype, values, where) } as Tensor;
  const parameters = jsonParameters(json.parameters, where);
  return parameters ? { ...tensor, parameters } : tensor;
}

/**
 * A tensor's REST form with flat data. INT64/UINT64 elements are numbers when they are safe
 * integers and bigints otherwise, so nothing is rounded: write the result with stringifyJson.
 * NaN and ±Infinity stay numbers. BYTES elements must be valid UTF-8.
 */
export function toJsonTensor(tensor: Tensor, role: Where['role'] = 'output'): JsonTensor {
  checkTensor(tensor, role);
  const where = { role, name: tensor.name };
  const json: JsonTensor = { name: tensor.name, shape: [...tensor.shape], datatype: tensor.datatype, data: jsonData(tensor, where) };
  if (tensor.parameters) json.parameters = Object.fromEntries(Object.entries(tensor.parameters).map(([k, v]) => [k, exact(v)]));
  return json;
}

/**
 * JSON text for values that may hold bigints (written as exact integer literals) and non-finite
 * numbers (written as the strings "NaN", "Infinity", "-Infinity", which fromJsonTensor reads back;
 * JSON.stringify would write null).
 */
export function stringifyJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: unknown, out: string[]): void {
  switch (typeof value) {
    case 'bigint':
      out.push(value.toString());
      return;
    case 'number':
      out.push(Number.isFinite(value) ? JSON.stringify(value) : `"${String(value)}"`);
      return;
    case 'string':
    case 'boolean':
      out.push(JSON.stringify(value));
      return;
    case 'object':
      if (value === null) out.push('null');
      else if (Array.isArray(value)) writeArray(value, out);
      else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') write((value as { toJSON(): unknown }).toJSON(), out);
      else writeObject(value as Record<string, unknown>, out);
      return;
    default:
      out.push('null'); // undefined, functions and symbols, as JSON.stringify writes them in arrays
  }
}

function writeArray(values: readonly unknown[], out: string[]): void {
  out.push('[');
  values.forEach((v, i) => {
    if (i > 0) out.push(',');
    write(v, out);
  });
  out.push(']');
}

function writeObject(object: Record<string, unknown>, out: string[]): void {
  out.push('{');
  let first = true;
  for (const [key, v] of Object.entries(object)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(v, out);
  }
  out.push('}');
}

function elementShape(shape: unknown, where: Where): readonly number[] {
  if (!Array.isArray(shape)) fail(where, 'shape must be an array of non-negative integers');
  return shape as number[];
}

/** Flattens nested arrays without recursion, refusing nesting deeper than the shape's rank. */
function flatten(data: unknown[], maxDepth: number, where: Where): unknown[] {
  if (!data.some(Array.isArray)) return data;
  const flat: unknown[] = [];
  const stack: Array<{ items: unknown[]; next: number }> = [{ items: data, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.items.length) {
      stack.pop();
      continue;
    }
    const item = top.items[top.next++];
    if (!Array.isArray(item)) flat.push(item);
    else if (stack.length < maxDepth) stack.push({ items: item, next: 0 });
    else fail(where, `data is nested deeper than its shape's ${maxDepth} dimension(s)`);
  }
  return flat;
}

/** JSON-specific spellings, turned into what valuesToData checks. */
function prepare(datatype: Tensor['datatype'], values: unknown[], where: Where): unknown[] {
  switch (datatype) {
    case 'BYTES':
      return values.map((v, i) => (typeof v === 'string' ? utf8.encode(v) : fail(where, `element ${i} must be a string`)));
    case 'FP16':
    case 'FP32':
    case 'FP64':
      return values.map((v) => (typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v));
    case 'INT64':
    case 'UINT64':
      return values.map((v, i) => {
        if (typeof v !== 'number') return v;
        if (!Number.isSafeInteger(v)) fail(where, `element ${i} is ${v}, not a safe integer; 64-bit values beyond ±(2^53 - 1) must arrive as bigint`);
        return BigInt(v);
      });
    default:
      return values;
  }
}

function jsonData(tensor: Tensor, where: Where): JsonScalar[] {
  switch (tensor.datatype) {
    case 'BOOL':
      return Array.from(tensor.data, (v) => v === 1);
    case 'FP16':
      return Array.from(tensor.data, fromHalf);
    case 'INT64':
    case 'UINT64':
      return Array.from(tensor.data as ArrayLike<bigint>, exact);
    case 'BYTES':
      return tensor.data.map((bytes, i) => {
        try {
          return strictUtf8.decode(bytes);
        } catch {
          return fail(where, `BYTES element ${i} is not valid UTF-8, which the JSON form cannot carry`);
        }
      });
    default:
      return Array.from(tensor.data as ArrayLike<number>);
  }
}

/** bigint → number when that is exact. */
function exact(value: ParameterValue): JsonScalar {
  return typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function jsonParameters(parameters: unknown, where: Where): Parameters | undefined {
  if (parameters === undefined || parameters === null) return undefined;
  if (typeof parameters !== 'object' || Array.isArray(parameters)) fail(where, 'parameters must be an object');
  const entries = Object.entries(parameters);
  for (const [key, value] of entries) {
    if (!['boolean', 'number', 'bigint', 'string'].includes(typeof value)) fail(where, `parameter "${key}" must be a boolean, number or string`);
  }
  return entries.length > 0 ? (Object.fromEntries(entries) as Parameters) : undefined;
}
