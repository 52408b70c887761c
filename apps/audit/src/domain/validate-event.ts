import { DomainError } from '@mizan/service-kit';
import type { AuditEvent, AuditEventInput, Json } from './audit-entry.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TEXT = 256;
const MAX_PAYLOAD_BYTES = 64 * 1024;
// PostgreSQL text and jsonb refuse NUL; jsonb also refuses unpaired surrogates. Refusing them here turns
// what would be a database error into INVALID_ARGUMENT.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this pattern looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Timestamps PostgreSQL and toISOString() both accept with four-digit years.
const MIN_TIME = Date.parse('0001-01-01T00:00:00Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

const invalid = (message: string) => new DomainError('INVALID_ARGUMENT', message);

function text(field: string, value: string, opts: { required: boolean }): string {
  if (opts.required && value.trim() === '') throw invalid(`${field} must not be empty`);
  if (value.length > MAX_TEXT) throw invalid(`${field} must be at most ${MAX_TEXT} characters`);
  if (UNSTORABLE.test(value)) throw invalid(`${field} contains a NUL or an unpaired surrogate`);
  return value;
}

function storable(value: Json, path: string): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) throw invalid(`payload${path} contains a NUL or an unpaired surrogate`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => storable(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE.test(k)) throw invalid(`payload${path} has a key with a NUL or an unpaired surrogate`);
      storable(v, `${path}.${k}`);
    }
  }
}

function payloadOf(json: string): { [key: string]: Json } {
  if (Buffer.byteLength(json, 'utf8') > MAX_PAYLOAD_BYTES) throw invalid(`payload_json must be at most ${MAX_PAYLOAD_BYTES} bytes`);
  let value: Json;
  try {
    value = JSON.parse(json) as Json;
  } catch {
    throw invalid('payload_json is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('payload_json must be a JSON object');
  storable(value, '');
  return value;
}

/** Checks an event and returns it in the form the chain hashes and stores; INVALID_ARGUMENT names the bad field. */
export function validateEvent(input: AuditEventInput): AuditEvent {
  if (!UUID.test(input.id)) throw invalid('id must be a UUID');
  if (!input.occurredAt || Number.isNaN(input.occurredAt.getTime())) throw invalid('occurred_at is required');
  const t = input.occurredAt.getTime();
  if (t < MIN_TIME || t > MAX_TIME) throw invalid('occurred_at must be between years 1 and 9999');
  return {
    // PostgreSQL returns uuids in lower case; hashing the stored form keeps the chain verifiable.
    id: input.id.toLowerCase(),
    tenant: text('tenant', input.tenant, { required: true }),
    actor: text('actor', input.actor, { required: true }),
    action: text('action', input.action, { required: true }),
    entityType: text('entity_type', input.entityType, { required: true }),
    entityId: text('entity_id', input.entityId, { required: true }),
    payload: payloadOf(input.payloadJson),
    requestId: text('request_id', input.requestId, { required: false }),
    occurredAt: new Date(t),
  };
}
