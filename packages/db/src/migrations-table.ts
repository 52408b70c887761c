import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { LocalMigration } from './migrations-dir.ts';

/** Prisma's own DDL for PostgreSQL (prisma-engines sql-migration-connector), so `prisma migrate` reads our rows. */
export const MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrationRow {
  id: string;
  checksum: string;
  migrationName: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  appliedStepsCount: number;
  logs: string | null;
}

/** Creates `_prisma_migrations` in the connection's schema unless it exists. Call it under the migration lock. */
export async function ensureMigrationsTable(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ found: string | null }>(`SELECT to_regclass('_prisma_migrations')::text AS found`);
  if (rows[0]?.found == null) await client.query(MIGRATIONS_TABLE_DDL);
}

export async function readMigrationRows(client: pg.ClientBase): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    `SELECT id, checksum, migration_name AS "migrationName", started_at AS "startedAt", finished_at AS "finishedAt",
            rolled_back_at AS "rolledBackAt", applied_steps_count AS "appliedStepsCount", logs
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
  return rows;
}

/**
 * Records a migration as Prisma does once it succeeded: a random UUID id, the checksum, `applied_steps_count` 1
 * and no logs. Inside the migration's transaction `now()` is when it started and `clock_timestamp()` when it ended.
 */
export async function recordApplied(client: pg.ClientBase, migration: LocalMigration): Promise<void> {
  await client.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count, logs)
     VALUES ($1, $2, $3, now(), clock_timestamp(), 1, NULL)`,
    [randomUUID(), migration.checksum, migration.name],
  );
}
