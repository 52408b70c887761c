import { status } from '@grpc/grpc-js';
import type { monitoringV1 } from '@mizan/protos';
import { createMemoryIssuer } from '@mizan/service-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { count, startTestMonitoring, type TestMonitoring } from './support.ts';

let t: TestMonitoring;
beforeAll(async () => { t = await startTestMonitoring(); });
afterAll(async () => { await t?.close(); });

const STATS = `query($model: String!, $since: DateTime, $version: Int) {
  inferenceStats(model: $model, since: $since, version: $version) { model version windowStart count errors meanLatencySeconds }
}`;
const ENTITY = `query($r: [_Any!]!, $since: DateTime, $version: Int) { _entities(representations: $r) {
  ... on Model { name total: inferenceCount recent: inferenceCount(since: $since) inferenceStats(since: $since, version: $version) { version windowStart count } }
} }`;

const stats = async (token: string, variables: Record<string, unknown>) => {
  const r = await t.gql(STATS, variables, token);
  expect(r.body.errors).toBeUndefined();
  return r.body.data.inferenceStats as Array<{ model: string; version: number; windowStart: string; count: number; errors: number; meanLatencySeconds: number | null }>;
};

describe('RecordInferences, then read back', () => {
  test.concurrent('a recorded count comes back per minute, through the query and the Model entity', async () => {
    const tenant = await t.tenant();
    const res = await t.record([
      count(tenant.id, { count: 4n, errors: 1n, latencySecondsSum: 0.2 }),
      count(tenant.id, { version: 2, count: 6n, errors: 0n, latencySecondsSum: 0.6, windowStart: new Date('2026-01-31T12:01:59.999Z') }),
      count(tenant.id, { model: 'other', count: 100n }),
    ]);
    expect(res.accepted).toBe(3n);

    expect(await stats(tenant.token, { model: 'fraud' })).toEqual([
      { model: 'fraud', version: 1, windowStart: '2026-01-31T12:00:00.000Z', count: 4, errors: 1, meanLatencySeconds: 0.05 },
      { model: 'fraud', version: 2, windowStart: '2026-01-31T12:01:00.000Z', count: 6, errors: 0, meanLatencySeconds: expect.closeTo(0.1, 12) },
    ]);
    expect((await stats(tenant.token, { model: 'fraud', version: 2 })).map((w) => w.count)).toEqual([6]);
    expect((await stats(tenant.token, { model: 'fraud', since: '2026-01-31T12:01:30Z' })).map((w) => w.version)).toEqual([2]);
    expect(await stats(tenant.token, { model: 'nothing-here' })).toEqual([]);

    const e = await t.gql(ENTITY, { r: [{ __typename: 'Model', name: 'fraud' }], since: '2026-01-31T12:01:00Z' }, tenant.token);
    expect(e.body.errors).toBeUndefined();
    expect(e.body.data._entities).toEqual([
      { name: 'fraud', total: 10, recent: 6, inferenceStats: [{ version: 2, windowStart: '2026-01-31T12:01:00.000Z', count: 6 }] },
    ]);
  });

  test.concurrent('counts accumulate across calls in one window, also when calls race', async () => {
    const tenant = await t.tenant();
    await t.record([count(tenant.id, { windowStart: new Date('2026-01-31T12:00:01Z') })]);
    await t.record([count(tenant.id, { windowStart: new Date('2026-01-31T12:00:58Z') })]);
    await Promise.all(Array.from({ length: 10 }, () => t.record([count(tenant.id, { count: 1n, errors: 0n, latencySecondsSum: 0.1 }), count(tenant.id, { version: 3, count: 2n, errors: 0n })])));
    const windows = await stats(tenant.token, { model: 'fraud' });
    expect(windows.map((w) => [w.version, w.count, w.errors])).toEqual([[1, 30, 2], [3, 20, 0]]);
    expect(windows[0]!.meanLatencySeconds).toBeCloseTo(2 / 30, 12);
  });

  test.concurrent('a call larger than one statement is recorded whole', async () => {
    const tenant = await t.tenant();
    const start = Date.parse('2026-01-01T00:00:00Z');
    const counts = Array.from({ length: 2_500 }, (_, i) => count(tenant.id, { count: 1n, errors: 0n, windowStart: new Date(start + i * 60_000) }));
    expect((await t.record(counts)).accepted).toBe(2_500n);
    const e = await t.gql(ENTITY, { r: [{ __typename: 'Model', name: 'fraud' }] }, tenant.token);
    expect(e.body.data._entities[0].total).toBe(2_500);
    expect(e.body.data._entities[0].inferenceStats).toHaveLength(2_500);
  });

  test.concurrent('an empty call accepts nothing', async () => {
    expect((await t.record([])).accepted).toBe(0n);
  });
});

