import { createOrtPool, inspectOnnx, OnnxModelError, type OrtPoolLogger } from '@mizan/onnx';
import { DomainError } from '@mizan/service-kit';
import type { ArtifactValidator } from '../domain/ports.ts';

/**
 * Checks an uploaded ONNX model the way a worker will load it: `inspectOnnx` first (refuses garbage, external
 * data and unservable types before onnxruntime sees the bytes), then a real load and unload in onnxruntime
 * on a worker thread, so the registry never accepts a version that cannot be served.
 */
export function createOnnxValidator(o: { maxBytes: number; log?: OrtPoolLogger }): ArtifactValidator & { close(): Promise<void> } {
  const pool = createOrtPool({ threads: 1, maxModelBytes: o.maxBytes, ...(o.log ? { log: o.log } : {}) });
  let next = 0;
  return {
    async validate(bytes) {
      let info;
      try {
        info = inspectOnnx(bytes, { maxBytes: o.maxBytes });
      } catch (e) {
        if (e instanceof OnnxModelError) throw new DomainError('INVALID_ARGUMENT', `artifact: ${e.message}`);
        throw e;
      }
      const key = `validate-${next++}`;
      try {
        await pool.load(key, bytes);
      } catch (e) {
        if (e instanceof OnnxModelError) throw new DomainError('INVALID_ARGUMENT', `artifact: ${e.message}`);
        throw e;
      } finally {
        await pool.unload(key).catch(() => undefined);
      }
      return { format: 'onnx', inputs: info.inputs, outputs: info.outputs };
    },
    close: () => pool.close(),
  };
}
