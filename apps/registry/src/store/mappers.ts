// Rows to domain objects. JSON columns are checked with zod on the way out (STYLE.md 2.7).
import { z } from 'zod';
import type { Alias, AliasChange, Model, ModelVersion, Upload } from '../domain/types.ts';
import type * as Rows from './generated/client.ts';

const Tensor = z.object({ name: z.string(), datatype: z.string(), shape: z.array(z.number().int()) });
export const SignatureJson = z.object({ inputs: z.array(Tensor), outputs: z.array(Tensor) });

export const toModel = (r: Rows.Model): Model => ({
  id: r.id, tenantId: r.tenantId, region: r.region, name: r.name, task: r.task, description: r.description, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

export function toVersion(r: Rows.ModelVersion & { model: { name: string } }): ModelVersion {
  const sig = SignatureJson.parse(r.signature);
  return {
    id: r.id, tenantId: r.tenantId, modelId: r.modelId, modelName: r.model.name, number: r.number, sha256: r.sha256, size: Number(r.size),
    format: r.format, inputs: sig.inputs, outputs: sig.outputs, createdBy: r.createdBy, createdAt: r.createdAt,
  };
}

export const toAlias = (r: Rows.Alias): Alias => ({
  id: r.id, tenantId: r.tenantId, modelId: r.modelId, name: r.name, versionId: r.versionId, updatedAt: r.updatedAt,
});

export const toUpload = (r: Rows.Upload): Upload => ({
  id: r.id, tenantId: r.tenantId, sha256: r.sha256, size: Number(r.size), createdAt: r.createdAt, expiresAt: r.expiresAt, consumedAt: r.consumedAt,
});

export const toAliasChange = (revision: bigint, r: { tenantId: string; modelName: string; alias: string; deleted: boolean }, version: ModelVersion): AliasChange => ({
  revision, tenantId: r.tenantId, modelName: r.modelName, alias: r.alias, deleted: r.deleted, version,
});

export const withModelName = { model: { select: { name: true } } } as const;
