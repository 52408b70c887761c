import { checksumMatches, type LocalMigration } from './migrations-dir.ts';
import type { MigrationRow } from './migrations-table.ts';

export interface MigrationPlan {
  pending: LocalMigration[];
  /** Applied in the database but absent here: a newer release ran them; not an error for an older replica. */
  unknown: string[];
}

/**
 * Decides what to apply, refusing what `prisma migrate` would also refuse: a migration recorded as failed
 * (P3009), or an applied migration whose file changed since. Rows marked rolled back count as not applied.
 */
export function planMigrations(local: LocalMigration[], rows: MigrationRow[]): MigrationPlan {
  const live = rows.filter((r) => r.rolledBackAt === null);
  const failed = live.filter((r) => r.finishedAt === null);
  if (failed.length) {
    const names = failed.map((r) => r.migrationName).join(', ');
    throw new Error(
      `Refusing to migrate: _prisma_migrations records failed migration(s) ${names} (Prisma P3009). ` +
        'Repair the database, then mark each one rolled back or applied (prisma migrate resolve).',
    );
  }
  const applied = new Map(live.map((r) => [r.migrationName, r]));
  const edited = local.filter((m) => {
    const row = applied.get(m.name);
    return row !== undefined && !checksumMatches(m.sql, row.checksum);
  });
  if (edited.length) {
    throw new Error(
      `Refusing to migrate: applied migration(s) ${edited.map((m) => m.name).join(', ')} were edited after they ` +
        'ran (checksum differs from _prisma_migrations). Restore the file and add a new migration instead.',
    );
  }
  const localNames = new Set(local.map((m) => m.name));
  return {
    pending: local.filter((m) => !applied.has(m.name)),
    unknown: [...applied.keys()].filter((name) => !localNames.has(name)),
  };
}
