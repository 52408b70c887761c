import type pg from 'pg';
import { withClient } from './databases.ts';
import { redactUrl } from './database-url.ts';
import { planMigrations } from './migration-plan.ts';
import { readMigrationsFolder, type LocalMigration } from './migrations-dir.ts';
import { ensureMigrationsTable, readMigrationRows, recordApplied } from './migrations-table.ts';

/** The key `prisma migrate` locks too, so this runner and Prisma's never migrate one database at once. */
export const MIGRATION_LOCK_KEY = 72707369;
const LOCK_NOT_AVAILABLE = '55P03';

export interface MigrateOptions {
  databaseUrl: string;
  migrationsDir: string;
  log?: (message: string) => void;
  /** How long to wait for another migrator (a replica starting at the same time) before failing. */
  lockTimeoutMs?: number;
}

/**
 * Applies pending migrations in order, each in one transaction together with its `_prisma_migrations` row,
 * under a session advisory lock (advisory locks are per database, so services do not wait on each other).
 */
export async function migrate(options: MigrateOptions): Promise<{ applied: string[] }> {
  const { databaseUrl, migrationsDir, log = () => undefined, lockTimeoutMs = 300_000 } = options;
  const folder = await readMigrationsFolder(migrationsDir);
  return withClient(databaseUrl, async (client) => {
    await lock(client, lockTimeoutMs, log);
    try {
      await ensureMigrationsTable(client);
      const plan = planMigrations(folder.migrations, await readMigrationRows(client));
      if (plan.unknown.length) log(`applied in the database but not found in ${migrationsDir}: ${plan.unknown.join(', ')}`);
      const applied: string[] = [];
      for (const migration of plan.pending) {
        const started = performance.now();
        await applyOne(client, migration);
        applied.push(migration.name);
        log(`applied ${migration.name} to ${redactUrl(databaseUrl)} in ${Math.round(performance.now() - started)} ms`);
      }
      return { applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  });
}

async function lock(client: pg.Client, timeoutMs: number, log: (message: string) => void): Promise<void> {
  const tried = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATION_LOCK_KEY]);
  if (tried.rows[0]?.ok) return;
  log('another migrator holds the migration lock; waiting');
  // lock_timeout covers advisory locks too; it is reset at once so it never applies to migration statements.
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
    throw new Error(`Timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock(${MIGRATION_LOCK_KEY}))`, {
      cause: error,
    });
  } finally {
    await client.query('RESET lock_timeout');
  }
}

// The script goes over the simple query protocol as one string, so it is never split on ';' inside literals.
async function applyOne(client: pg.Client, migration: LocalMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await recordApplied(client, migration);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back, nothing recorded: ${message}`, { cause: error });
  }
}
