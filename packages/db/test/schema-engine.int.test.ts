import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, describe, inject, test } from 'vitest';
import { newMigration } from '../src/migration-new.ts';
import { readMigrationsFolder } from '../src/migrations-dir.ts';
import { listServices, servicePaths } from '../src/repo.ts';
import { diffMigrationsToSchema } from '../src/schema-engine.ts';
import { removeTempDirs, tempMigrations, tempServiceCopy } from './support.ts';

const adminUrl = inject('adminDatabaseUrl');
const services = await listServices();
afterAll(removeTempDirs);

describe('schema engine', () => {
  test('every data-owning service has a schema', ({ expect }) => {
    expect(services).toEqual(['audit', 'experiment', 'monitoring', 'registry']);
  });

  test.concurrent.for(services)('the committed migrations of %s match its schema', async (service, { expect }) => {
    const { schemaPath, migrationsDir } = servicePaths(service);
    expect(await diffMigrationsToSchema({ schemaPath, migrationsDir, adminUrl })).toEqual({ drift: false, script: '-- This is an empty migration.\n' });
  });

  test.concurrent('an edited schema drifts from its migrations, and the next migration closes the gap', async ({ expect }) => {
    const copy = await tempServiceCopy('experiment');
    const schema = await readFile(copy.schemaPath, 'utf8');
    await writeFile(copy.schemaPath, schema.replace('  status    String\n', '  status    String\n  owner     String?\n'));

    const diff = await diffMigrationsToSchema({ ...copy, adminUrl });
    expect(diff.drift).toBe(true);
    expect(diff.script).toContain('ALTER TABLE "experiments" ADD COLUMN     "owner" TEXT;');

    const written = await newMigration({ paths: { service: 'experiment', ...copy }, name: 'add owner', adminUrl, now: new Date('2030-01-02T03:04:05Z') });
    expect(written.dir).toMatch(/20300102030405_add_owner$/);
    expect(await diffMigrationsToSchema({ ...copy, adminUrl })).toMatchObject({ drift: false });
    await expect(newMigration({ paths: { service: 'experiment', ...copy }, name: 'again', adminUrl })).rejects.toThrow(/already match/);
  });

  test.concurrent('replaying reads "char" catalog columns (CHECK constraints, foreign keys) without failing', async ({ expect }) => {
    const { schemaPath, migrationsDir } = servicePaths('registry');
    const original = (await readMigrationsFolder(migrationsDir)).migrations;
    const withCheck = await tempMigrations({
      ...Object.fromEntries(original.map((m) => [m.name, m.sql])),
      '20990101000000_check': `ALTER TABLE "models" ADD CONSTRAINT "models_name_check" CHECK (name <> ';');\n`,
    });
    expect(await diffMigrationsToSchema({ schemaPath, migrationsDir: withCheck, adminUrl })).toMatchObject({ drift: false });
  });
});
