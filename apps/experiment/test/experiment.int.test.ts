import { status } from '@grpc/grpc-js';
import { createMemoryIssuer } from '@mizan/service-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestExperiment, type TestExperiment } from './support.ts';

let t: TestExperiment;
beforeAll(async () => { t = await startTestExperiment(); });
afterAll(async () => { await t?.close(); });

const FIELDS = 'id name model status variants { name modelVersion weight } createdBy createdAt';
const CREATE = `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { ${FIELDS} } }`;
const ONE = `query($name: String!) { experiment(name: $name) { ${FIELDS} } }`;
const LIST = `query($first: Int, $after: String) { experiments(first: $first, after: $after) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`;
const ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { name experiments { name model } } } }`;

const input = (over: Record<string, unknown> = {}) => ({
  name: 'checkout-ab',
  model: 'fraud',
  variants: [{ name: 'control', modelVersion: 'production', weight: 0.9 }, { name: 'candidate', modelVersion: '2', weight: 0.1 }],
  ...over,
});

async function create(token: string, over: Record<string, unknown> = {}) {
  const r = await t.gql(CREATE, { input: input(over) }, token);
  expect(r.body.errors).toBeUndefined();
  return r.body.data.createExperiment;
}

describe('createExperiment, then read back', () => {
  test.concurrent('a draft comes back through GraphQL and gRPC', async () => {
    const tenant = await t.tenant();
    const before = Date.now();
    const created = await create(tenant.token);
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/), name: 'checkout-ab', model: 'fraud', status: 'draft',
      variants: [{ name: 'control', modelVersion: 'production', weight: 0.9 }, { name: 'candidate', modelVersion: '2', weight: 0.1 }],
      createdBy: tenant.subject, createdAt: expect.stringMatching(/Z$/),
    });
    expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1000);

    const read = await t.gql(ONE, { name: 'checkout-ab' }, tenant.token);
    expect(read.body.data.experiment).toEqual(created);

    const viaGrpc = await t.getExperiment('checkout-ab', tenant.token);
    expect(viaGrpc).toEqual({
      id: created.id, name: 'checkout-ab', model: 'fraud', status: 'draft',
      variants: [{ name: 'control', modelVersion: 'production', weight: 0.9 }, { name: 'candidate', modelVersion: '2', weight: 0.1 }],
      createdAt: new Date(created.createdAt),
    });
  });

  test.concurrent('experiments lists newest first and pages; Model.experiments holds those on that model', async () => {
    const tenant = await t.tenant();
    for (const [name, model] of [['e1', 'fraud'], ['e2', 'churn'], ['e3', 'fraud']]) await create(tenant.token, { name, model });

    const p1 = await t.gql(LIST, { first: 2 }, tenant.token);
    expect(p1.body.data.experiments.edges.map((e: any) => e.node.name)).toEqual(['e3', 'e2']);
    expect(p1.body.data.experiments.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gql(LIST, { first: 2, after: p1.body.data.experiments.pageInfo.endCursor }, tenant.token);
    expect(p2.body.data.experiments.edges.map((e: any) => e.node.name)).toEqual(['e1']);
    expect(p2.body.data.experiments.pageInfo).toEqual({ hasNextPage: false, endCursor: p2.body.data.experiments.edges[0].cursor });

    const e = await t.gql(ENTITY, { r: [{ __typename: 'Model', name: 'fraud' }, { __typename: 'Model', name: 'none' }] }, tenant.token);
    expect(e.body.data._entities).toEqual([
      { name: 'fraud', experiments: [{ name: 'e3', model: 'fraud' }, { name: 'e1', model: 'fraud' }] },
      { name: 'none', experiments: [] },
    ]);
  });

  test.concurrent('a bad page size or cursor is BAD_USER_INPUT', async () => {
    const tenant = await t.tenant();
    for (const variables of [{ first: 0 }, { first: 101 }, { after: 'x' }, { after: Buffer.from('experiment:not-a-uuid').toString('base64url') }]) {
      expect((await t.gql(LIST, variables, tenant.token)).body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('conflicts and bad input', () => {
  test.concurrent('a second experiment of the same name in the tenant is CONFLICT and changes nothing', async () => {
    const tenant = await t.tenant();
    const first = await create(tenant.token);
    const again = await t.gql(CREATE, { input: input({ model: 'other' }) }, tenant.token);
    expect(again.body.errors?.[0]).toMatchObject({ message: 'an experiment named "checkout-ab" already exists', extensions: { code: 'CONFLICT' } });
    expect((await t.gql(ONE, { name: 'checkout-ab' }, tenant.token)).body.data.experiment).toEqual(first);
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['weights that do not sum to 1', { variants: [{ name: 'a', modelVersion: '1', weight: 0.5 }, { name: 'b', modelVersion: '2', weight: 0.4 }] }, /^variants: weights must sum to 1/],
    ['a zero weight', { variants: [{ name: 'a', modelVersion: '1', weight: 1 }, { name: 'b', modelVersion: '2', weight: 0 }] }, /^variants\[1\]\.weight must be in \(0, 1\]/],
    ['a weight above 1', { variants: [{ name: 'a', modelVersion: '1', weight: 1.5 }, { name: 'b', modelVersion: '2', weight: -0.5 }] }, /^variants\[0\]\.weight must be in \(0, 1\]/],
    ['one variant', { variants: [{ name: 'a', modelVersion: '1', weight: 1 }] }, /^variants must hold 2 to 10 variants/],
    ['duplicate variant names', { variants: [{ name: 'a', modelVersion: '1', weight: 0.5 }, { name: 'a', modelVersion: '2', weight: 0.5 }] }, /^variants\[1\]\.name "a" is used by another variant/],
    ['an empty modelVersion', { variants: [{ name: 'a', modelVersion: '', weight: 0.5 }, { name: 'b', modelVersion: '2', weight: 0.5 }] }, /^variants\[0\]\.modelVersion must not be empty/],
    ['a bad name', { name: 'Bad Name' }, /^name must be 1 to 63 lower-case/],
  ];
  test.concurrent.each(bad)('%s is BAD_USER_INPUT naming the field, and nothing is written', async (_name, over, message) => {
    const tenant = await t.tenant();
    const r = await t.gql(CREATE, { input: input(over) }, tenant.token);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors?.[0]?.message).toMatch(message);
    expect((await t.gql(LIST, {}, tenant.token)).body.data.experiments.edges).toEqual([]);
  });
});

describe('tenancy', () => {
  test.concurrent("another tenant gets null over GraphQL and NOT_FOUND over gRPC, and may reuse the name", async () => {
    const [owner, stranger] = [await t.tenant(), await t.tenant()];
    await create(owner.token);
    expect((await t.gql(ONE, { name: 'checkout-ab' }, stranger.token)).body).toEqual({ data: { experiment: null } });
    expect((await t.gql(LIST, {}, stranger.token)).body.data.experiments.edges).toEqual([]);
    expect((await t.gql(ENTITY, { r: [{ __typename: 'Model', name: 'fraud' }] }, stranger.token)).body.data._entities[0].experiments).toEqual([]);
    await expect(t.getExperiment('checkout-ab', stranger.token)).rejects.toMatchObject({ code: status.NOT_FOUND });
    const own = await create(stranger.token, { model: 'churn' });
    expect(own.model).toBe('churn');
    expect((await t.getExperiment('checkout-ab', owner.token)).model).toBe('fraud');
  });
});

describe('tokens', () => {
  test.concurrent('a missing, forged or expired token is UNAUTHENTICATED over gRPC', async () => {
    const tenant = await t.tenant();
    await create(tenant.token);
    const forged = await (await createMemoryIssuer()).sign({ sub: tenant.subject, tenant: tenant.id });
    const expired = await t.issuer.sign({ sub: tenant.subject, tenant: tenant.id, ttlSeconds: -60 });
    for (const token of [null, forged, expired]) {
      await expect(t.getExperiment('checkout-ab', token)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    }
  });

  test.concurrent('a missing, forged or expired token is HTTP 401 with UNAUTHENTICATED over GraphQL, and creates nothing', async () => {
    const tenant = await t.tenant();
    const forged = await (await createMemoryIssuer()).sign({ sub: tenant.subject, tenant: tenant.id });
    const expired = await t.issuer.sign({ sub: tenant.subject, tenant: tenant.id, ttlSeconds: -60 });
    for (const token of [undefined, forged, expired]) {
      const r = await t.gql(CREATE, { input: input() }, token);
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.gql(ONE, { name: 'checkout-ab' }, tenant.token)).body.data.experiment).toBeNull();
  });
});

describe('storage and operations', () => {
  test.concurrent('variants are stored as the schema documents them; /readyz checks the database', async () => {
    const tenant = await t.tenant();
    await create(tenant.token);
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT variants, status FROM experiments WHERE tenant_id = $1', [tenant.id]);
      expect(rows).toEqual([{ status: 'draft', variants: [{ name: 'control', version: 'production', weight: 0.9 }, { name: 'candidate', version: '2', weight: 0.1 }] }]);
    } finally {
      await client.end();
    }
    const ready = await fetch(`${t.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: { ok: true } } });
  });
});
