/** One field of a protobuf message as it is on the wire. */
export type WireField =
  | { no: number; wireType: 0; value: bigint }
  | { no: number; wireType: 2; value: Uint8Array }
  | { no: number; wireType: 1 | 5 };

/**
 * Reads the top-level fields of one protobuf message without a schema. Length-delimited values are
 * views into `buf`, never copies. Throws RangeError on truncated or malformed input, and on groups
 * (wire types 3/4), which no ONNX message uses.
 */
export function* wireFields(buf: Uint8Array): Generator<WireField> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= buf.length) throw new RangeError('truncated varint');
      const byte = buf[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
    throw new RangeError('varint longer than 10 bytes');
  };
  const skip = (n: number): void => {
    if (pos + n > buf.length) throw new RangeError('truncated field');
    pos += n;
  };
  while (pos < buf.length) {
    const key = varint();
    const no = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (no === 0) throw new RangeError('field number 0');
    switch (wireType) {
      case 0:
        yield { no, wireType, value: varint() };
        break;
      case 1:
      case 5: {
        skip(wireType === 1 ? 8 : 4);
        yield { no, wireType };
        break;
      }
      case 2: {
        const length = varint();
        if (length > BigInt(buf.length - pos)) throw new RangeError('truncated length-delimited field');
        const start = pos;
        pos += Number(length);
        yield { no, wireType, value: buf.subarray(start, pos) };
        break;
      }
      default:
        throw new RangeError(`unsupported wire type ${wireType}`);
    }
  }
}
