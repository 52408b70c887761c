import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';

// The one query the engine runs when it connects (schema exists, version, version number), measured with
// schema-engine-wasm 8.1.0-2. Answering it as PostgreSQL 15.0 keeps generated SQL within what 15 accepts.
const PROBE = /^SELECT EXISTS\(SELECT 1 FROM pg_namespace WHERE nspname = \$1\), version\(\)/;
const PROBE_RESULT: SqlResultSet = {
  columnNames: ['exists', 'version', 'numeric_version'],
  columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
  rows: [[true, 'PostgreSQL 15.0 (offline)', 150000]],
};

function refuse(what: string): never {
  throw new Error(`The offline schema engine adapter has no database; the engine asked to ${what}`);
}

function offlineAdapter(): SqlDriverAdapter {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    queryRaw: async (query: SqlQuery) => (PROBE.test(query.sql.trim()) ? PROBE_RESULT : refuse(`run: ${query.sql}`)),
    executeRaw: async (query: SqlQuery) => refuse(`run: ${query.sql}`),
    executeScript: async () => refuse('run a script'),
    startTransaction: async () => refuse('start a transaction'),
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => undefined,
  };
}

/** For engine calls that need no database (a diff from empty to a schema): no connection is ever made. */
export function offlineAdapterFactory(): SqlMigrationAwareDriverAdapterFactory & { close(): Promise<void> } {
  return {
    close: async () => undefined,
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => offlineAdapter(),
    connectToShadowDb: async () => offlineAdapter(),
  };
}
