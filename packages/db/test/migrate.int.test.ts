import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, inject, test } from 'vitest';
import { databaseUrl } from '../src/database-url.ts';
import { dropDatabase, ensureDatabase, withClient } from '../src/databases.ts';
import { migrate } from '../src/migrate.ts';
import { sha256Hex } from '../src/migrations-dir.ts';
import { readMigrationRows } from '../src/migrations-table.ts';
import { servicePaths } from '../src/repo.ts';
import { diagnose } from '../src/schema-engine.ts';
import { createTestDatabase } from '../src/testing/index.ts';
import { removeTempDirs, schemaBeside, tempMigrations } from './support.ts';

const adminUrl = inject('adminDatabaseUrl');
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `mizan_test_migrate_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  created.push(name);
  return databaseUrl(adminUrl, name);
}

afterAll(async () => {
  for (const name of created) await dropDatabase(adminUrl, name);
  await removeTempDirs();
});

const FIRST = `CREATE TABLE "notes" ("id" UUID NOT NULL, "body" TEXT NOT NULL, CONSTRAINT "notes_pkey" PRIMARY KEY ("id"));
-- a ';' inside a literal must not split the script
INSERT INTO "notes" VALUES ('00000000-0000-7000-8000-000000000001', 'semi;colon');
`;
const SECOND = `SELECT pg_sleep(0.2);
ALTER TABLE "notes" ADD COLUMN "tag" TEXT;
`;

describe('migrate', () => {
  test.concurrent('applies pending migrations once and records them as Prisma does', async ({ expect }) => {
    const migrationsDir = await tempMigrations({ '20260101000000_first': FIRST, '20260102000000_second': SECOND });
    const url = await freshDatabase();

    expect(await migrate({ databaseUrl: url, migrationsDir })).toEqual({ applied: ['20260101000000_first', '20260102000000_second'] });
    expect(await migrate({ databaseUrl: url, migrationsDir })).toEqual({ applied: [] });

    const rows = await withClient(url, readMigrationRows);
    expect(rows.map((r) => r.migrationName)).toEqual(['20260101000000_first', '20260102000000_second']);
    for (const row of rows) {
      const file = await readFile(path.join(migrationsDir, row.migrationName, 'migration.sql'));
      expect(row).toMatchObject({ checksum: sha256Hex(file), appliedStepsCount: 1, logs: null, rolledBackAt: null });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
    }
    const body = await withClient(url, (c) => c.query<{ body: string }>('SELECT body FROM notes'));
    expect(body.rows).toEqual([{ body: 'semi;colon' }]);
    // Prisma's own engine reads the history as complete and unedited.
    expect(await diagnose({ databaseUrl: url, migrationsDir, schemaPath: schemaBeside(migrationsDir) })).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  test.concurrent('two migrators starting together apply each migration once', async ({ expect }) => {
    const migrationsDir = await tempMigrations({ '20260101000000_first': FIRST, '20260102000000_second': SECOND });
    const url = await freshDatabase();

    const [a, b] = await Promise.all([migrate({ databaseUrl: url, migrationsDir }), migrate({ databaseUrl: url, migrationsDir })]);

    expect([...a.applied, ...b.applied].sort()).toEqual(['20260101000000_first', '20260102000000_second']);
    expect(await withClient(url, readMigrationRows)).toHaveLength(2);
  });

  test.concurrent('refuses an applied migration whose file changed, and Prisma sees the same edit', async ({ expect }) => {
    const migrationsDir = await tempMigrations({ '20260101000000_first': FIRST });
    const url = await freshDatabase();
    await migrate({ databaseUrl: url, migrationsDir });

    await writeFile(path.join(migrationsDir, '20260101000000_first', 'migration.sql'), `${FIRST}-- edited\n`);

    await expect(migrate({ databaseUrl: url, migrationsDir })).rejects.toThrow(/20260101000000_first were edited/);
    expect((await diagnose({ databaseUrl: url, migrationsDir, schemaPath: schemaBeside(migrationsDir) })).editedMigrationNames).toEqual(['20260101000000_first']);
  });

  test.concurrent('refuses while a failed migration is recorded (Prisma P3009)', async ({ expect }) => {
    const migrationsDir = await tempMigrations({ '20260101000000_first': FIRST });
    const url = await freshDatabase();
    await migrate({ databaseUrl: url, migrationsDir });
    await withClient(url, (c) =>
      c.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, applied_steps_count) VALUES (gen_random_uuid(), 'x', '20260109000000_broken', 0)`),
    );

    await expect(migrate({ databaseUrl: url, migrationsDir })).rejects.toThrow(/failed migration\(s\) 20260109000000_broken.*P3009/);
  });

  test.concurrent('a failing migration is rolled back whole and not recorded', async ({ expect }) => {
    const migrationsDir = await tempMigrations({
      '20260101000000_first': FIRST,
      '20260102000000_bad': 'CREATE TABLE "half" ("id" INT);\nSELECT no_such_function();\n',
    });
    const url = await freshDatabase();

    await expect(migrate({ databaseUrl: url, migrationsDir })).rejects.toThrow(/20260102000000_bad failed and was rolled back/);

    const rows = await withClient(url, readMigrationRows);
    expect(rows.map((r) => r.migrationName)).toEqual(['20260101000000_first']);
    const half = await withClient(url, (c) => c.query(`SELECT to_regclass('half') AS t`));
    expect(half.rows).toEqual([{ t: null }]);
  });

  test.concurrent('the committed registry migrations apply, and Prisma agrees with the history', async ({ expect }) => {
    const db = await createTestDatabase({ adminUrl, service: 'registry' });
    try {
      const tables = await withClient(db.url, (c) =>
        c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`),
      );
      expect(tables.rows.map((r) => r.t)).toEqual([
        '_prisma_migrations', 'alias_events', 'aliases', 'model_versions', 'models', 'outbox_events', 'uploads',
      ]);
      const { migrationsDir, schemaPath } = servicePaths('registry');
      expect((await diagnose({ databaseUrl: db.url, migrationsDir, schemaPath })).history).toBeNull();
    } finally {
      await db.drop();
    }
  });
});
