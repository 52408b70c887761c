import type { Identity } from '@mizan/service-kit';
import type { AuditEntry } from './audit-entry.ts';
import type { Deps, EntryFilter } from './ports.ts';

export interface ListInput {
  filter: EntryFilter;
  /** Page size; the caller fetches one more row to learn whether a next page exists. */
  limit: number;
  beforeSequence?: bigint | undefined;
}

/** The caller's tenant's entries, newest first; never another tenant's. */
export function listAuditEntries(deps: Deps, who: Identity, input: ListInput): Promise<AuditEntry[]> {
  return deps.db.audit.list(who.tenantId, input.filter, { limit: input.limit, beforeSequence: input.beforeSequence });
}
