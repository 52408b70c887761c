// Pure input rules of the registry; each throws DomainError naming the bad field.
import { DomainError } from '@mizan/service-kit';

const MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
// Starts with a letter: an all-digit alias would be shadowed by OIP's "digits mean a version number".
const ALIAS_NAME = /^[a-z][a-z0-9._-]{0,62}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_TASK_CHARS = 64;
export const MAX_DESCRIPTION_CHARS = 2000;
/** The alias OIP serves when model_version is empty. */
export const DEFAULT_ALIAS = 'production';

export const isModelName = (s: string): boolean => MODEL_NAME.test(s);
export const isUuid = (s: string): boolean => UUID.test(s);
export const isSha256 = (s: string): boolean => SHA256.test(s);

export function assertModelName(name: string, field = 'name'): string {
  if (!MODEL_NAME.test(name)) {
    throw new DomainError('INVALID_ARGUMENT', `${field}: "${name}" is not a valid model name (lower-case letters, digits, '.', '_' and '-', 1 to 63 characters, starting with a letter or digit)`);
  }
  return name;
}

export function assertAliasName(alias: string): string {
  if (!ALIAS_NAME.test(alias)) {
    throw new DomainError('INVALID_ARGUMENT', `alias: "${alias}" is not a valid alias (lower-case letters, digits, '.', '_' and '-', 1 to 63 characters, starting with a letter)`);
  }
  return alias;
}

export function assertTask(task: string): string {
  const t = task.trim();
  if (t.length === 0 || t.length > MAX_TASK_CHARS) throw new DomainError('INVALID_ARGUMENT', `task: must be 1 to ${MAX_TASK_CHARS} characters`);
  return t;
}

export function assertDescription(description: string | null | undefined): string {
  const d = description ?? '';
  if (d.length > MAX_DESCRIPTION_CHARS) throw new DomainError('INVALID_ARGUMENT', `description: must be at most ${MAX_DESCRIPTION_CHARS} characters`);
  return d;
}

/** Lower-cases a hex sha256 and checks its shape. */
export function assertSha256(sha: string, field = 'sha256'): string {
  const s = sha.trim().toLowerCase();
  if (!SHA256.test(s)) throw new DomainError('INVALID_ARGUMENT', `${field}: expected 64 hex characters of a sha256`);
  return s;
}

export function assertVersionNumber(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new DomainError('INVALID_ARGUMENT', `version: must be a positive integer, got ${n}`);
  return n;
}

/** OIP's model_version: empty = the `production` alias, digits = that version number, anything else = an alias name. */
export type VersionSelector = { kind: 'number'; number: number } | { kind: 'alias'; alias: string };

export function parseVersionSelector(version: string): VersionSelector {
  const v = version.trim();
  if (v === '') return { kind: 'alias', alias: DEFAULT_ALIAS };
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    // "0" or a number past int32 names no version; NOT_FOUND is what a lookup of it would give.
    if (!Number.isSafeInteger(n) || n < 1 || n > 2_147_483_647) throw new DomainError('NOT_FOUND', `model version ${v} does not exist`);
    return { kind: 'number', number: n };
  }
  return { kind: 'alias', alias: v };
}
