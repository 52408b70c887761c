import { createHash } from 'node:crypto';
import type { AuditEntry, AuditEvent, ChainStatus, Json } from './audit-entry.ts';

/** prevHash of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so that equal values always give equal text. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The content an entry's hash covers (sequence, recordedAt and the hashes themselves are not content). */
export const hashedContent = (e: AuditEvent): Json => ({
  id: e.id,
  tenant: e.tenant,
  actor: e.actor,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  payload: e.payload,
  requestId: e.requestId,
  occurredAt: e.occurredAt.toISOString(),
});

/** sha256 hex over the previous entry's hash and the canonical JSON of this entry's content. */
export function entryHash(prevHash: string, event: AuditEvent): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalJson(hashedContent(event)), 'utf8').digest('hex');
}

/**
 * Checks a tenant's entries fed in chain order, page by page: each must link to the previous hash and
 * hash to what it stores. Reports the first entry that does not.
 */
export function createChainVerifier() {
  let expectedPrev = GENESIS_HASH;
  let entries = 0;
  let brokenAt: string | null = null;
  return {
    push(entry: AuditEntry): void {
      entries++;
      if (brokenAt === null && (entry.prevHash !== expectedPrev || entryHash(entry.prevHash, entry) !== entry.hash)) brokenAt = entry.id;
      expectedPrev = entry.hash;
    },
    result: (): ChainStatus => ({ ok: brokenAt === null, entries, brokenAt }),
  };
}

/** The whole check over entries already in memory. */
export function verifyChain(entries: Iterable<AuditEntry>): ChainStatus {
  const v = createChainVerifier();
  for (const e of entries) v.push(e);
  return v.result();
}
