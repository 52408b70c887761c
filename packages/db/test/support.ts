import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LOCKFILE, LOCKFILE_CONTENT } from '../src/migrations-dir.ts';
import { resolvePrismaDir } from '../src/repo.ts';

const made: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders this module made; for `afterAll`. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A schema with no models, for engine calls that need one but do not compare it (diagnose). */
export const EMPTY_SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n';

/**
 * A migrations folder in a temp dir holding `files` (folder name → migration.sql), with a model-less
 * schema.prisma beside it (`schemaBeside`).
 */
export async function tempMigrations(files: Record<string, string>): Promise<string> {
  const dir = path.join(await tempDir('mizan-migrations-'), 'migrations');
  await mkdir(dir);
  await writeFile(schemaBeside(dir), EMPTY_SCHEMA);
  await writeFile(path.join(dir, LOCKFILE), LOCKFILE_CONTENT);
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

/** A copy of prisma/<service> (schema, config, migrations) in a temp dir, to edit freely. */
export async function tempServiceCopy(service: string): Promise<{ dir: string; schemaPath: string; migrationsDir: string }> {
  const dir = path.join(await tempDir('mizan-prisma-'), service);
  await cp(resolvePrismaDir(service), dir, { recursive: true });
  return { dir, schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
}

export const schemaBeside = (migrationsDir: string): string => path.join(path.dirname(migrationsDir), 'schema.prisma');
