// Bad input gets the right code and a clear message, and writes nothing.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { externalDataModel, linearModel, unknownOpModel } from './fixtures/onnx-models.ts';
import { gql, gqlCode, newTenant, sha256, startHarness, uploadGrpc, uploadHttp, type Harness } from './harness.ts';
import { ADD, ops, SET_ALIAS } from './ops.ts';

let h: Harness;
let o: ReturnType<typeof ops>;
beforeAll(async () => { h = await startHarness({ maxArtifactBytes: 3 * 1024 * 1024 }); o = ops(h); }, 120_000);
afterAll(async () => { await h?.stop(); }, 60_000);

describe('validation: the right code, a clear message, nothing created', () => {
  test('sha256 mismatch, garbage bytes, external data and a model onnxruntime cannot load → INVALID_ARGUMENT; the upload stays usable', async () => {
    const t = await newTenant(h);
    await o.register(t, 'guarded');
    const good = linearModel();
    const up = await uploadHttp(h, t.token, good);
    const wrongSha = await gql(h, t.token, ADD, { input: { model: 'guarded', uploadId: up.body.uploadId, sha256: sha256(Buffer.from('else')) } });
    expect(gqlCode(wrongSha)).toBe('BAD_USER_INPUT');
    expect(wrongSha.errors![0]!.message).toMatch(/sha256/);

    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['garbage', randomBytes(2048), /not a valid ONNX model/],
      ['external data', externalDataModel(), /external data/],
      ['unknown operator', unknownOpModel(), /onnxruntime cannot load the model.*NoSuchOperator/s],
    ];
    for (const [label, bytes, reason] of cases) {
      const bad = await uploadHttp(h, t.token, bytes);
      expect(bad.status, label).toBe(201); // uploads are bytes; the checks run when a version is made
      const r = await gql(h, t.token, ADD, { input: { model: 'guarded', uploadId: bad.body.uploadId, sha256: bad.body.sha256 } });
      expect(gqlCode(r), label).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message, label).toMatch(reason);
    }
    expect((await o.modelOf(t, 'guarded')).versions.edges).toEqual([]);
    expect(h.audit.received.filter((r) => r.event.tenant === t.tenant && r.event.action === 'model.version_added')).toEqual([]);
    // Failed attempts consumed nothing: the good upload still makes version 1.
    const ok = await gql(h, t.token, ADD, { input: { model: 'guarded', uploadId: up.body.uploadId, sha256: up.body.sha256.toUpperCase() } });
    expect(ok.data.addModelVersion.number).toBe(1);
  });

  test('POST /v1/uploads: a content-sha256 that does not match → 400 and nothing stored; over the size limit → 413; empty → 400', async () => {
    const t = await newTenant(h);
    const bytes = linearModel(4);
    const r = await uploadHttp(h, t.token, bytes, { 'content-sha256': sha256(Buffer.from('other')) });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'INVALID_ARGUMENT', error: expect.stringContaining('sha256 mismatch') });
    const dir = join(h.dir, 'artifacts', t.tenant);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect((await uploadHttp(h, t.token, bytes, { 'content-sha256': 'nothex' })).status).toBe(400);
    expect((await uploadHttp(h, t.token, randomBytes(3 * 1024 * 1024 + 1))).status).toBe(413);
    expect((await uploadHttp(h, t.token, new Uint8Array(0))).status).toBe(400);
    await expect(uploadGrpc(h, t.token, randomBytes(3 * 1024 * 1024 + 1), { chunkBytes: 256 * 1024 })).rejects.toMatchObject({ code: status.RESOURCE_EXHAUSTED });
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  test('uploads are single-use, expire, and are named by a real id', async () => {
    const t = await newTenant(h);
    await o.register(t, 'once');
    const bytes = linearModel();
    const up = await uploadHttp(h, t.token, bytes);
    const input = { model: 'once', uploadId: up.body.uploadId, sha256: up.body.sha256 };
    expect((await gql(h, t.token, ADD, { input })).data.addModelVersion.number).toBe(1);
    expect(gqlCode(await gql(h, t.token, ADD, { input }))).toBe('FAILED_PRECONDITION');
    expect(gqlCode(await gql(h, t.token, ADD, { input: { ...input, uploadId: 'not-a-uuid' } }))).toBe('NOT_FOUND');

    const late = await uploadHttp(h, t.token, bytes);
    const client = new pg.Client({ connectionString: h.db.url });
    await client.connect();
    await client.query(`UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE id = $1`, [late.body.uploadId]);
    await client.end();
    const expired = await gql(h, t.token, ADD, { input: { ...input, uploadId: late.body.uploadId } });
    expect(gqlCode(expired)).toBe('FAILED_PRECONDITION');
    expect(expired.errors![0]!.message).toMatch(/expired/);
    expect((await o.modelOf(t, 'once')).versions.edges).toHaveLength(1);
  });

  test('registerModel: a duplicate name is CONFLICT; bad name, task or description is BAD_USER_INPUT naming the field', async () => {
    const t = await newTenant(h);
    expect((await o.register(t, 'dup.model_1')).errors).toBeUndefined();
    const dup = await o.register(t, 'dup.model_1');
    expect(gqlCode(dup)).toBe('CONFLICT');
    expect(dup.errors![0]!.message).toMatch(/already exists/);
    for (const [input, field] of [
      [{ name: 'Upper' }, 'name'], [{ name: '-lead' }, 'name'], [{ name: 'a'.repeat(64) }, 'name'], [{ name: 'sp ace' }, 'name'],
      [{ name: 'ok-task', task: '' }, 'task'], [{ name: 'ok-task', task: 'x'.repeat(65) }, 'task'],
      [{ name: 'ok-desc', description: 'd'.repeat(2001) }, 'description'],
    ] as const) {
      const r = await o.register(t, (input as { name: string }).name, input);
      expect(gqlCode(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message.startsWith(`${field}:`)).toBe(true);
    }
    expect((await o.register(t, 'a'.repeat(63))).errors).toBeUndefined();
    const list = await gql(h, t.token, '{ models(first: 100) { edges { node { name } } } }');
    expect(list.data.models.edges.map((e: any) => e.node.name).sort()).toEqual(['a'.repeat(63), 'dup.model_1']);
  });

  test('setAlias: a bad alias name or version is BAD_USER_INPUT, a missing version NOT_FOUND, and nothing moves', async () => {
    const t = await newTenant(h);
    await o.register(t, 'aliased');
    await o.addVersion(t, 'aliased');
    for (const alias of ['Production', '1', '', 'x'.repeat(64), 'has space']) {
      expect(gqlCode(await gql(h, t.token, SET_ALIAS, { input: { model: 'aliased', alias, version: 1 } })), alias).toBe('BAD_USER_INPUT');
    }
    expect(gqlCode(await gql(h, t.token, SET_ALIAS, { input: { model: 'aliased', alias: 'staging', version: 0 } }))).toBe('BAD_USER_INPUT');
    expect(gqlCode(await gql(h, t.token, SET_ALIAS, { input: { model: 'aliased', alias: 'staging', version: 2 } }))).toBe('NOT_FOUND');
    expect((await o.modelOf(t, 'aliased')).aliases).toEqual([]);
    expect((await gql(h, t.token, SET_ALIAS, { input: { model: 'aliased', alias: 'staging', version: 1 } })).errors).toBeUndefined();
    expect((await o.modelOf(t, 'aliased')).aliases).toEqual([{ name: 'staging', version: { number: 1 } }]);
  });

  test('concurrent addModelVersion calls get distinct numbers 1..N', async () => {
    const t = await newTenant(h);
    await o.register(t, 'busy');
    const N = 5;
    const uploads = await Promise.all(Array.from({ length: N }, (_, i) => uploadHttp(h, t.token, linearModel(i))));
    const results = await Promise.all(uploads.map((u) => gql(h, t.token, ADD, { input: { model: 'busy', uploadId: u.body.uploadId, sha256: u.body.sha256 } })));
    expect(results.map((r) => r.errors)).toEqual(Array(N).fill(undefined));
    expect(results.map((r) => r.data.addModelVersion.number).sort()).toEqual([1, 2, 3, 4, 5]);
    const read = await o.modelOf(t, 'busy');
    expect(read.versions.edges.map((e: any) => e.node.number)).toEqual([5, 4, 3, 2, 1]);
    // Each number holds the bytes of the upload that got it.
    for (const r of results) {
      const i = uploads.findIndex((u) => u.body.sha256 === r.data.addModelVersion.sha256);
      expect(i).toBeGreaterThanOrEqual(0);
    }
  });
});
