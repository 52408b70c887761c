// Vitest globalSetup: gives every test file of the project `inject('adminDatabaseUrl')`, a URL of a role that
// may create and drop databases. TEST_DATABASE_URL when set (CI: the machine's PostgreSQL 15), else a
// temporary embedded PostgreSQL 18 on a free port, stopped and deleted in teardown.
import type { TestProject } from 'vitest/node';
import { startTemporaryPostgres } from '../temporary-postgres.ts';
import { dropStaleTestDatabases } from './create-test-database.ts';
import './provided-context.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    await dropStaleTestDatabases(given);
    project.provide('adminDatabaseUrl', given);
    return async () => undefined;
  }
  const server = await startTemporaryPostgres();
  project.provide('adminDatabaseUrl', server.adminUrl);
  return () => server.stop();
}
