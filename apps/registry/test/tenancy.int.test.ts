// Tenancy and authentication through every transport: GraphQL over HTTP, federation, gRPC and uploads.
import { status } from '@grpc/grpc-js';
import { callMetadata, createMemoryIssuer } from '@mizan/service-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { linearModel } from './fixtures/onnx-models.ts';
import { collectStream, gql, gqlCode, newTenant, startHarness, uploadGrpc, uploadHttp, type Harness } from './harness.ts';
import { ADD, MODEL, ops, REGISTER, SET_ALIAS } from './ops.ts';

let h: Harness;
let o: ReturnType<typeof ops>;
beforeAll(async () => { h = await startHarness(); o = ops(h); }, 120_000);
afterAll(async () => { await h?.stop(); }, 60_000);

describe('tenancy and authentication', () => {
  test("another tenant's models, versions and uploads are NOT_FOUND through GraphQL, federation and gRPC", async () => {
    const a = await newTenant(h);
    const b = await newTenant(h);
    await o.register(a, 'private');
    const added = await o.addVersion(a, 'private');
    await gql(h, a.token, SET_ALIAS, { input: { model: 'private', alias: 'production', version: 1 } });
    const modelId = (await o.modelOf(a, 'private')).id;
    const bytes = linearModel(9);
    const aUpload = await uploadHttp(h, a.token, bytes);

    expect((await gql(h, b.token, MODEL, { name: 'private' })).data).toEqual({ model: null });
    expect((await gql(h, b.token, '{ models { edges { node { name } } } }')).data.models.edges).toEqual([]);
    const entities = await gql(h, b.token, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Model { name } ... on ModelVersion { number } } }`, {
      reps: [{ __typename: 'Model', id: modelId }, { __typename: 'Model', name: 'private' }, { __typename: 'ModelVersion', id: added.data.addModelVersion.id }],
    });
    expect(entities.data._entities).toEqual([null, null, null]);
    const own = await gql(h, a.token, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Model { name } ... on ModelVersion { number } } }`, {
      reps: [{ __typename: 'Model', id: modelId }, { __typename: 'Model', name: 'private' }, { __typename: 'ModelVersion', id: added.data.addModelVersion.id }],
    });
    expect(own.data._entities).toEqual([{ name: 'private' }, { name: 'private' }, { number: 1 }]);

    expect(gqlCode(await gql(h, b.token, SET_ALIAS, { input: { model: 'private', alias: 'production', version: 1 } }))).toBe('NOT_FOUND');
    expect(gqlCode(await gql(h, b.token, ADD, { input: { model: 'private', uploadId: aUpload.body.uploadId, sha256: aUpload.body.sha256 } }))).toBe('NOT_FOUND');
    // B's own model with A's upload: the upload is A's, so NOT_FOUND, and A can still use it.
    expect((await o.register(b, 'private')).errors).toBeUndefined();
    expect(gqlCode(await gql(h, b.token, ADD, { input: { model: 'private', uploadId: aUpload.body.uploadId, sha256: aUpload.body.sha256 } }))).toBe('NOT_FOUND');
    expect((await o.modelOf(b, 'private')).versions.edges).toEqual([]);
    expect((await gql(h, a.token, ADD, { input: { model: 'private', uploadId: aUpload.body.uploadId, sha256: aUpload.body.sha256 } })).data.addModelVersion.number).toBe(2);

    expect((await o.getVersion(b.token, { model: 'private', version: '1' })).code).toBe(status.NOT_FOUND);
    expect((await o.getVersion(b.token, { model: 'private', version: '' })).code).toBe(status.NOT_FOUND);
    // A user cannot name another tenant (the field is honoured for services only); a service can.
    expect((await o.getVersion(b.token, { model: 'private', version: '1', tenant: a.tenant })).code).toBe(status.NOT_FOUND);
    expect((await o.getVersion(h.serviceToken, { model: 'private', version: '', tenant: a.tenant })).res).toMatchObject({ tenant: a.tenant, number: 1 });
    expect((await o.getVersion(h.serviceToken, { model: 'private', version: '' })).code).toBe(status.NOT_FOUND);
  });

  test('missing, forged and expired tokens are UNAUTHENTICATED on GraphQL (HTTP 401), gRPC (16) and POST /v1/uploads (401)', async () => {
    const t = await newTenant(h);
    const forged = await (await createMemoryIssuer()).sign({ sub: 'eve', tenant: t.tenant });
    const expired = await h.issuer.sign({ sub: 'eve', tenant: t.tenant, ttlSeconds: -60 });
    const bytes = linearModel();
    for (const [label, token] of [['missing', undefined], ['forged', forged], ['expired', expired], ['garbage', 'not-a-jwt']] as const) {
      const q = await gql(h, token, '{ models { edges { node { id } } } }');
      expect(q.status, label).toBe(401);
      expect(gqlCode(q), label).toBe('UNAUTHENTICATED');
      const m = await gql(h, token, REGISTER, { input: { name: 'sneaky', task: 't' } });
      expect(m.status, label).toBe(401);
      expect((await o.getVersion(token, { model: 'x' })).code, label).toBe(status.UNAUTHENTICATED);
      await expect(uploadGrpc(h, token, bytes), label).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      expect((await collectStream(h.grpc.watchAliases({ fromRevision: 0n }, callMetadata(token ? { token } : {})))).code, label).toBe(status.UNAUTHENTICATED);
      const up = await uploadHttp(h, token, bytes);
      expect(up.status, label).toBe(401);
      expect(up.body.code, label).toBe('UNAUTHENTICATED');
    }
    expect((await gql(h, t.token, MODEL, { name: 'sneaky' })).data).toEqual({ model: null });
  });
});
