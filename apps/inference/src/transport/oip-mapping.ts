import { readFileSync } from 'node:fs';
import type { oip } from '@mizan/protos';
import type { ModelMetadata } from '../domain/get-model-metadata.ts';
import type { TensorSpec } from '../domain/ports.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * OIP ServerMetadata. No extension is listed: Mizan implements none of the optional ones that OIP
 * clients look for (binary_tensor_data, shared memory, model_repository, statistics, …), and listing
 * one would make a client use it.
 */
export const SERVER_METADATA: oip.ServerMetadataResponse = { name: 'mizan', version: pkg.version, extensions: [] };

const tensorProto = (t: TensorSpec): oip.ModelMetadataResponse_TensorMetadata => ({ name: t.name, datatype: t.datatype, shape: t.shape.map(BigInt) });

export const toMetadataProto = (m: ModelMetadata): oip.ModelMetadataResponse => ({
  name: m.name,
  versions: m.versions,
  platform: m.platform,
  inputs: m.inputs.map(tensorProto),
  outputs: m.outputs.map(tensorProto),
  properties: m.properties,
});

const tensorSpec = (t: oip.ModelMetadataResponse_TensorMetadata): TensorSpec =>
  ({ name: t.name, datatype: t.datatype, shape: t.shape.map(Number) }) as TensorSpec;

export const fromMetadataProto = (m: oip.ModelMetadataResponse): ModelMetadata => ({
  name: m.name,
  versions: m.versions,
  platform: m.platform,
  inputs: m.inputs.map(tensorSpec),
  outputs: m.outputs.map(tensorSpec),
  properties: m.properties,
});
