import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded.ts';

/**
 * A port that is free now, picked below Linux's ephemeral range (32768+): ports handed out for port 0 and
 * for outgoing connections come from that range, so a port chosen here and bound a moment later by a child
 * process is not taken in between by another test's server or client socket. Held open until released so
 * that one set never contains the same port twice.
 */
export async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const s = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      s.once('error', () => resolve(false));
      s.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(true));
    });
    if (ok) return { port, release: () => new Promise<void>((r) => s.close(() => r())) };
  }
  throw new Error('no free port found between 20000 and 32000');
}

/** A TCP port on 127.0.0.1 that was free a moment ago (below the ephemeral range, see holdPort). */
export async function freePort(): Promise<number> {
  const h = await holdPort();
  await h.release();
  return h.port;
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
