import type { Tensor } from '@mizan/oip';
import { oipToOrtType, ortToOipType, type OrtFeed, type OrtResult } from '@mizan/onnx';
import { DomainError } from '@mizan/service-kit';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An OIP tensor as an onnxruntime feed. Numeric data is passed as the same typed array, which the
 * codec built over the received message where alignment allowed: no copy here. The pool transfers
 * it to its thread, copying only when the array does not own its whole buffer (a gRPC payload slice).
 * BYTES become strings, the only form onnxruntime-node takes for string tensors.
 */
export function toFeed(t: Tensor): OrtFeed {
  const type = oipToOrtType(t.datatype);
  if (t.datatype === 'BYTES') {
    const data = t.data.map((b, i) => {
      try {
        return strictUtf8.decode(b);
      } catch {
        throw new DomainError('INVALID_ARGUMENT', `input "${t.name}": BYTES element ${i} is not valid UTF-8, which onnxruntime string tensors need`);
      }
    });
    return { type: 'string', dims: t.shape, data };
  }
  return { type, dims: t.shape, data: t.data } as OrtFeed;
}

/** An onnxruntime result as an OIP tensor (strings back to UTF-8 bytes). */
export function fromResult(name: string, r: OrtResult): Tensor {
  const datatype = ortToOipType(r.type);
  const shape = [...r.dims];
  if (r.type === 'string') return { name, datatype: 'BYTES', shape, data: r.data.map((s) => utf8.encode(s)) };
  return { name, datatype, shape, data: r.data } as Tensor;
}
