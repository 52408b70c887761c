import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root: the nearest folder above this module that holds nx.json. */
export function repoRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No nx.json found above ${from}: is this inside the Mizan repository?`);
  }
}

/** Absolute path of `prisma/<service>` (schema.prisma, prisma.config.ts, migrations/). */
export function resolvePrismaDir(service: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`Not a service name: ${JSON.stringify(service)}`);
  const dir = path.join(repoRoot(), 'prisma', service);
  if (!existsSync(path.join(dir, 'schema.prisma'))) throw new Error(`No Prisma schema for service "${service}" at ${dir}`);
  return dir;
}

export interface ServicePaths {
  service: string;
  dir: string;
  schemaPath: string;
  migrationsDir: string;
}

export function servicePaths(service: string): ServicePaths {
  const dir = resolvePrismaDir(service);
  return { service, dir, schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
}

/** Every service that owns data: each folder under prisma/ with a schema.prisma, sorted. */
export async function listServices(): Promise<string[]> {
  const root = path.join(repoRoot(), 'prisma');
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(path.join(root, e.name, 'schema.prisma')))
    .map((e) => e.name)
    .sort();
}
