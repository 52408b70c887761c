import { servicePaths } from './repo.ts';
import { diffMigrationsToSchema } from './schema-engine.ts';

export interface MigrationCheck {
  service: string;
  drift: boolean;
  /** The SQL a new migration would need; empty when there is no drift. */
  script: string;
  ms: number;
}

/** Replays each service's migrations into a shadow database on `adminUrl` and diffs them with its schema. */
export async function checkMigrations(adminUrl: string, services: string[]): Promise<MigrationCheck[]> {
  const results: MigrationCheck[] = [];
  for (const service of services) {
    const { schemaPath, migrationsDir } = servicePaths(service);
    const started = performance.now();
    const { drift, script } = await diffMigrationsToSchema({ schemaPath, migrationsDir, adminUrl });
    results.push({ service, drift, script: drift ? script : '', ms: Math.round(performance.now() - started) });
  }
  return results;
}
