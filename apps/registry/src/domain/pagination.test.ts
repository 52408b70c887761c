import { describe, expect, test } from 'vitest';
import { decodeCursor, encodeCursor, pageSize, toPage } from './pagination.ts';

describe('pagination', () => {
  test('first defaults to 20 and is bounded 1..100', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    for (const n of [0, 101, -3, 2.5]) expect(() => pageSize(n)).toThrow(/first/);
  });
  test('cursors round-trip and belong to one list', () => {
    expect(decodeCursor('model', encodeCursor('model', 'abc'))).toBe('abc');
    expect(decodeCursor('model', null)).toBeUndefined();
    expect(() => decodeCursor('version', encodeCursor('model', 'abc'))).toThrow(/cursor/);
    expect(() => decodeCursor('model', 'garbage')).toThrow(/cursor/);
  });
  test('a page of first+1 rows says there is a next page', () => {
    expect(toPage([1, 2, 3], 2, String)).toEqual({ items: [{ cursor: '1', node: 1 }, { cursor: '2', node: 2 }], hasNextPage: true, endCursor: '2' });
    expect(toPage([1], 2, String)).toEqual({ items: [{ cursor: '1', node: 1 }], hasNextPage: false, endCursor: '1' });
    expect(toPage([], 2, String)).toEqual({ items: [], hasNextPage: false, endCursor: null });
  });
});
