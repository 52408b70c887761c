import type { InferenceWindow, WindowIncrement } from '../domain/inference-window.ts';
import type { StatsQuery, StatsStore } from '../domain/ports.ts';
import { truncateToMinute } from '../domain/window-increments.ts';
import { Prisma, type PrismaClient } from './generated/client.ts';

// 8 parameters a row: well under PostgreSQL's 65,535 bind parameters a statement.
const ROWS_PER_STATEMENT = 1_000;

const toWindow = (r: Prisma.InferenceStatGetPayload<object>): InferenceWindow => ({
  model: r.model, version: r.version, windowStart: r.windowStart, count: r.count, errors: r.errors, latencySecondsSum: r.latencySecondsSum,
});

// A `since` inside a minute includes that minute's window: windows are the finest grain there is.
const where = (tenantId: string, q: StatsQuery): Prisma.InferenceStatWhereInput => ({
  tenantId,
  model: q.model,
  ...(q.version !== undefined ? { version: q.version } : {}),
  ...(q.since !== undefined ? { windowStart: { gte: truncateToMinute(q.since) } } : {}),
});

function upsert(rows: readonly WindowIncrement[]): Prisma.Sql {
  const values = rows.map(
    (r) => Prisma.sql`(${r.tenantId}, ${r.model}, ${r.version}::int4, ${r.windowStart}::timestamptz, ${r.count}::int8, ${r.errors}::int8, ${r.latencySecondsSum}::float8, now())`,
  );
  return Prisma.sql`
    INSERT INTO inference_stats (tenant_id, model, version, window_start, count, errors, latency_seconds_sum, updated_at)
    VALUES ${Prisma.join(values)}
    ON CONFLICT (tenant_id, model, version, window_start) DO UPDATE SET
      count = inference_stats.count + EXCLUDED.count,
      errors = inference_stats.errors + EXCLUDED.errors,
      latency_seconds_sum = inference_stats.latency_seconds_sum + EXCLUDED.latency_seconds_sum,
      updated_at = EXCLUDED.updated_at`;
}

export function createStatsStore(prisma: PrismaClient): StatsStore {
  return {
    async increment(rows) {
      const chunks: WindowIncrement[][] = [];
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) chunks.push(rows.slice(i, i + ROWS_PER_STATEMENT));
      if (chunks.length === 1) {
        await prisma.$executeRaw(upsert(chunks[0]!));
        return;
      }
      await prisma.$transaction(async (tx) => {
        for (const chunk of chunks) await tx.$executeRaw(upsert(chunk));
      });
    },
    async windows(tenantId, q, limit) {
      const rows = await prisma.inferenceStat.findMany({ where: where(tenantId, q), orderBy: [{ windowStart: 'desc' }, { version: 'desc' }], take: limit });
      return rows.reverse().map(toWindow);
    },
    async total(tenantId, q) {
      const r = await prisma.inferenceStat.aggregate({ where: where(tenantId, q), _sum: { count: true } });
      return r._sum.count ?? 0n;
    },
  };
}
