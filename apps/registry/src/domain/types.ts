// What the registry knows, independent of Prisma, protos and GraphQL.

/** OIP datatype names (BOOL, UINT8, …, FP32, FP64, BYTES) as read from the model. */
export interface TensorSpec {
  name: string;
  datatype: string;
  /** -1 marks a dynamic dimension. */
  shape: number[];
}

export interface Signature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export interface Model {
  id: string;
  tenantId: string;
  region: string;
  name: string;
  task: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ModelVersion extends Signature {
  id: string;
  tenantId: string;
  modelId: string;
  modelName: string;
  number: number;
  sha256: string;
  size: number;
  format: string;
  createdBy: string;
  createdAt: Date;
}

export interface Alias {
  id: string;
  tenantId: string;
  modelId: string;
  name: string;
  versionId: string;
  updatedAt: Date;
}

export interface Upload {
  id: string;
  tenantId: string;
  sha256: string;
  size: number;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
}

/** One alias move (or deletion) as WatchAliases streams it. */
export interface AliasChange {
  revision: bigint;
  tenantId: string;
  modelName: string;
  alias: string;
  deleted: boolean;
  version: ModelVersion;
}

/** The audit event a mutation leaves in the outbox; audit dedupes on `id`. */
export interface AuditEvent {
  id: string;
  tenant: string;
  actor: string;
  action: 'model.registered' | 'model.version_added' | 'model.alias_set';
  entity_type: 'Model' | 'ModelVersion';
  entity_id: string;
  payload: Record<string, unknown>;
  /** RFC 3339 UTC. */
  occurred_at: string;
  request_id: string;
}

/** A page of a Relay connection, newest first. */
export interface Page<T> {
  items: Array<{ cursor: string; node: T }>;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The part of a call that is not who calls: correlation for logs and audit. */
export interface CallInfo {
  requestId: string;
}

/** Whose rows a store call may touch: the caller's tenant, or the tenant a service identity named. */
export interface TenantScope {
  readonly tenantId: string;
}
