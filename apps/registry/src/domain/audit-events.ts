import type { Identity } from '@mizan/service-kit';
import type { Alias, AuditEvent, CallInfo, Model, ModelVersion } from './types.ts';

type Base = Pick<AuditEvent, 'id' | 'occurred_at'>;

const common = (who: Identity, call: CallInfo, base: Base) => ({
  ...base,
  tenant: who.tenantId,
  actor: who.subject,
  request_id: call.requestId,
});

export const modelRegistered = (who: Identity, call: CallInfo, base: Base, m: Model): AuditEvent => ({
  ...common(who, call, base),
  action: 'model.registered',
  entity_type: 'Model',
  entity_id: m.id,
  payload: { modelId: m.id, modelName: m.name, task: m.task, description: m.description, region: m.region },
});

export const versionAdded = (who: Identity, call: CallInfo, base: Base, v: ModelVersion, uploadId: string): AuditEvent => ({
  ...common(who, call, base),
  action: 'model.version_added',
  entity_type: 'ModelVersion',
  entity_id: v.id,
  payload: { modelId: v.modelId, modelName: v.modelName, version: v.number, sha256: v.sha256, size: v.size, format: v.format, uploadId },
});

export const aliasSet = (who: Identity, call: CallInfo, base: Base, a: Alias, v: ModelVersion, previousVersion: number | null, revision: bigint): AuditEvent => ({
  ...common(who, call, base),
  action: 'model.alias_set',
  entity_type: 'ModelVersion',
  entity_id: v.id,
  payload: { modelId: v.modelId, modelName: v.modelName, alias: a.name, version: v.number, previousVersion, revision: revision.toString() },
});
