import { DomainError } from '@mizan/service-kit';
import type { Page } from './types.ts';

export const MAX_PAGE = 100;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

/** `first` bounded 1..100 (default 20), else INVALID_ARGUMENT. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw new DomainError('INVALID_ARGUMENT', `first: must be between 1 and ${MAX_PAGE}, got ${n}`);
  return n;
}

/** Cursors are opaque: base64url of `<kind>:<key>`, so a cursor of one list is refused by another. */
export const encodeCursor = (kind: string, key: string | number): string => Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');

export function decodeCursor(kind: string, cursor: string | null | undefined): string | undefined {
  if (cursor == null || cursor === '') return undefined;
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith(`${kind}:`) || raw.length === kind.length + 1) throw new DomainError('INVALID_ARGUMENT', 'after: not a cursor of this list');
  return raw.slice(kind.length + 1);
}

/** Builds a page from `first + 1` rows fetched in order (the extra row only says there is a next page). */
export function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return { items, hasNextPage: rows.length > first, endCursor: items.at(-1)?.cursor ?? null };
}
