import type { Tensor } from '@mizan/oip';
import { DomainError } from '@mizan/service-kit';
import type { TensorSpec } from './ports.ts';

const invalid = (message: string) => new DomainError('INVALID_ARGUMENT', message);
const show = (shape: readonly number[]) => `[${shape.join(', ')}]`;
const names = (specs: readonly TensorSpec[]) => specs.map((s) => s.name).join(', ') || '(none)';

/**
 * Checks request tensors against the model's signature before onnxruntime sees them, so that every
 * mistake gets a message naming the tensor and what the model expects (onnxruntime's own messages
 * are about its internals, and some mistakes it would even accept).
 */
export function checkInputs(model: string, inputs: readonly TensorSpec[], tensors: readonly Tensor[]): void {
  const byName = new Map(inputs.map((s) => [s.name, s]));
  for (const t of tensors) {
    const spec = byName.get(t.name);
    if (!spec) throw invalid(`unknown input "${t.name}" for model "${model}"; its inputs are: ${names(inputs)}`);
    if (t.datatype !== spec.datatype) throw invalid(`input "${t.name}" has datatype ${t.datatype}, but the model expects ${spec.datatype}`);
    if (t.shape.length !== spec.shape.length) {
      throw invalid(`input "${t.name}" has shape ${show(t.shape)} of rank ${t.shape.length}, but the model expects rank ${spec.shape.length} ${show(spec.shape)}`);
    }
    spec.shape.forEach((want, i) => {
      if (want >= 0 && t.shape[i] !== want) {
        throw invalid(`input "${t.name}" has shape ${show(t.shape)}: dimension ${i} is ${t.shape[i]}, but the model expects ${want} (shape ${show(spec.shape)}, -1 is any)`);
      }
    });
  }
  const given = new Set(tensors.map((t) => t.name));
  const missing = inputs.filter((s) => !given.has(s.name));
  if (missing.length > 0) throw invalid(`missing input${missing.length > 1 ? 's' : ''} ${missing.map((s) => `"${s.name}"`).join(', ')} for model "${model}"`);
}

/** The outputs to compute: the requested subset (each known, none twice) or every output in signature order. */
export function selectOutputs(model: string, outputs: readonly TensorSpec[], requested: readonly string[]): TensorSpec[] {
  if (requested.length === 0) return [...outputs];
  const byName = new Map(outputs.map((s) => [s.name, s]));
  const seen = new Set<string>();
  return requested.map((name) => {
    const spec = byName.get(name);
    if (!spec) throw invalid(`unknown output "${name}" requested from model "${model}"; its outputs are: ${names(outputs)}`);
    if (seen.has(name)) throw invalid(`output "${name}" is requested more than once`);
    seen.add(name);
    return spec;
  });
}
