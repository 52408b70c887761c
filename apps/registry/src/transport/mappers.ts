// Domain ↔ proto. Domain types never leak proto types and the other way round.
import { type registryV1 } from '@mizan/protos';
import type { WatchMessage } from '../domain/watch-aliases.ts';
import type { ModelVersion, TensorSpec, Upload } from '../domain/types.ts';

const tensorProto = (t: TensorSpec): registryV1.TensorSpec => ({ name: t.name, datatype: t.datatype, shape: t.shape.map((d) => BigInt(d)) });

export const toVersionProto = (v: ModelVersion): registryV1.ModelVersion => ({
  id: v.id,
  model: v.modelName,
  number: v.number,
  sha256: v.sha256,
  size: BigInt(v.size),
  format: v.format,
  inputs: v.inputs.map(tensorProto),
  outputs: v.outputs.map(tensorProto),
  createdAt: v.createdAt,
  tenant: v.tenantId,
});

export const toUploadProto = (u: Upload): registryV1.UploadArtifactResponse => ({ uploadId: u.id, sha256: u.sha256, size: BigInt(u.size) });

export function toAliasEventProto(m: WatchMessage): registryV1.AliasEvent {
  if (m.kind === 'snapshot_complete') {
    return { revision: m.revision, tenant: '', model: '', alias: '', version: 0, sha256: '', deleted: false, snapshotComplete: true, modelVersion: undefined };
  }
  const c = m.change;
  return {
    revision: c.revision, tenant: c.tenantId, model: c.modelName, alias: c.alias, version: c.version.number, sha256: c.version.sha256,
    deleted: c.deleted, snapshotComplete: false, modelVersion: toVersionProto(c.version),
  };
}
