import { randomBytes } from 'node:crypto';
import { databaseUrl } from '../database-url.ts';
import { dropDatabase, ensureDatabase, withClient } from '../databases.ts';
import { migrate } from '../migrate.ts';
import { servicePaths } from '../repo.ts';

const PREFIX = 'mizan_test_';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database named `mizan_test_<service>_<time>_<random>` on the server of `adminUrl`, with the
 * service's migrations applied through `migrate`. Pass `migrationsDir` to test other migrations.
 */
export async function createTestDatabase(input: { adminUrl: string; service: string; migrationsDir?: string }): Promise<TestDatabase> {
  const { adminUrl, service } = input;
  const slug = service.replace(/[^a-z0-9]+/g, '_').slice(0, 20);
  const name = `${PREFIX}${slug}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = databaseUrl(adminUrl, name);
  try {
    await migrate({ databaseUrl: url, migrationsDir: input.migrationsDir ?? servicePaths(service).migrationsDir });
  } catch (error) {
    await dropDatabase(adminUrl, name).catch(() => undefined);
    throw error;
  }
  return { url, name, drop: () => dropDatabase(adminUrl, name) };
}

/**
 * Drops test databases older than `maxAgeMs` (from the time in their name) that a crashed run left behind on
 * a shared server such as CI's. Newer ones may belong to a run in progress and stay.
 */
export async function dropStaleTestDatabases(adminUrl: string, maxAgeMs = 6 * 3600_000, now = Date.now()): Promise<string[]> {
  const { rows } = await withClient(adminUrl, (client) =>
    client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`),
  );
  const stale = rows
    .map((r) => r.datname)
    .filter((name) => {
      const born = Number.parseInt(name.split('_').at(-2) ?? '', 36);
      return Number.isFinite(born) && now - born > maxAgeMs;
    });
  for (const name of stale) await dropDatabase(adminUrl, name).catch(() => undefined);
  return stale;
}
