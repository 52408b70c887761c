import { describe, expect, test } from 'vitest';
import type { AuditEventInput } from './audit-entry.ts';
import { validateEvent } from './validate-event.ts';

const good: AuditEventInput = {
  id: '0193A1B2-0000-7000-8000-000000000001',
  tenant: 'acme',
  actor: 'user:ada',
  action: 'model.registered',
  entityType: 'Model',
  entityId: 'm-1',
  payloadJson: '{"name":"fraud"}',
  requestId: '',
  occurredAt: new Date('2026-01-31T12:00:00Z'),
};

describe('validateEvent', () => {
  test('accepts a good event, lower-cases the id and parses the payload', () => {
    expect(validateEvent(good)).toEqual({ ...good, id: good.id.toLowerCase(), payloadJson: undefined, payload: { name: 'fraud' } });
  });

  const bad: Array<[string, Partial<AuditEventInput>, RegExp]> = [
    ['a non-UUID id', { id: 'not-a-uuid' }, /^id must be a UUID/],
    ['an empty tenant', { tenant: '' }, /^tenant must not be empty/],
    ['an empty actor', { actor: ' ' }, /^actor must not be empty/],
    ['an empty action', { action: '' }, /^action must not be empty/],
    ['an empty entity type', { entityType: '' }, /^entity_type must not be empty/],
    ['an empty entity id', { entityId: '' }, /^entity_id must not be empty/],
    ['an over-long action', { action: 'a'.repeat(257) }, /^action must be at most 256/],
    ['a NUL in a field', { actor: 'a\u0000b' }, /^actor contains a NUL/],
    ['invalid JSON', { payloadJson: '{"a":' }, /^payload_json is not valid JSON/],
    ['an empty payload', { payloadJson: '' }, /^payload_json is not valid JSON/],
    ['a JSON array payload', { payloadJson: '[1]' }, /^payload_json must be a JSON object/],
    ['a JSON null payload', { payloadJson: 'null' }, /^payload_json must be a JSON object/],
    ['a NUL inside the payload', { payloadJson: '{"a":{"b":["x\\u0000"]}}' }, /^payload\.a\.b\[0\] contains a NUL/],
    ['an unpaired surrogate in a payload key', { payloadJson: '{"\\ud800":1}' }, /^payload has a key/],
    ['a huge payload', { payloadJson: JSON.stringify({ a: 'x'.repeat(70_000) }) }, /^payload_json must be at most/],
    ['no occurred_at', { occurredAt: undefined }, /^occurred_at is required/],
    ['an invalid occurred_at', { occurredAt: new Date(Number.NaN) }, /^occurred_at is required/],
    ['an occurred_at before year 1', { occurredAt: new Date('0000-12-31T23:59:59Z') }, /^occurred_at must be between years 1 and 9999/],
    ['an occurred_at after year 9999', { occurredAt: new Date('+010000-01-01T00:00:00Z') }, /^occurred_at must be between years 1 and 9999/],
  ];
  test('accepts occurred_at at both ends of the range PostgreSQL and ISO strings share', () => {
    expect(validateEvent({ ...good, occurredAt: new Date('0001-01-01T00:00:00Z') }).occurredAt.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(validateEvent({ ...good, occurredAt: new Date('9999-12-31T23:59:59.999Z') }).occurredAt.toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  test.each(bad)('refuses %s with INVALID_ARGUMENT', (_name, change, message) => {
    expect(() => validateEvent({ ...good, ...change })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });
});
