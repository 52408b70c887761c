import type { oip } from '@mizan/protos';
import { fail, type Parameters, type Where } from './tensor.ts';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** 64-bit integers become numbers when that is exact, bigints otherwise. */
const fromWireInteger = (value: bigint): number | bigint =>
  value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;

/** The wire map as plain values; undefined when there are none, so tensors compare equal after a round trip. */
export function parametersFromWire(wire: Record<string, oip.InferParameter> | undefined): Parameters | undefined {
  const entries = Object.entries(wire ?? {}).flatMap(([key, { parameterChoice: choice }]): Array<[string, Parameters[string]]> => {
    if (!choice) return [];
    switch (choice.$case) {
      case 'int64Param':
      case 'uint64Param':
        return [[key, fromWireInteger(choice.value)]];
      default:
        return [[key, choice.value]];
    }
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Safe integers and bigints travel as int64 (uint64 past its range), other numbers as double. */
export function parametersToWire(parameters: Parameters | undefined, where: Where): Record<string, oip.InferParameter> {
  const wire: Record<string, oip.InferParameter> = {};
  for (const [key, value] of Object.entries(parameters ?? {})) {
    wire[key] = { parameterChoice: toChoice(key, value, where) };
  }
  return wire;
}

function toChoice(key: string, value: unknown, where: Where): oip.InferParameter['parameterChoice'] {
  switch (typeof value) {
    case 'boolean':
      return { $case: 'boolParam', value };
    case 'string':
      return { $case: 'stringParam', value };
    case 'number':
      return Number.isSafeInteger(value) ? { $case: 'int64Param', value: BigInt(value) } : { $case: 'doubleParam', value };
    case 'bigint':
      if (value >= INT64_MIN && value <= INT64_MAX) return { $case: 'int64Param', value };
      if (value > INT64_MAX && value <= UINT64_MAX) return { $case: 'uint64Param', value };
      return fail(where, `parameter "${key}" is ${value}, outside the int64 and uint64 ranges`);
    default:
      return fail(where, `parameter "${key}" must be a boolean, number, bigint or string`);
  }
}
