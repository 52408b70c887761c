import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded.ts';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * An embedded PostgreSQL in a new temporary folder on a free port, without fsync; `stop` deletes the folder.
 * For tests and checks that need a server and were given none.
 */
export async function startTemporaryPostgres(options: { log?: (line: string) => void } = {}): Promise<RunningPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mizan-pg-'));
  await chmod(dir, 0o755); // as root the server runs as the postgres user, who must enter it
  try {
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort(), durable: false, ...options });
    return {
      adminUrl: server.adminUrl,
      stop: async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