describe('tenancy', () => {
  test.concurrent("another tenant sees 0 for a model it shares a name with", async () => {
    const [owner, stranger] = [await t.tenant(), await t.tenant()];
    await t.record([count(owner.id, { count: 7n })]);
    const r = await t.gql(ENTITY, { r: [{ __typename: 'Model', name: 'fraud' }] }, stranger.token);
    expect(r.body.data._entities).toEqual([{ name: 'fraud', total: 0, recent: 0, inferenceStats: [] }]);
    expect(await stats(stranger.token, { model: 'fraud' })).toEqual([]);
    expect((await stats(owner.token, { model: 'fraud' })).map((w) => w.count)).toEqual([7]);
  });
});

describe('who may record', () => {
  test.concurrent('a user token is PERMISSION_DENIED and records nothing', async () => {
    const tenant = await t.tenant();
    await expect(t.record([count(tenant.id)], tenant.token)).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    expect(await stats(tenant.token, { model: 'fraud' })).toEqual([]);
  });

  test.concurrent('a missing, forged or expired token is UNAUTHENTICATED over gRPC', async () => {
    const tenant = await t.tenant();
    const forged = await (await createMemoryIssuer()).sign({ sub: 'service:inference', tenant: '_system', roles: ['service'] });
    const expired = await t.issuer.sign({ sub: 'service:inference', tenant: '_system', roles: ['service'], ttlSeconds: -60 });
    for (const token of [null, forged, expired]) {
      await expect(t.record([count(tenant.id)], token)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    }
    expect(await stats(tenant.token, { model: 'fraud' })).toEqual([]);
  });

  test.concurrent('a missing, forged or expired token is HTTP 401 with UNAUTHENTICATED over GraphQL', async () => {
    const forged = await (await createMemoryIssuer()).sign({ sub: 'ada', tenant: 'acme' });
    const expired = await t.issuer.sign({ sub: 'ada', tenant: 'acme', ttlSeconds: -60 });
    for (const token of [undefined, forged, expired]) {
      const r = await t.gql(STATS, { model: 'fraud' }, token);
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('bad input', () => {
  const cases: Array<[string, Partial<monitoringV1.InferenceCount>, RegExp]> = [
    ['a negative count', { count: -1n }, /counts\[1\]\.count must not be negative/],
    ['negative errors', { errors: -2n }, /counts\[1\]\.errors must not be negative/],
    ['an empty model name', { model: '' }, /counts\[1\]\.model must not be empty/],
    ['an empty tenant', { tenant: '' }, /counts\[1\]\.tenant must not be empty/],
    ['no window', { windowStart: undefined }, /counts\[1\]\.window_start is required/],
    ['a negative latency sum', { latencySecondsSum: -1 }, /counts\[1\]\.latency_seconds_sum/],
  ];
  test.concurrent.each(cases)('%s is INVALID_ARGUMENT naming the count, and nothing of the call is written', async (_name, change, message) => {
    const tenant = await t.tenant();
    await expect(t.record([count(tenant.id), count(tenant.id, change)])).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringMatching(message) });
    expect(await stats(tenant.token, { model: 'fraud' })).toEqual([]);
  });

  test.concurrent('a malformed DateTime in GraphQL is BAD_USER_INPUT', async () => {
    const tenant = await t.tenant();
    for (const since of ['yesterday', '2026-01-31', '2026-01-31T12:00:00']) {
      const r = await t.gql(STATS, { model: 'fraud', since }, tenant.token);
      expect(r.body.errors?.[0]?.extensions?.code, since).toBe('BAD_USER_INPUT');
    }
    const literal = await t.gql('{ inferenceStats(model: "fraud", since: "nope") { count } }', {}, tenant.token);
    expect(literal.body.errors?.[0]?.message).toMatch(/RFC 3339/);
  });
});

describe('operations', () => {
  test.concurrent('/readyz checks the database; /metrics counts received inferences', async () => {
    const ready = await fetch(`${t.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: { ok: true } } });
    const before = await received();
    const tenant = await t.tenant();
    await t.record([count(tenant.id, { count: 123n })]);
    expect((await received()) - before).toBeGreaterThanOrEqual(123);
  });
});

async function received(): Promise<number> {
  const text = await (await fetch(`${t.base}/metrics`)).text();
  const m = /^mizan_monitoring_inferences_received_total\{[^}]*\} (\d+)/m.exec(text);
  expect(m, 'metric present').not.toBeNull();
  return Number(m![1]);
}
