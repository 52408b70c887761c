import { DomainError } from './errors.ts';

/** Largest `first` a Relay connection accepts (ARCHITECTURE: `first` bounded 1..100). */
export const MAX_PAGE_SIZE = 100;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<N> {
  edges: Array<{ cursor: string; node: N }>;
  pageInfo: PageInfo;
}

/** `first` checked against 1..MAX_PAGE_SIZE; INVALID_ARGUMENT (GraphQL BAD_USER_INPUT) otherwise. */
export function pageSize(first: number | null | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new DomainError('INVALID_ARGUMENT', `first must be an integer between 1 and ${MAX_PAGE_SIZE} (got ${String(first)})`);
  }
  return n;
}

/**
 * An opaque cursor: base64url of `<kind>:<value>`. The kind makes a cursor from another list (or a
 * hand-written one) fail loudly instead of paging from a random place.
 */
export const encodeCursor = (kind: string, value: string | bigint): string => Buffer.from(`${kind}:${value}`, 'utf8').toString('base64url');

/** The value inside a cursor of this kind; undefined for no cursor; INVALID_ARGUMENT for a malformed one. */
export function decodeCursor(kind: string, cursor: string | null | undefined): string | undefined {
  if (cursor === null || cursor === undefined || cursor === '') return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(`${kind}:`) || text.length === kind.length + 1) throw new DomainError('INVALID_ARGUMENT', 'after is not a valid cursor for this list');
  return text.slice(kind.length + 1);
}

/**
 * Builds a connection from up to `first + 1` rows fetched in page order (the extra row only says that a
 * next page exists).
 */
export function toConnection<R, N>(rows: readonly R[], first: number, cursorOf: (row: R) => string, nodeOf: (row: R) => N): Connection<N> {
  const page = rows.slice(0, first);
  const edges = page.map((r) => ({ cursor: cursorOf(r), node: nodeOf(r) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
