import { DomainError, isService, type Identity } from '@mizan/service-kit';
import type { AppendResult, AuditEventInput } from './audit-entry.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';
import type { Deps } from './ports.ts';
import { validateEvent } from './validate-event.ts';

/**
 * Appends a producer's event to its tenant's hash chain, once per event id (redelivery returns the
 * stored entry). Only services append: they relay their outboxes and name the tenant in the event.
 */
export async function appendEvent(deps: Deps, who: Identity, input: AuditEventInput): Promise<AppendResult> {
  if (!isService(who)) throw new DomainError('PERMISSION_DENIED', 'only service identities may append audit events');
  const event = validateEvent(input);
  const result = await deps.db.withTenantChain(event.tenant, async (tx) => {
    const stored = await tx.byEventId(event.tenant, event.id);
    if (stored) return { entry: stored, duplicate: true };
    const prevHash = (await tx.lastHash(event.tenant)) ?? GENESIS_HASH;
    const entry = await tx.insert({ ...event, prevHash, hash: entryHash(prevHash, event) });
    return { entry, duplicate: false };
  });
  deps.meter.appended(result.duplicate);
  return result;
}
