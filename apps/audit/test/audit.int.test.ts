import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { auditV1 } from '@mizan/protos';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { event, otherIssuer, startTestAudit, type TestAudit } from './support.ts';

let t: TestAudit;
beforeAll(async () => { t = await startTestAudit(); });
afterAll(async () => { await t?.close(); });

const ENTRIES = `query($entityType: String, $entityId: ID, $first: Int, $after: String) {
  auditEntries(entityType: $entityType, entityId: $entityId, first: $first, after: $after) {
    edges { cursor node { id sequence actor action entityType entityId payload requestId occurredAt recordedAt prevHash hash } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const CHAIN = '{ auditChain { ok entries brokenAt } }';
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Model { id auditEntries { edges { node { id action entityId } } } }
  ... on ModelVersion { id auditEntries { edges { node { id action entityId } } } }
} }`;

const GENESIS = '0'.repeat(64);

describe('Append, then read back through GraphQL', () => {
  test.concurrent('an appended event comes back with every field, newest first, linked to the previous one', async () => {
    const tenant = await t.tenant();
    const first = event(tenant.id, { payloadJson: '{"b":{"y":[1,2],"x":null},"a":"é"}' });
    const second = event(tenant.id, { action: 'model.updated', entityId: first.entityId });
    const r1 = await t.append(first);
    const r2 = await t.append(second);
    expect(r1.duplicate).toBe(false);
    expect(r2.sequence).toBeGreaterThan(r1.sequence);
    expect(r1.hash).toMatch(/^[0-9a-f]{64}$/);

    const { status: code, body } = await t.gql(ENTRIES, {}, tenant.token);
    expect(code).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = body.data.auditEntries.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.id)).toEqual([second.id, first.id]);
    expect(nodes[1]).toMatchObject({
      id: first.id, sequence: Number(r1.sequence), actor: first.actor, action: first.action, entityType: 'Model', entityId: first.entityId,
      payload: { a: 'é', b: { x: null, y: [1, 2] } }, requestId: first.requestId, occurredAt: '2026-01-31T12:00:00.123Z', prevHash: GENESIS, hash: r1.hash,
    });
    expect(Date.parse(nodes[1].recordedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(nodes[0]).toMatchObject({ prevHash: r1.hash, hash: r2.hash });
    expect(body.data.auditEntries.pageInfo).toEqual({ hasNextPage: false, endCursor: body.data.auditEntries.edges[1].cursor });
  });

  test.concurrent('filters by entity and pages with cursors', async () => {
    const tenant = await t.tenant();
    const entityId = randomUUID();
    const events = [0, 1, 2, 3, 4].map((i) => event(tenant.id, { entityId, payloadJson: JSON.stringify({ i }) }));
    for (const e of events) await t.append(e);
    await t.append(event(tenant.id, { entityType: 'ModelVersion' }));

    const page1 = await t.gql(ENTRIES, { entityType: 'Model', entityId, first: 2 }, tenant.token);
    expect(page1.body.data.auditEntries.edges.map((e: any) => e.node.payload.i)).toEqual([4, 3]);
    expect(page1.body.data.auditEntries.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gql(ENTRIES, { entityType: 'Model', entityId, first: 2, after: page1.body.data.auditEntries.pageInfo.endCursor }, tenant.token);
    expect(page2.body.data.auditEntries.edges.map((e: any) => e.node.payload.i)).toEqual([2, 1]);
    const page3 = await t.gql(ENTRIES, { entityType: 'Model', entityId, first: 2, after: page2.body.data.auditEntries.pageInfo.endCursor }, tenant.token);
    expect(page3.body.data.auditEntries.edges.map((e: any) => e.node.payload.i)).toEqual([0]);
    expect(page3.body.data.auditEntries.pageInfo.hasNextPage).toBe(false);

    const versions = await t.gql(ENTRIES, { entityType: 'ModelVersion' }, tenant.token);
    expect(versions.body.data.auditEntries.edges).toHaveLength(1);
  });

  test.concurrent('a bad page size or cursor is BAD_USER_INPUT', async () => {
    const tenant = await t.tenant();
    for (const variables of [{ first: 0 }, { first: 101 }, { after: 'garbage!' }, { after: Buffer.from('experiment:1').toString('base64url') }]) {
      const r = await t.gql(ENTRIES, variables, tenant.token);
      expect(r.body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('deduplication', () => {
  test.concurrent('a redelivered event id returns the first entry with duplicate = true and writes nothing', async () => {
    const tenant = await t.tenant();
    const e = event(tenant.id);
    const first = await t.append(e);
    const again = await t.append({ ...e, payloadJson: '{"other":1}' });
    expect(again).toEqual({ sequence: first.sequence, hash: first.hash, duplicate: true });
    const r = await t.gql(ENTRIES, {}, tenant.token);
    expect(r.body.data.auditEntries.edges).toHaveLength(1);
    expect(r.body.data.auditEntries.edges[0].node.payload).toEqual({ name: 'fraud' });
  });

  test.concurrent('an upper-case redelivery of the same id is the same event', async () => {
    const tenant = await t.tenant();
    const e = event(tenant.id);
    const first = await t.append(e);
    expect(await t.append({ ...e, id: e.id.toUpperCase() })).toMatchObject({ sequence: first.sequence, duplicate: true });
  });

  test.concurrent("an event id already used in another tenant's chain is ALREADY_EXISTS", async () => {
    const [a, b] = [await t.tenant(), await t.tenant()];
    const e = event(a.id);
    await t.append(e);
    await expect(t.append({ ...e, tenant: b.id })).rejects.toMatchObject({ code: status.ALREADY_EXISTS });
    expect((await t.gql(CHAIN, {}, b.token)).body.data.auditChain.entries).toBe(0);
  });
});

describe('the hash chain', () => {
  test.concurrent('verifies, and after a row is tampered with in the database reports where it broke', async () => {
    const tenant = await t.tenant();
    const events = [0, 1, 2].map((i) => event(tenant.id, { payloadJson: JSON.stringify({ i, nested: { z: 1, a: 2 } }) }));
    for (const e of events) await t.append(e);
    expect((await t.gql(CHAIN, {}, tenant.token)).body.data.auditChain).toEqual({ ok: true, entries: 3, brokenAt: null });

    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      const { rowCount } = await client.query(`UPDATE audit_entries SET payload = '{"i": 100}'::jsonb WHERE id = $1`, [events[1]!.id]);
      expect(rowCount).toBe(1);
    } finally {
      await client.end();
    }
    expect((await t.gql(CHAIN, {}, tenant.token)).body.data.auditChain).toEqual({ ok: false, entries: 3, brokenAt: events[1]!.id });
  });

  test.concurrent('concurrent appends of one tenant keep one linear chain', async () => {
    const tenant = await t.tenant();
    const n = 30;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => t.append(event(tenant.id, { payloadJson: JSON.stringify({ i }) }))));
    expect(results.every((r) => !r.duplicate)).toBe(true);

    const r = await t.gql(ENTRIES, { first: 100 }, tenant.token);
    const nodes = r.body.data.auditEntries.edges.map((e: any) => e.node).reverse();
    expect(nodes).toHaveLength(n);
    expect(new Set(nodes.map((x: any) => x.prevHash)).size).toBe(n);
    expect(nodes[0].prevHash).toBe(GENESIS);
    for (let i = 1; i < n; i++) expect(nodes[i].prevHash).toBe(nodes[i - 1].hash);
    expect((await t.gql(CHAIN, {}, tenant.token)).body.data.auditChain).toEqual({ ok: true, entries: n, brokenAt: null });
  });

  test.concurrent("one tenant's appends do not enter another's chain", async () => {
    const [a, b] = [await t.tenant(), await t.tenant()];
    await Promise.all([t.append(event(a.id)), t.append(event(b.id)), t.append(event(a.id)), t.append(event(b.id))]);
    for (const x of [a, b]) {
      const nodes = (await t.gql(ENTRIES, {}, x.token)).body.data.auditEntries.edges.map((e: any) => e.node);
      expect(nodes.at(-1).prevHash).toBe(GENESIS);
      expect(nodes[0].prevHash).toBe(nodes[1].hash);
      expect((await t.gql(CHAIN, {}, x.token)).body.data.auditChain).toEqual({ ok: true, entries: 2, brokenAt: null });
    }
  });
});

describe('federation', () => {
  test.concurrent("Model.auditEntries holds the model's own events and those naming it in payload.modelId; ModelVersion's its own", async () => {
    const tenant = await t.tenant();
    const modelId = randomUUID();
    const versionId = randomUUID();
    const registered = event(tenant.id, { entityType: 'Model', entityId: modelId, action: 'model.registered' });
    const version = event(tenant.id, { entityType: 'ModelVersion', entityId: versionId, action: 'version.added', payloadJson: JSON.stringify({ modelId, number: 1 }) });
    const alias = event(tenant.id, { entityType: 'Alias', entityId: randomUUID(), action: 'alias.moved', payloadJson: JSON.stringify({ modelId, alias: 'production' }) });
    const unrelated = event(tenant.id, { entityType: 'Model', action: 'model.registered', payloadJson: JSON.stringify({ modelId: randomUUID() }) });
    for (const e of [registered, version, alias, unrelated]) await t.append(e);

    const r = await t.gql(ENTITIES, { r: [{ __typename: 'Model', id: modelId }, { __typename: 'ModelVersion', id: versionId }] }, tenant.token);
    expect(r.body.errors).toBeUndefined();
    const [model, modelVersion] = r.body.data._entities;
    expect(model.auditEntries.edges.map((e: any) => e.node.id)).toEqual([alias.id, version.id, registered.id]);
    expect(modelVersion.auditEntries.edges.map((e: any) => e.node.id)).toEqual([version.id]);
  });
});

describe('tenancy', () => {
  test.concurrent('another tenant sees none of the entries, not even through a known model id', async () => {
    const [owner, stranger] = [await t.tenant(), await t.tenant()];
    const modelId = randomUUID();
    await t.append(event(owner.id, { entityId: modelId }));
    await t.append(event(owner.id, { entityType: 'ModelVersion', payloadJson: JSON.stringify({ modelId }) }));

    const list = await t.gql(ENTRIES, { entityType: 'Model', entityId: modelId }, stranger.token);
    expect(list.body.data.auditEntries.edges).toEqual([]);
    const entities = await t.gql(ENTITIES, { r: [{ __typename: 'Model', id: modelId }] }, stranger.token);
    expect(entities.body.data._entities[0].auditEntries.edges).toEqual([]);
    expect((await t.gql(CHAIN, {}, stranger.token)).body.data.auditChain).toEqual({ ok: true, entries: 0, brokenAt: null });
    // The owner does see them, so the empty answers above are not an accident of the query.
    const own = await t.gql(ENTITIES, { r: [{ __typename: 'Model', id: modelId }] }, owner.token);
    expect(own.body.data._entities[0].auditEntries.edges).toHaveLength(2);
  });
});

describe('who may append', () => {
  test.concurrent('a user token is PERMISSION_DENIED and writes nothing', async () => {
    const tenant = await t.tenant();
    await expect(t.append(event(tenant.id), tenant.token)).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    expect((await t.gql(CHAIN, {}, tenant.token)).body.data.auditChain.entries).toBe(0);
  });

  test.concurrent('a missing, forged or expired token is UNAUTHENTICATED over gRPC', async () => {
    const tenant = await t.tenant();
    const forged = await (await otherIssuer()).sign({ sub: 'service:registry', tenant: '_system', roles: ['service'] });
    const expired = await t.issuer.sign({ sub: 'service:registry', tenant: '_system', roles: ['service'], ttlSeconds: -60 });
    for (const token of [null, forged, expired, 'not-a-jwt']) {
      await expect(t.append(event(tenant.id), token)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    }
    expect((await t.gql(CHAIN, {}, tenant.token)).body.data.auditChain.entries).toBe(0);
  });

  test.concurrent('a missing, forged or expired token is HTTP 401 with UNAUTHENTICATED over GraphQL', async () => {
    const forged = await (await otherIssuer()).sign({ sub: 'ada', tenant: 'acme' });
    const expired = await t.issuer.sign({ sub: 'ada', tenant: 'acme', ttlSeconds: -60 });
    for (const token of [undefined, forged, expired]) {
      const r = await t.gql(CHAIN, {}, token);
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(r.body.data ?? null).toBeNull();
    }
  });
});

describe('bad input', () => {
  const cases: Array<[string, (tenant: string) => Partial<auditV1.AuditEvent> | undefined, RegExp]> = [
    ['no event', () => undefined, /event is required/],
    ['a non-UUID id', (x) => event(x, { id: 'abc' }), /id must be a UUID/],
    ['an empty action', (x) => event(x, { action: '' }), /action must not be empty/],
    ['an empty entity type', (x) => event(x, { entityType: '' }), /entity_type must not be empty/],
    ['an empty entity id', (x) => event(x, { entityId: '' }), /entity_id must not be empty/],
    ['an empty tenant', () => event(''), /tenant must not be empty/],
    ['invalid payload JSON', (x) => event(x, { payloadJson: '{nope' }), /payload_json is not valid JSON/],
    ['a payload that is not an object', (x) => event(x, { payloadJson: '"text"' }), /payload_json must be a JSON object/],
    ['no occurred_at', (x) => ({ ...event(x), occurredAt: undefined }), /occurred_at is required/],
  ];
  test.concurrent.each(cases)('%s is INVALID_ARGUMENT naming the field, and nothing is written', async (_name, make, message) => {
    const tenant = await t.tenant();
    await expect(t.append(make(tenant.id))).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringMatching(message) });
    expect((await t.gql(CHAIN, {}, tenant.token)).body.data.auditChain.entries).toBe(0);
  });
});

describe('operations', () => {
  test.concurrent('/readyz checks the database; /metrics counts appends', async () => {
    const ready = await fetch(`${t.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true } } });
    const tenant = await t.tenant();
    await t.append(event(tenant.id));
    const metrics = await (await fetch(`${t.base}/metrics`)).text();
    expect(metrics).toMatch(/mizan_audit_events_appended_total\{duplicate="false",service="audit"\} [1-9]/);
  });
});
