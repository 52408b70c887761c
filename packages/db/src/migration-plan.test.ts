import { describe, test } from 'vitest';
import { planMigrations } from './migration-plan.ts';
import { sha256Hex, type LocalMigration } from './migrations-dir.ts';
import type { MigrationRow } from './migrations-table.ts';

const local = (name: string, sql = `-- ${name}\n`): LocalMigration => ({ name, sql, checksum: sha256Hex(sql) });
const row = (m: LocalMigration, over: Partial<MigrationRow> = {}): MigrationRow => ({
  id: 'id',
  checksum: m.checksum,
  migrationName: m.name,
  startedAt: new Date(0),
  finishedAt: new Date(1),
  rolledBackAt: null,
  appliedStepsCount: 1,
  logs: null,
  ...over,
});
const [a, b, c] = [local('1_a'), local('2_b'), local('3_c')] as [LocalMigration, LocalMigration, LocalMigration];

describe('planMigrations', () => {
  test('when some are applied, then the rest are pending in folder order', ({ expect }) => {
    expect(planMigrations([a, b, c], [row(a)])).toEqual({ pending: [b, c], unknown: [] });
  });

  test('when a row was rolled back, then that migration is pending again', ({ expect }) => {
    expect(planMigrations([a], [row(a, { rolledBackAt: new Date(2), finishedAt: null })]).pending).toEqual([a]);
  });

  test('when the database knows a migration this folder lacks, then it is reported, not refused', ({ expect }) => {
    expect(planMigrations([a], [row(a), row(b)])).toEqual({ pending: [], unknown: ['2_b'] });
  });

  test('when a file changed only in its line endings, then it is not edited', ({ expect }) => {
    const crlf = { ...a, sql: a.sql.replaceAll('\n', '\r\n') };
    expect(planMigrations([crlf], [row(a)]).pending).toEqual([]);
  });

  test('when an applied file changed, or a failed row exists, then it refuses', ({ expect }) => {
    expect(() => planMigrations([{ ...a, sql: 'x' }], [row(a)])).toThrow(/1_a were edited/);
    expect(() => planMigrations([a, b], [row(a), row(b, { finishedAt: null })])).toThrow(/failed migration\(s\) 2_b/);
  });
});
