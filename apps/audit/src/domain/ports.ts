import type { AuditEntry, AuditEvent } from './audit-entry.ts';

/** What the chain needs inside one tenant's exclusive append (the store holds the tenant's lock). */
export interface ChainTx {
  /** The entry with this event id in the tenant, if any. */
  byEventId(tenantId: string, id: string): Promise<AuditEntry | null>;
  /** Hash of the tenant's newest entry; null for an empty chain. */
  lastHash(tenantId: string): Promise<string | null>;
  /** Stores the entry; ALREADY_EXISTS when the event id is taken (by another tenant). */
  insert(entry: AuditEvent & { prevHash: string; hash: string }): Promise<AuditEntry>;
}

export interface EntryFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** Entries about this model: its own id as entityId, or payload.modelId (its versions' and aliases' events). */
  modelId?: string | undefined;
}

export interface AuditStore {
  /** The tenant's entries newest first, after (below) the given sequence; at most `limit`. */
  list(tenantId: string, filter: EntryFilter, page: { limit: number; beforeSequence?: bigint | undefined }): Promise<AuditEntry[]>;
  /** The tenant's entries in chain order (oldest first), after the given sequence; at most `limit`. */
  chainPage(tenantId: string, afterSequence: bigint | null, limit: number): Promise<AuditEntry[]>;
}

export interface Db {
  audit: AuditStore;
  /** Runs fn in a transaction that holds the tenant's chain lock, so that appends of one tenant are serial. */
  withTenantChain<T>(tenantId: string, fn: (tx: ChainTx) => Promise<T>): Promise<T>;
}

/** Counts appends for /metrics without the domain knowing prom-client. */
export interface AuditMeter {
  appended(duplicate: boolean): void;
}

export interface Deps {
  db: Db;
  meter: AuditMeter;
}
