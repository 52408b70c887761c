import './provided-context.ts';

export { createTestDatabase, dropStaleTestDatabases, type TestDatabase } from './create-test-database.ts';
