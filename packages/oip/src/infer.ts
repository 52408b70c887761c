import type { oip } from '@mizan/protos';
import { contentsToData, dataToContents, hasContents } from './contents.ts';
import { parametersFromWire, parametersToWire } from './parameters.ts';
import { dataToRaw, rawToData } from './raw.ts';
import { checkDatatype, checkTensor, elementCount, fail, shapeFromWire, type Tensor, type Where } from './tensor.ts';

/** What an InferInputTensor and an InferOutputTensor have in common. */
interface WireTensor {
  name: string;
  datatype: string;
  shape: bigint[];
  parameters: Record<string, oip.InferParameter>;
  contents?: oip.InferTensorContents | undefined;
}

export interface EncodeOptions {
  /** true: every tensor in raw_*_contents (the fast path, and the only one for FP16); false: typed contents. */
  raw: boolean;
}

export type EncodedInputs = Pick<oip.ModelInferRequest, 'inputs' | 'rawInputContents'>;
export type EncodedOutputs = Pick<oip.ModelInferResponse, 'outputs' | 'rawOutputContents'>;

/**
 * The input tensors of a ModelInferRequest, from raw_input_contents or from each input's contents
 * (never both, as the spec says). Raw data stays a view of the request's bytes where alignment allows.
 */
export const decodeInputs = (request: EncodedInputs): Tensor[] => decodeTensors('input', request.inputs, request.rawInputContents, 'raw_input_contents');

/** The output tensors of a ModelInferResponse, as decodeInputs does for requests. */
export const decodeOutputs = (response: EncodedOutputs): Tensor[] =>
  decodeTensors('output', response.outputs, response.rawOutputContents, 'raw_output_contents');

/** The `inputs` and `raw_input_contents` of a ModelInferRequest. */
export function encodeInputs(tensors: readonly Tensor[], options: EncodeOptions): EncodedInputs {
  const { wire, raw } = encodeTensors('input', tensors, options);
  return { inputs: wire, rawInputContents: raw };
}

/** The `outputs` and `raw_output_contents` of a ModelInferResponse. */
export function encodeOutputs(tensors: readonly Tensor[], options: EncodeOptions): EncodedOutputs {
  const { wire, raw } = encodeTensors('output', tensors, options);
  return { outputs: wire, rawOutputContents: raw };
}

function decodeTensors(role: Where['role'], tensors: readonly WireTensor[], raw: readonly Uint8Array[], rawField: string): Tensor[] {
  const useRaw = raw.length > 0;
  if (useRaw && raw.length !== tensors.length) {
    fail(undefined, `${rawField} has ${raw.length} entries for ${tensors.length} ${role}s; when used it must hold one per ${role}`);
  }
  const seen = new Set<string>();
  return tensors.map((tensor, i) => {
    const where = { role, name: tensor.name };
    if (seen.has(tensor.name)) fail(where, 'appears more than once');
    seen.add(tensor.name);
    const datatype = checkDatatype(tensor.datatype, where);
    const shape = shapeFromWire(tensor.shape, where);
    const count = elementCount(shape, where);
    if (useRaw && hasContents(tensor.contents)) fail(where, `has contents while ${rawField} is used; use one or the other for every ${role}`);
    const data = useRaw ? rawToData(datatype, raw[i]!, count, where) : contentsToData(datatype, tensor.contents, count, where);
    const parameters = parametersFromWire(tensor.parameters);
    return { name: tensor.name, datatype, shape, data, ...(parameters && { parameters }) } as Tensor;
  });
}

function encodeTensors(role: Where['role'], tensors: readonly Tensor[], { raw }: EncodeOptions) {
  const wire: WireTensor[] = [];
  const rawContents: Uint8Array[] = [];
  for (const tensor of tensors) {
    checkTensor(tensor, role);
    const where = { role, name: tensor.name };
    const common = { name: tensor.name, datatype: tensor.datatype, shape: tensor.shape.map(BigInt), parameters: parametersToWire(tensor.parameters, where) };
    if (raw) {
      wire.push(common);
      rawContents.push(dataToRaw(tensor.datatype, tensor.data, where));
    } else {
      wire.push({ ...common, contents: dataToContents(tensor.datatype, tensor.data, where) });
    }
  }
  return { wire, raw: rawContents };
}
