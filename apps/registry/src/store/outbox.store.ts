import { z } from 'zod';
import type { OutboxStore } from '../domain/ports.ts';
import type { AuditEvent } from '../domain/types.ts';
import type { Client, PrismaClient } from './prisma.ts';

export const AUDIT_TOPIC = 'audit';

const AuditEventJson = z.object({
  id: z.string(),
  tenant: z.string(),
  actor: z.string(),
  action: z.enum(['model.registered', 'model.version_added', 'model.alias_set']),
  entity_type: z.enum(['Model', 'ModelVersion']),
  entity_id: z.string(),
  payload: z.record(z.string(), z.unknown()),
  occurred_at: z.string(),
  request_id: z.string(),
});

export const outboxStore = (c: Client): OutboxStore => ({
  append: async (event) => {
    await c.outboxEvent.create({ data: { id: event.id, topic: AUDIT_TOPIC, payload: event as unknown as object } });
  },
});

export interface DrainResult {
  delivered: number;
  /** The first event that could not be delivered; the batch stops there so that order is kept. */
  failed?: { id: string; error: Error };
}

/** The relay's side of the outbox (not tenant-scoped: it carries every tenant's events to audit). */
export function outboxQueue(prisma: PrismaClient) {
  return {
    /**
     * Locks up to `limit` undelivered events, oldest first, skipping rows another relay holds
     * (FOR UPDATE SKIP LOCKED), delivers them in order and marks each delivered; a failure is recorded on
     * its row and ends the batch. The lock is held while delivering, which is what keeps two relays from
     * sending the same row at once; each delivery has its own deadline, so the hold is bounded.
     */
    drainBatch: (limit: number, deliver: (e: AuditEvent) => Promise<void>, timeoutMs: number): Promise<DrainResult> =>
      prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ id: string; payload: unknown }>>`
          SELECT id::text AS id, payload FROM outbox_events
          WHERE delivered_at IS NULL AND topic = ${AUDIT_TOPIC}
          ORDER BY created_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED`;
        let delivered = 0;
        for (const row of rows) {
          try {
            await deliver(AuditEventJson.parse(row.payload) as AuditEvent);
          } catch (e) {
            const error = e instanceof Error ? e : new Error(String(e));
            await tx.$executeRaw`UPDATE outbox_events SET attempts = attempts + 1, last_error = ${error.message.slice(0, 1000)} WHERE id = ${row.id}::uuid`;
            return { delivered, failed: { id: row.id, error } };
          }
          await tx.$executeRaw`UPDATE outbox_events SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ${row.id}::uuid`;
          delivered++;
        }
        return { delivered };
      }, { timeout: timeoutMs, maxWait: 10_000 }),

    /** How far behind the relay is: undelivered events and the age of the oldest, in seconds. */
    backlog: async (): Promise<{ pending: number; oldestSeconds: number }> => {
      const [r] = await prisma.$queryRaw<Array<{ pending: bigint; oldest: number | null }>>`
        SELECT count(*) AS pending, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest
        FROM outbox_events WHERE delivered_at IS NULL`;
      return { pending: Number(r?.pending ?? 0), oldestSeconds: Math.max(0, r?.oldest ?? 0) };
    },
  };
}
export type OutboxQueue = ReturnType<typeof outboxQueue>;
