import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import { engineAdapterFactory } from './engine-adapter.ts';
import { offlineAdapterFactory } from './offline-adapter.ts';
import { LOCKFILE, LOCKFILE_CONTENT, readMigrationsFolder } from './migrations-dir.ts';

type Engine = bg.SchemaEngine;
const NO_FILTERS: bg.SchemaFilter = { externalTables: [], externalEnums: [] };

let wasmReady: Promise<void> | undefined;

// The WebAssembly global is in Node but not in our `lib` (no DOM): the little of it used here, typed.
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: new () => Error;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Where the wasm records a Rust panic's message before it traps (the Prisma CLI installs the same object). */
interface PanicRegistry {
  message: string;
  set_message(message: string): void;
}
const panics = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
/** Engine calls under way: a panic traps outside their promises, which would otherwise never settle. */
const inFlight = new Set<(error: Error) => void>();

/**
 * The package's own entry imports the .wasm as an ES module, which Node cannot do, and the file is not in its
 * exports map: instantiate it next to `schema_engine_bg.js` and hand its exports to the bindings. The bindings
 * hold the instance in module state, so this runs once per process.
 */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    panics.PRISMA_WASM_PANIC_REGISTRY ??= {
      message: '',
      set_message(message: string) {
        this.message = message;
        for (const fail of inFlight) fail(new Error(`The schema engine panicked: ${message}`));
      },
    };
    const bindings = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(bindings), 'schema_engine_bg.wasm'));
    const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/**
 * A panic inside an engine callback traps outside any promise, as an uncaught `RuntimeError: unreachable`;
 * this returns (and clears) the Rust message of the last one, for a process-level handler to report.
 */
export function takeEnginePanic(): string | undefined {
  const registry = panics.PRISMA_WASM_PANIC_REGISTRY;
  const message = registry?.message || undefined;
  if (registry) registry.message = '';
  return message;
}

export interface EngineOptions {
  /** Receives the engine's JSON log lines. */
  log?: (line: string) => void;
}

async function withEngine<T>(
  schemaPath: string,
  factory: SqlMigrationAwareDriverAdapterFactory & { close(): Promise<void> },
  options: EngineOptions,
  fn: (engine: Engine, files: bg.SchemaContainer[]) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const files = [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }];
  const log = options.log ?? (() => undefined);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await bg.SchemaEngine.new({ datamodels: files.map((f): [string, string] => [f.path, f.content]) }, log, adapter)
    .catch(async (error: unknown) => {
      await factory.close();
      throw withAdapterCause(error, adapter.errorRegistry);
    });
  let fail: (error: Error) => void = () => undefined;
  const panicked = new Promise<never>((_, reject) => (fail = reject));
  inFlight.add(fail);
  try {
    return await Promise.race([fn(engine, files), panicked]);
  } catch (error) {
    throw withAdapterCause(error, adapter.errorRegistry);
  } finally {
    inFlight.delete(fail);
    try {
      engine.free();
    } catch {
      // after a panic the instance may be unusable; it is dropped either way
    }
    await factory.close();
  }
}

/** The engine reports a JavaScript error from the adapter only as "External error id#N": put the original back. */
function withAdapterCause(error: unknown, registry: ErrorRegistry): unknown {
  const panic = error instanceof wasm.RuntimeError ? takeEnginePanic() : undefined;
  if (panic) return new Error(`The schema engine panicked: ${panic}`, { cause: error });
  const id = error instanceof Error ? /External error id#(\d+)/.exec(error.message)?.[1] : undefined;
  const original = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  if (!(error instanceof Error) || original === undefined) return error;
  const detail = original instanceof Error ? original.message : JSON.stringify(original);
  return new Error(`${error.message.trim()}: ${detail}`, { cause: original });
}

async function migrationList(migrationsDir: string): Promise<bg.MigrationList> {
  const folder = await readMigrationsFolder(migrationsDir);
  return {
    baseDir: path.resolve(migrationsDir),
    // A service without migrations yet has no lockfile either; the engine needs one to pick the connector.
    lockfile: { path: LOCKFILE, content: folder.lockfile ?? LOCKFILE_CONTENT },
    shadowDbInitScript: '',
    migrationDirectories: folder.migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
    })),
  };
}

/** The SQL that creates the schema's tables in an empty database (what the first migration holds). */
export async function diffEmptyToSchema(input: { schemaPath: string } & EngineOptions): Promise<string> {
  return withEngine(input.schemaPath, offlineAdapterFactory(), input, async (engine, files) => {
    const result = await engine.diff({ from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files }, script: true, exitCode: true, filters: NO_FILTERS });
    return result.stdout ?? '';
  });
}

/**
 * Replays the migrations folder into a throwaway shadow database on the server of `adminUrl` and diffs the
 * result against the schema: `drift` is true when the migrations do not produce the schema, and `script` is
 * the SQL a new migration would need.
 */
export async function diffMigrationsToSchema(
  input: { schemaPath: string; migrationsDir: string; adminUrl: string } & EngineOptions,
): Promise<{ drift: boolean; script: string }> {
  const from: bg.DiffTarget = { tag: 'migrations', ...(await migrationList(input.migrationsDir)) };
  return withEngine(input.schemaPath, engineAdapterFactory(input.adminUrl), input, async (engine, files) => {
    const result = await engine.diff({ from, to: { tag: 'schemaDatamodel', files }, script: true, exitCode: true, filters: NO_FILTERS });
    return { drift: result.exitCode === 2, script: result.stdout ?? '' };
  });
}

/** Prisma's own view of a database's migration history against the folder (no shadow database). */
export async function diagnose(
  input: { databaseUrl: string; migrationsDir: string; schemaPath: string } & EngineOptions,
): Promise<bg.DiagnoseMigrationHistoryOutput> {
  const migrationsList = await migrationList(input.migrationsDir);
  return withEngine(input.schemaPath, engineAdapterFactory(input.databaseUrl), input, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
  );
}
