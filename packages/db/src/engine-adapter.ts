import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { databaseUrl } from './database-url.ts';
import { dropDatabase, ensureDatabase } from './databases.ts';

const CHAR_OID = 18; // PostgreSQL's one-byte "char": pg_class.relkind, pg_constraint.contype, ...
const TEXT_OID = 25;

interface FieldsResult {
  fields?: { dataTypeID: number }[];
}

/** Which result columns of a query (by its SQL text, so always the same) were "char". */
const charColumns = new Map<string, number[]>();

function relabelChar(sql: unknown, result: unknown): unknown {
  for (const r of (Array.isArray(result) ? result : [result]) as FieldsResult[]) {
    const found: number[] = [];
    r?.fields?.forEach((field, i) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      found.push(i);
    });
    if (found.length && typeof sql === 'string') charColumns.set(sql, found);
  }
  return result;
}

/**
 * adapter-pg 7.10.1 throws UnsupportedNativeDataType on "char" columns (OID 18), which the engine reads from
 * the catalogs when it diffs from a migrations folder. This client relabels them as text for the adapter
 * (their text form is already a one-character string) and notes where they were, so that `charAsCharacter`
 * can report them as ColumnTypeEnum.Character: the describer reads pg_constraint.contype with
 * `get_expect_char` and panics on text (seen on PostgreSQL 18, whose NOT NULL constraints are listed there).
 */
class CatalogCharClient extends pg.Client {}
const baseQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(CatalogCharClient.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const first = args[0];
  const sql = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback === 'function') {
    args[last] = (error: unknown, result: unknown) =>
      (callback as (e: unknown, r: unknown) => void)(error, error ? result : relabelChar(sql, result));
    return baseQuery.apply(this, args);
  }
  const out = baseQuery.apply(this, args);
  return out instanceof Promise ? out.then((result: unknown) => relabelChar(sql, result)) : out;
};

function charAsCharacter<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query.sql) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

/** adapter-pg splits scripts on every ';' (breaking string literals); one simple-protocol query runs it whole. */
function wholeScripts<A extends SqlDriverAdapter>(adapter: A): A {
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

async function connect(url: string): Promise<SqlDriverAdapter> {
  const adapter = charAsCharacter(wholeScripts(await new PrismaPg({ connectionString: url, Client: CatalogCharClient, max: 2 }).connect()));
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => charAsCharacter(await startTransaction(isolationLevel));
  return adapter;
}

/** Makes `dispose` idempotent, so the engine and `close` may both call it. */
function once(adapter: SqlDriverAdapter, cleanup: () => Promise<void> = async () => undefined): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  let disposed: Promise<void> | undefined;
  adapter.dispose = () => (disposed ??= dispose().finally(cleanup));
  return adapter;
}

export interface EngineAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Disposes every connection it made that the engine left open (it keeps its main one until the end). */
  close(): Promise<void>;
}

/**
 * The driver adapter factory the wasm schema engine gets. `adminUrl` names a role that may CREATE DATABASE:
 * adapter-pg's own `connectToShadowDb` creates a shadow database but then connects to the main one, so this
 * creates, connects to and finally drops (WITH (FORCE)) its own.
 */
export function engineAdapterFactory(mainUrl: string, adminUrl: string = mainUrl): EngineAdapterFactory {
  const open: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter) => (open.push(adapter), adapter);
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => track(once(await connect(mainUrl))),
    connectToShadowDb: async () => {
      const name = `mizan_shadow_${randomUUID().replaceAll('-', '')}`;
      await ensureDatabase(adminUrl, name);
      try {
        return track(once(await connect(databaseUrl(adminUrl, name)), () => dropDatabase(adminUrl, name)));
      } catch (error) {
        await dropDatabase(adminUrl, name).catch(() => undefined);
        throw error;
      }
    },
    close: async () => {
      await Promise.allSettled(open.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}
