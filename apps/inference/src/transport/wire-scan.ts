import { DomainError } from '@mizan/service-kit';

/**
 * Reads model_name (field 1) and model_version (field 2) of an encoded OIP ModelInferRequest without
 * decoding it: the router forwards the bytes it received, so it never materialises the tensors. Each
 * top-level field costs a tag and a length, and large fields (inputs, raw_input_contents) are skipped
 * by their length, so the scan is O(number of fields), not O(bytes). The whole message is walked, so
 * that a repeated field 1 or 2 resolves as protobuf says (the last one wins) and malformed bytes are
 * refused here rather than by the worker.
 */
export function scanModelRef(buf: Uint8Array): { modelName: string; modelVersion: string } {
  let pos = 0;
  let modelName = '';
  let modelVersion = '';
  const bad = (why: string): never => {
    throw new DomainError('INVALID_ARGUMENT', `malformed ModelInferRequest: ${why}`);
  };
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) bad('truncated varint');
      const b = buf[pos++]!;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER) bad('varint out of range');
        return result;
      }
      mul *= 128;
    }
    return bad('varint longer than 10 bytes');
  };
  const skip = (n: number) => {
    if (n > buf.length - pos) bad('field runs past the end');
    pos += n;
  };
  while (pos < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) bad('field number 0');
    switch (wire) {
      case 0:
        varint();
        break;
      case 1:
        skip(8);
        break;
      case 5:
        skip(4);
        break;
      case 2: {
        const len = varint();
        const start = pos;
        skip(len);
        if (field === 1) modelName = utf8(buf, start, pos);
        else if (field === 2) modelVersion = utf8(buf, start, pos);
        break;
      }
      default:
        bad(`unsupported wire type ${wire}`);
    }
    if ((field === 1 || field === 2) && wire !== 2) bad(`field ${field} must be a string`);
  }
  return { modelName, modelVersion };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(buf: Uint8Array, start: number, end: number): string {
  try {
    return decoder.decode(buf.subarray(start, end));
  } catch {
    throw new DomainError('INVALID_ARGUMENT', 'malformed ModelInferRequest: model_name or model_version is not valid UTF-8');
  }
}
