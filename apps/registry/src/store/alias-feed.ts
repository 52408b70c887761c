import pg from 'pg';
import type { Logger } from '@mizan/service-kit';
import type { AliasFeed, AliasSubscription } from '../domain/ports.ts';
import type { AliasChange } from '../domain/types.ts';
import { ALIAS_CHANNEL } from './alias.store.ts';
import { toAliasChange, toVersion, withModelName } from './mappers.ts';
import type { PrismaClient } from './prisma.ts';

class Subscription implements AliasSubscription {
  private pending = false;
  private wake: (() => void) | undefined;

  constructor(private readonly onClose: (s: Subscription) => void) {}

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  wait(signal: AbortSignal, pollMs: number): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  close(): void {
    this.wake?.();
    this.onClose(this);
  }
}

/**
 * The cross-tenant alias log with change notifications from Postgres LISTEN/NOTIFY on a dedicated
 * connection (replicas learn of each other's moves without Redis). The connection is re-opened with
 * back-off when it drops; every subscriber is woken then, since notifications may have been missed.
 */
export function createAliasFeed(prisma: PrismaClient, databaseUrl: string, log: Logger): AliasFeed & { start(): Promise<void>; stop(): Promise<void>; listening(): boolean } {
  const subs = new Set<Subscription>();
  let client: pg.Client | undefined;
  let stopped = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | undefined;
  const wakeAll = () => { for (const s of subs) s.notify(); };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'mizan-registry-alias-listener' });
    c.on('notification', (n) => { if (n.channel === ALIAS_CHANNEL) wakeAll(); });
    c.on('error', (err) => { log.warn({ err }, 'alias LISTEN connection failed; reconnecting'); reconnect(c); });
    c.on('end', () => reconnect(c));
    await c.connect();
    await c.query(`LISTEN ${ALIAS_CHANNEL}`);
    client = c;
    retryMs = 500;
    wakeAll();
  }

  function reconnect(c: pg.Client): void {
    if (client !== c && client !== undefined) return;
    client = undefined;
    c.removeAllListeners('end');
    void c.end().catch(() => undefined);
    schedule();
  }

  function schedule(): void {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch((err: unknown) => {
        log.warn({ err, retryMs }, 'alias LISTEN connection failed; retrying');
        retryMs = Math.min(retryMs * 2, 30_000);
        schedule();
      });
    }, retryMs);
    timer.unref();
  }

  async function changesOf(events: Array<{ revision: bigint; tenantId: string; modelName: string; alias: string; deleted: boolean; versionId: string }>): Promise<AliasChange[]> {
    if (events.length === 0) return [];
    const ids = [...new Set(events.map((e) => e.versionId))];
    // Cross-tenant on purpose: the stream is for service identities, and the version id is the event's own.
    const versions = new Map((await prisma.modelVersion.findMany({ where: { id: { in: ids } }, include: withModelName })).map((v) => [v.id, toVersion(v)]));
    return events.flatMap((e) => {
      const v = versions.get(e.versionId);
      return v ? [toAliasChange(e.revision, e, v)] : [];
    });
  }

  return {
    async start() {
      stopped = false;
      try {
        await connect();
      } catch (err) {
        log.warn({ err }, 'alias LISTEN connection failed at start; WatchAliases polls until it is back');
        schedule();
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      c?.removeAllListeners('end');
      await c?.end().catch(() => undefined);
      wakeAll();
    },
    listening: () => client !== undefined,

    snapshot: () =>
      prisma.$transaction(async (tx) => {
        const agg = await tx.aliasEvent.aggregate({ _max: { revision: true } });
        const revision = agg._max.revision ?? 0n;
        const rows = await tx.alias.findMany({ include: { model: { select: { name: true } }, version: { include: withModelName } }, orderBy: [{ tenantId: 'asc' }, { modelId: 'asc' }, { name: 'asc' }] });
        const aliases = rows.map((a) => toAliasChange(revision, { tenantId: a.tenantId, modelName: a.model.name, alias: a.name, deleted: false }, toVersion(a.version)));
        return { revision, aliases };
      }, { isolationLevel: 'RepeatableRead', timeout: 30_000 }),

    after: async (revision, limit) =>
      changesOf(await prisma.aliasEvent.findMany({ where: { revision: { gt: revision } }, orderBy: { revision: 'asc' }, take: limit })),

    latestRevision: async () => (await prisma.aliasEvent.aggregate({ _max: { revision: true } }))._max.revision ?? 0n,

    subscribe() {
      const s = new Subscription((x) => subs.delete(x));
      subs.add(s);
      return s;
    },
  };
}
