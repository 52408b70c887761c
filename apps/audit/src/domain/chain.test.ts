import { describe, expect, test } from 'vitest';
import type { AuditEntry, AuditEvent } from './audit-entry.ts';
import { canonicalJson, entryHash, GENESIS_HASH, verifyChain } from './chain.ts';

const event: AuditEvent = {
  id: '0193a1b2-0000-7000-8000-000000000001',
  tenant: 'acme',
  actor: 'user:ada',
  action: 'model.registered',
  entityType: 'Model',
  entityId: '0193a1b2-0000-7000-8000-00000000000a',
  payload: { name: 'fraud', task: 'classification', nested: { b: 1, a: [1, 2, { z: true, y: null }] } },
  requestId: 'req-1',
  occurredAt: new Date('2026-01-31T12:00:00.123Z'),
};

function chainOf(events: AuditEvent[]): AuditEntry[] {
  let prev = GENESIS_HASH;
  return events.map((e, i) => {
    const hash = entryHash(prev, e);
    const entry = { ...e, sequence: BigInt(i + 1), recordedAt: new Date(), prevHash: prev, hash };
    prev = hash;
    return entry;
  });
}

describe('canonicalJson', () => {
  test('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"e":2,"f":1}]},"b":1}');
  });

  test('escapes strings and keys as JSON does', () => {
    expect(canonicalJson({ 'k"ey': 'line\nbreak', é: 'ü' })).toBe('{"k\\"ey":"line\\nbreak","é":"ü"}');
  });
});

describe('entryHash', () => {
  test('is 64 hex digits and deterministic', () => {
    const h = entryHash(GENESIS_HASH, event);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS_HASH, { ...event })).toBe(h);
  });

  test('does not depend on the order of payload keys', () => {
    const reordered = { ...event, payload: { nested: { a: [1, 2, { y: null, z: true }], b: 1 }, task: 'classification', name: 'fraud' } };
    expect(entryHash(GENESIS_HASH, reordered)).toBe(entryHash(GENESIS_HASH, event));
  });

  const changes: Array<[string, Partial<AuditEvent>]> = [
    ['id', { id: '0193a1b2-0000-7000-8000-000000000002' }],
    ['tenant', { tenant: 'acme2' }],
    ['actor', { actor: 'user:bob' }],
    ['action', { action: 'model.deleted' }],
    ['entityType', { entityType: 'ModelVersion' }],
    ['entityId', { entityId: 'other' }],
    ['payload value', { payload: { ...event.payload, name: 'fraud2' } }],
    ['payload nested value', { payload: { ...event.payload, nested: { b: 2, a: [1, 2, { z: true, y: null }] } } }],
    ['payload array order', { payload: { ...event.payload, nested: { b: 1, a: [2, 1, { z: true, y: null }] } } }],
    ['payload extra key', { payload: { ...event.payload, extra: null } }],
    ['requestId', { requestId: 'req-2' }],
    ['occurredAt', { occurredAt: new Date('2026-01-31T12:00:00.124Z') }],
  ];
  test.each(changes)('changes when %s changes', (_name, change) => {
    expect(entryHash(GENESIS_HASH, { ...event, ...change })).not.toBe(entryHash(GENESIS_HASH, event));
  });

  test('changes with the previous hash', () => {
    expect(entryHash('f'.repeat(64), event)).not.toBe(entryHash(GENESIS_HASH, event));
  });

  test('a value cannot move between fields unnoticed', () => {
    // Canonical JSON keeps field boundaries: "ab"+"c" and "a"+"bc" hash differently.
    expect(entryHash(GENESIS_HASH, { ...event, actor: 'ab', action: 'c' })).not.toBe(entryHash(GENESIS_HASH, { ...event, actor: 'a', action: 'bc' }));
  });
});

describe('verifyChain', () => {
  const events = [0, 1, 2, 3].map((i) => ({ ...event, id: `0193a1b2-0000-7000-8000-00000000000${i}`, payload: { i } }));

  test('an intact chain is ok', () => {
    expect(verifyChain(chainOf(events))).toEqual({ ok: true, entries: 4, brokenAt: null });
  });

  test('an empty chain is ok', () => {
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, brokenAt: null });
  });

  test('a changed payload breaks the chain at that entry', () => {
    const chain = chainOf(events);
    chain[2] = { ...chain[2]!, payload: { i: 99 } };
    expect(verifyChain(chain)).toEqual({ ok: false, entries: 4, brokenAt: events[2]!.id });
  });

  test('a removed entry breaks the chain at the next one', () => {
    const chain = chainOf(events);
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: events[2]!.id });
  });

  test('a rehashed entry still breaks the link to its successor', () => {
    const chain = chainOf(events);
    const forged = { ...chain[1]!, payload: { i: 42 } };
    chain[1] = { ...forged, hash: entryHash(forged.prevHash, forged) };
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: events[2]!.id });
  });

  test('a first entry that does not start at the genesis hash is broken', () => {
    const chain = chainOf(events).slice(1);
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: events[1]!.id });
  });
});
