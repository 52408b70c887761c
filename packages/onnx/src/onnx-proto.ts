import { createRequire } from 'node:module';
import type * as OnnxProtoModule from 'onnx-proto';

const require = createRequire(import.meta.url);

/**
 * onnx-proto's bundled protobufjs 6 finds `long` with an eval'd `require('long')`. When Node resolves
 * with the `import` condition (vitest passes `--conditions import` from `ssr.resolve.conditions`),
 * that returns long 5's ES module namespace, not the class, and onnx-proto throws
 * `$util.Long.fromBits is not a function` while loading. Load protobufjs first and repair it.
 */
function loadOnnxProto(): typeof OnnxProtoModule.onnx {
  const protobuf = createRequire(require.resolve('onnx-proto'))('protobufjs/minimal') as {
    util: { Long: unknown };
    configure(): void;
  };
  const long = protobuf.util.Long as { fromBits?: unknown; default?: { fromBits?: unknown } } | null;
  if (long && typeof long.fromBits !== 'function' && typeof long.default?.fromBits === 'function') {
    protobuf.util.Long = long.default;
    protobuf.configure();
  }
  return (require('onnx-proto') as typeof OnnxProtoModule).onnx;
}

/** The ONNX protobuf messages (onnx-proto, ONNX 1.10 schema), loaded so that they work under vitest too. */
export const onnx = loadOnnxProto();
/** The message interfaces (`OnnxProto.ITensorProto`, …) to go with `onnx`. */
export type { onnx as OnnxProto } from 'onnx-proto';
