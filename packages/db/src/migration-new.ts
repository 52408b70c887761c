import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCKFILE, LOCKFILE_CONTENT, readMigrationsFolder } from './migrations-dir.ts';
import type { ServicePaths } from './repo.ts';
import { diffEmptyToSchema, diffMigrationsToSchema } from './schema-engine.ts';

/** Prisma's folder timestamp: UTC `YYYYMMDDHHMMSS`. */
export function migrationTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export interface NewMigrationInput {
  paths: ServicePaths;
  name: string;
  /** Needed once migrations exist: they are replayed into a shadow database on this server. */
  adminUrl?: string;
  now?: Date;
}

/**
 * Writes `<migrations>/<timestamp>_<name>/migration.sql` with the SQL that takes the existing migrations to
 * the schema (the first one is the diff from empty, made offline), and the lockfile if missing.
 * Refuses when the migrations already match the schema.
 */
export async function newMigration(input: NewMigrationInput): Promise<{ dir: string; sql: string }> {
  const { paths, adminUrl } = input;
  const slug = input.name.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!slug) throw new Error(`Not a usable migration name: ${JSON.stringify(input.name)}`);
  const folder = await readMigrationsFolder(paths.migrationsDir);
  let sql: string;
  if (folder.migrations.length === 0) {
    sql = await diffEmptyToSchema({ schemaPath: paths.schemaPath });
  } else {
    if (!adminUrl) throw new Error('An admin database URL is needed to replay the existing migrations');
    const diff = await diffMigrationsToSchema({ schemaPath: paths.schemaPath, migrationsDir: paths.migrationsDir, adminUrl });
    if (!diff.drift) throw new Error(`The migrations of ${paths.service} already match its schema: nothing to write`);
    sql = diff.script;
  }
  const dir = path.join(paths.migrationsDir, `${migrationTimestamp(input.now ?? new Date())}_${slug}`);
  if (existsSync(dir)) throw new Error(`${dir} exists already`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), sql);
  if (folder.lockfile === null) await writeFile(path.join(paths.migrationsDir, LOCKFILE), LOCKFILE_CONTENT);
  return { dir, sql };
}
