/** A JSON value as stored in an entry's payload. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a producer asks to append (already decoded from the transport, not yet validated). */
export interface AuditEventInput {
  id: string;
  tenant: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  payloadJson: string;
  requestId: string;
  occurredAt: Date | undefined;
}

/** A validated event: the fields the chain hash covers. */
export interface AuditEvent {
  id: string;
  tenant: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  payload: { [key: string]: Json };
  requestId: string;
  occurredAt: Date;
}

/** An event as it sits in the tenant's chain. */
export interface AuditEntry extends AuditEvent {
  /** Position in the chain: increases with every append of the tenant (one sequence for all tenants, so it has gaps). */
  sequence: bigint;
  recordedAt: Date;
  prevHash: string;
  hash: string;
}

export interface AppendResult {
  entry: AuditEntry;
  /** True when the event id was appended before; the entry is then the first append's. */
  duplicate: boolean;
}

export interface ChainStatus {
  ok: boolean;
  entries: number;
  /** Id of the first entry whose link or hash does not match. */
  brokenAt: string | null;
}
