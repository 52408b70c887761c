import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { databaseUrl } from '../src/database-url.ts';
import { dropDatabase, ensureDatabase, withClient } from '../src/databases.ts';
import { startEmbeddedPostgres } from '../src/embedded.ts';
import { freePort } from '../src/temporary-postgres.ts';

const root = await mkdtemp(path.join(os.tmpdir(), 'mizan-embedded-test-'));
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('embedded PostgreSQL', () => {
  test('keeps its data across a stop and a start, and ensureDatabase is idempotent', async ({ expect }) => {
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, durable: false });
    try {
      const created = await Promise.all([1, 2, 3, 4].map(() => ensureDatabase(first.adminUrl, 'mizan_kept')));
      expect(created.filter(Boolean)).toHaveLength(1);
      expect(await ensureDatabase(first.adminUrl, 'mizan_kept')).toBe(false);
      await withClient(databaseUrl(first.adminUrl, 'mizan_kept'), (c) => c.query(`CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')`));
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, port, durable: false });
    try {
      const rows = await withClient(databaseUrl(second.adminUrl, 'mizan_kept'), (c) => c.query('SELECT v FROM t'));
      expect(rows.rows).toEqual([{ v: 'kept' }]);
      const version = await withClient(second.adminUrl, (c) => c.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`));
      expect(Number(version.rows[0]!.v)).toBeGreaterThanOrEqual(180000);
      await dropDatabase(second.adminUrl, 'mizan_kept');
      await dropDatabase(second.adminUrl, 'mizan_kept');
    } finally {
      await second.stop();
    }
  });

  test('says clearly when its port is taken by another program', async ({ expect }) => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(root, 'other'), port })).rejects.toThrow(
        `Port ${port} on 127.0.0.1 is taken by another program`,
      );
    } finally {
      squatter.close();
    }
  });
});
