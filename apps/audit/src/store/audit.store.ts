import { DomainError } from '@mizan/service-kit';
import type { AuditEntry, Json } from '../domain/audit-entry.ts';
import type { AuditStore, ChainTx, Db, EntryFilter } from '../domain/ports.ts';
import { Prisma, type PrismaClient } from './generated/client.ts';

type Client = PrismaClient | Prisma.TransactionClient;
type Row = Prisma.AuditEntryGetPayload<object>;

// First key of the two-key advisory lock ("AUDT"); the second is hashtext(tenant). Keeps these locks
// apart from the migration runner's single-key lock.
const CHAIN_LOCK_SPACE = 0x41554454;

const toEntry = (r: Row): AuditEntry => ({
  sequence: r.seq,
  id: r.id,
  tenant: r.tenantId,
  actor: r.actor,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  // Written from a validated JSON object; read back as is so that a tampered row still reaches the verifier.
  payload: r.payload as { [key: string]: Json },
  requestId: r.requestId,
  occurredAt: r.occurredAt,
  recordedAt: r.recordedAt,
  prevHash: r.prevHash,
  hash: r.hash,
});

function rethrowKnown(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
    throw new DomainError('ALREADY_EXISTS', 'an audit event with this id already exists');
  }
  throw e;
}

const where = (tenantId: string, f: EntryFilter, beforeSequence?: bigint): Prisma.AuditEntryWhereInput => ({
  tenantId,
  ...(f.entityType !== undefined ? { entityType: f.entityType } : {}),
  ...(f.entityId !== undefined ? { entityId: f.entityId } : {}),
  ...(f.modelId !== undefined ? { OR: [{ entityId: f.modelId }, { payload: { path: ['modelId'], equals: f.modelId } }] } : {}),
  ...(beforeSequence !== undefined ? { seq: { lt: beforeSequence } } : {}),
});

const auditStore = (c: Client): AuditStore => ({
  list: async (tenantId, filter, page) =>
    (await c.auditEntry.findMany({ where: where(tenantId, filter, page.beforeSequence), orderBy: { seq: 'desc' }, take: page.limit })).map(toEntry),
  chainPage: async (tenantId, afterSequence, limit) =>
    (await c.auditEntry.findMany({
      where: { tenantId, ...(afterSequence !== null ? { seq: { gt: afterSequence } } : {}) },
      orderBy: { seq: 'asc' },
      take: limit,
    })).map(toEntry),
});

const chainTx = (tx: Prisma.TransactionClient): ChainTx => ({
  byEventId: async (tenantId, id) => {
    const r = await tx.auditEntry.findFirst({ where: { id, tenantId } });
    return r && toEntry(r);
  },
  lastHash: async (tenantId) =>
    (await tx.auditEntry.findFirst({ where: { tenantId }, orderBy: { seq: 'desc' }, select: { hash: true } }))?.hash ?? null,
  insert: (e) =>
    tx.auditEntry
      .create({
        data: {
          id: e.id, tenantId: e.tenant, actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId,
          payload: e.payload as Prisma.InputJsonObject, requestId: e.requestId, occurredAt: e.occurredAt, prevHash: e.prevHash, hash: e.hash,
        },
      })
      .then(toEntry, rethrowKnown),
});

export function createDb(prisma: PrismaClient): Db {
  return {
    audit: auditStore(prisma),
    withTenantChain: (tenantId, fn) =>
      prisma.$transaction(
        async (tx) => {
          // Transaction-scoped: released at commit or rollback, so a crashed append never leaves it held.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_SPACE}::int4, hashtext(${tenantId}))`;
          return fn(chainTx(tx));
        },
        // Appends of one tenant queue on the lock, each holding a pooled connection while it waits.
        { maxWait: 10_000, timeout: 15_000 },
      ),
  };
}
