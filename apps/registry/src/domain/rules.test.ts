import { describe, expect, test } from 'vitest';
import { assertAliasName, assertDescription, assertModelName, assertSha256, assertTask, assertVersionNumber, parseVersionSelector } from './rules.ts';

const code = (fn: () => unknown) => {
  try { fn(); return 'OK'; } catch (e) { return (e as { code: string }).code; }
};

describe('model names', () => {
  test.each(['a', '0', 'fraud-v1', 'my.model_2', 'a'.repeat(63)])('accepts %s', (n) => expect(assertModelName(n)).toBe(n));
  test.each(['', 'A', 'Fraud', '-x', '.x', '_x', 'a b', 'a/b', 'ü', 'a'.repeat(64)])('refuses %j with INVALID_ARGUMENT naming the field', (n) => {
    expect(code(() => assertModelName(n))).toBe('INVALID_ARGUMENT');
    expect(() => assertModelName(n, 'model')).toThrow(/^model: /);
  });
});

describe('alias names', () => {
  test.each(['production', 'staging', 'canary-2', 'a', 'a'.repeat(63)])('accepts %s', (n) => expect(assertAliasName(n)).toBe(n));
  // Digits would be read as a version number by the OIP rule, so an alias never starts with one.
  test.each(['', '1', '2fast', 'Production', '-x', 'a b', 'a'.repeat(64)])('refuses %j', (n) => expect(code(() => assertAliasName(n))).toBe('INVALID_ARGUMENT'));
});

describe('task, description, sha256, version numbers', () => {
  test('task is trimmed, 1..64 characters', () => {
    expect(assertTask('  classification ')).toBe('classification');
    expect(code(() => assertTask('   '))).toBe('INVALID_ARGUMENT');
    expect(code(() => assertTask('x'.repeat(65)))).toBe('INVALID_ARGUMENT');
    expect(assertTask('x'.repeat(64))).toHaveLength(64);
  });
  test('description is optional, at most 2000 characters', () => {
    expect(assertDescription(undefined)).toBe('');
    expect(assertDescription(null)).toBe('');
    expect(assertDescription('d'.repeat(2000))).toHaveLength(2000);
    expect(code(() => assertDescription('d'.repeat(2001)))).toBe('INVALID_ARGUMENT');
  });
  test('sha256 is 64 hex characters, lower-cased', () => {
    expect(assertSha256('AB'.repeat(32))).toBe('ab'.repeat(32));
    expect(code(() => assertSha256('ab'.repeat(31)))).toBe('INVALID_ARGUMENT');
    expect(code(() => assertSha256('zz'.repeat(32)))).toBe('INVALID_ARGUMENT');
  });
  test('version numbers are positive int32', () => {
    expect(assertVersionNumber(1)).toBe(1);
    for (const n of [0, -1, 1.5, 2 ** 31]) expect(code(() => assertVersionNumber(n))).toBe('INVALID_ARGUMENT');
  });
});

describe("OIP's model_version rule", () => {
  test('empty means the production alias', () => expect(parseVersionSelector('')).toEqual({ kind: 'alias', alias: 'production' }));
  test('digits mean that version number', () => {
    expect(parseVersionSelector('1')).toEqual({ kind: 'number', number: 1 });
    expect(parseVersionSelector('0042')).toEqual({ kind: 'number', number: 42 });
  });
  test('any other string is an alias name', () => {
    expect(parseVersionSelector('staging')).toEqual({ kind: 'alias', alias: 'staging' });
    expect(parseVersionSelector('v2')).toEqual({ kind: 'alias', alias: 'v2' });
  });
  test('numbers that name no version are NOT_FOUND', () => {
    expect(code(() => parseVersionSelector('0'))).toBe('NOT_FOUND');
    expect(code(() => parseVersionSelector('99999999999999999999'))).toBe('NOT_FOUND');
  });
});
