import PgBoss from 'pg-boss';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '@mizan/service-kit';
import type { RelayKick } from '../domain/ports.ts';
import type { AuditEvent } from '../domain/types.ts';
import type { OutboxQueue } from '../store/outbox.store.ts';

const QUEUE = 'registry-audit-relay';
const BATCH = 50;
const DELIVERY_DEADLINE_MS = 5_000;

export interface AuditRelayOptions {
  databaseUrl: string;
  outbox: OutboxQueue;
  deliver: (e: AuditEvent) => Promise<void>;
  log: Logger;
  registry: Registry;
}

export interface AuditRelay extends RelayKick {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Relays outbox events to audit with pg-boss in the registry's own database (schema `pgboss`).
 * The queue is `stately`: at most one drain job waits and one runs, across every replica, so a burst of
 * mutations costs one drain, and drains never overlap. A failed drain is retried by pg-boss with
 * exponential back-off; a cron job every minute and a drain at start-up catch anything left behind.
 */
export function createAuditRelay(o: AuditRelayOptions): AuditRelay {
  const boss = new PgBoss({
    connectionString: o.databaseUrl,
    schema: 'pgboss',
    application_name: 'mizan-registry-relay',
    max: 4,
  });
  boss.on('error', (err) => o.log.error({ err }, 'pg-boss error'));
  const delivered = new Counter({ name: 'mizan_registry_audit_events_delivered_total', help: 'Audit events delivered from the outbox', registers: [o.registry] });
  const failures = new Counter({ name: 'mizan_registry_audit_relay_failures_total', help: 'Failed audit deliveries (retried later)', registers: [o.registry] });
  let workerId: string | undefined;
  let started = false;

  async function drain(): Promise<void> {
    for (;;) {
      const r = await o.outbox.drainBatch(BATCH, o.deliver, BATCH * DELIVERY_DEADLINE_MS + 10_000);
      delivered.inc(r.delivered);
      if (r.failed) {
        failures.inc();
        o.log.warn({ eventId: r.failed.id, err: r.failed.error.message }, 'audit delivery failed; will retry');
        throw r.failed.error; // pg-boss retries the job with back-off
      }
      if (r.delivered < BATCH) return;
    }
  }

  return {
    async start() {
      await boss.start();
      await boss.createQueue(QUEUE, { name: QUEUE, policy: 'stately', retryLimit: 12, retryDelay: 1, retryBackoff: true, expireInSeconds: 15 * 60 });
      workerId = await boss.work(QUEUE, { pollingIntervalSeconds: 2, batchSize: 1 }, drain);
      await boss.schedule(QUEUE, '* * * * *', {});
      started = true;
      this.kick(); // events left by a previous run
    },
    kick() {
      if (!started) return;
      boss
        .send(QUEUE, {})
        .then(() => { if (workerId) boss.notifyWorker(workerId); })
        .catch((err: unknown) => o.log.warn({ err }, 'could not enqueue the audit relay job; the minute cron will'));
    },
    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
