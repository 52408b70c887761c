import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, inject, test } from 'vitest';
import { withClient } from '../src/databases.ts';
import { repoRoot, resolvePrismaDir } from '../src/repo.ts';
import { createTestDatabase, dropStaleTestDatabases } from '../src/testing/index.ts';

const adminUrl = inject('adminDatabaseUrl');

describe('test support', () => {
  test('resolvePrismaDir finds prisma/<service> from the repository root', ({ expect }) => {
    expect(resolvePrismaDir('audit')).toBe(path.join(repoRoot(), 'prisma', 'audit'));
    expect(existsSync(path.join(repoRoot(), 'nx.json'))).toBe(true);
    expect(() => resolvePrismaDir('nope')).toThrow(/No Prisma schema for service "nope"/);
  });

  test.concurrent('createTestDatabase gives a migrated database of its own, and drop removes it', async ({ expect }) => {
    const [one, two] = await Promise.all([
      createTestDatabase({ adminUrl, service: 'audit' }),
      createTestDatabase({ adminUrl, service: 'audit' }),
    ]);
    expect(one.name).not.toBe(two.name);
    const count = await withClient(one.url, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM audit_entries'));
    expect(count.rows).toEqual([{ n: '0' }]);
    await Promise.all([one.drop(), two.drop()]);
    const left = await withClient(adminUrl, (c) => c.query('SELECT 1 FROM pg_database WHERE datname = ANY($1)', [[one.name, two.name]]));
    expect(left.rowCount).toBe(0);
  });

  test.concurrent('dropStaleTestDatabases leaves databases of runs in progress alone', async ({ expect }) => {
    const db = await createTestDatabase({ adminUrl, service: 'monitoring' });
    try {
      expect(await dropStaleTestDatabases(adminUrl)).not.toContain(db.name);
    } finally {
      await db.drop();
    }
  });
});
