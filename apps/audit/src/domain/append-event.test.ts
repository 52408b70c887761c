import { DomainError, type Identity } from '@mizan/service-kit';
import { describe, expect, test } from 'vitest';
import type { AuditEntry, AuditEventInput } from './audit-entry.ts';
import { appendEvent } from './append-event.ts';
import { GENESIS_HASH, verifyChain } from './chain.ts';
import type { ChainTx, Deps } from './ports.ts';

/** An in-memory Db: one array of entries, appends serialised by a promise chain (the real one uses a Postgres lock). */
function memoryDeps() {
  const rows: AuditEntry[] = [];
  const counted: boolean[] = [];
  let queue = Promise.resolve();
  const tx: ChainTx = {
    byEventId: async (tenantId, id) => rows.find((r) => r.tenant === tenantId && r.id === id) ?? null,
    lastHash: async (tenantId) => rows.filter((r) => r.tenant === tenantId).at(-1)?.hash ?? null,
    insert: async (e) => {
      if (rows.some((r) => r.id === e.id)) throw new DomainError('ALREADY_EXISTS', 'taken');
      const entry = { ...e, sequence: BigInt(rows.length + 1), recordedAt: new Date() };
      rows.push(entry);
      return entry;
    },
  };
  const deps: Deps = {
    db: {
      audit: { list: async () => [], chainPage: async () => [] },
      withTenantChain: <T>(_tenant: string, fn: (t: ChainTx) => Promise<T>) => {
        const run = queue.then(() => fn(tx));
        queue = run.then(() => undefined, () => undefined);
        return run;
      },
    },
    meter: { appended: (d) => void counted.push(d) },
  };
  return { deps, rows, counted };
}

const service: Identity = { tenantId: '_system', subject: 'service:registry', roles: ['service'], region: 'eu-west-1', token: 't' };
const user: Identity = { tenantId: 'acme', subject: 'ada', roles: ['admin'], region: 'eu-west-1', token: 't' };

const event = (n: number, tenant = 'acme'): AuditEventInput => ({
  id: `0193a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`,
  tenant, actor: 'ada', action: 'model.registered', entityType: 'Model', entityId: `m-${n}`,
  payloadJson: JSON.stringify({ n }), requestId: `r-${n}`, occurredAt: new Date(1_700_000_000_000 + n),
});

describe('appendEvent', () => {
  test('links each entry of a tenant to the previous one, starting at the genesis hash', async () => {
    const { deps, rows } = memoryDeps();
    const a = await appendEvent(deps, service, event(1));
    const b = await appendEvent(deps, service, event(2));
    expect(a.entry.prevHash).toBe(GENESIS_HASH);
    expect(b.entry.prevHash).toBe(a.entry.hash);
    expect(verifyChain(rows)).toEqual({ ok: true, entries: 2, brokenAt: null });
  });

  test('keeps one chain per tenant', async () => {
    const { deps } = memoryDeps();
    await appendEvent(deps, service, event(1, 'acme'));
    const other = await appendEvent(deps, service, event(2, 'globex'));
    expect(other.entry.prevHash).toBe(GENESIS_HASH);
  });

  test('a redelivered id returns the stored entry, marked duplicate, and writes nothing', async () => {
    const { deps, rows, counted } = memoryDeps();
    const first = await appendEvent(deps, service, event(1));
    const again = await appendEvent(deps, service, { ...event(1), payloadJson: '{"changed":true}' });
    expect(again).toEqual({ entry: first.entry, duplicate: true });
    expect(rows).toHaveLength(1);
    expect(counted).toEqual([false, true]);
  });

  test('a user may not append', async () => {
    const { deps, rows } = memoryDeps();
    await expect(appendEvent(deps, user, event(1))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(rows).toHaveLength(0);
  });

  test('an invalid event writes nothing', async () => {
    const { deps, rows } = memoryDeps();
    await expect(appendEvent(deps, service, { ...event(1), action: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(rows).toHaveLength(0);
  });
});
