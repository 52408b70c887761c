// The path through the registry's own transports: register → upload (HTTP and gRPC stream) →
// addModelVersion with a real ONNX model → signature through GraphQL → setAlias → GetModelVersion →
// DownloadArtifact → WatchAliases, plus paging, readiness and audit delivery.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { status } from '@grpc/grpc-js';
import { type registryV1 } from '@mizan/protos';
import { callMetadata } from '@mizan/service-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { linearModel } from './fixtures/onnx-models.ts';
import { collectStream, eventually, gql, gqlCode, newTenant, sha256, startHarness, uploadGrpc, uploadHttp, type Harness } from './harness.ts';
import { ADD, ops, SET_ALIAS } from './ops.ts';

let h: Harness;
let o: ReturnType<typeof ops>;
beforeAll(async () => { h = await startHarness({ maxArtifactBytes: 3 * 1024 * 1024 }); o = ops(h); }, 120_000);
afterAll(async () => { await h?.stop(); }, 60_000);

describe('the registry path', () => {
  test('register → HTTP upload → addModelVersion → signature through GraphQL → setAlias → GetModelVersion → DownloadArtifact', async () => {
    const t = await newTenant(h, 'us-east-1');
    const reg = await o.register(t, 'fraud-scorer');
    expect(reg.errors).toBeUndefined();
    expect(reg.data.registerModel).toMatchObject({ name: 'fraud-scorer', task: 'regression', description: 'a test model', region: 'us-east-1' });
    expect(new Date(reg.data.registerModel.createdAt).toISOString()).toBe(reg.data.registerModel.createdAt);

    const bytes = linearModel();
    const up = await uploadHttp(h, t.token, bytes, { 'content-sha256': sha256(bytes) });
    expect(up).toEqual({ status: 201, body: { uploadId: expect.any(String), sha256: sha256(bytes), size: bytes.byteLength } });
    // Stored content-addressed under the tenant, behind the blob header (format 0 = plain).
    const stored = readFileSync(join(h.dir, 'artifacts', t.tenant, sha256(bytes)));
    expect(stored.subarray(0, 5)).toEqual(Buffer.from([0x4d, 0x5a, 0x42, 0x31, 0]));
    expect(stored.subarray(5)).toEqual(Buffer.from(bytes));

    const added = await gql(h, t.token, ADD, { input: { model: 'fraud-scorer', uploadId: up.body.uploadId, sha256: up.body.sha256 } });
    expect(added.errors).toBeUndefined();
    const signature = {
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 2] }],
    };
    expect(added.data.addModelVersion).toMatchObject({ number: 1, sha256: sha256(bytes), size: bytes.byteLength, format: 'onnx', createdBy: t.subject, model: { name: 'fraud-scorer' }, ...signature });

    const read = await o.modelOf(t, 'fraud-scorer');
    const { createdBy: _c, createdAt: _d, ...node } = added.data.addModelVersion;
    expect(read.versions.edges.map((e: any) => e.node)).toEqual([node]);
    expect(read.aliases).toEqual([]);

    const alias = await gql(h, t.token, SET_ALIAS, { input: { model: 'fraud-scorer', alias: 'production', version: 1 } });
    expect(alias.errors).toBeUndefined();
    expect(alias.data.setAlias).toMatchObject({ name: 'production', version: { number: 1, sha256: sha256(bytes) } });
    expect((await o.modelOf(t, 'fraud-scorer')).aliases).toEqual([{ name: 'production', version: { number: 1 } }]);

    for (const version of ['', '1', 'production']) {
      const r = await o.getVersion(t.token, { model: 'fraud-scorer', version });
      expect(r.code, `version "${version}"`).toBe(status.OK);
      expect(r.res).toMatchObject({
        id: added.data.addModelVersion.id, model: 'fraud-scorer', number: 1, sha256: sha256(bytes), size: BigInt(bytes.byteLength), format: 'onnx', tenant: t.tenant,
        inputs: [{ name: 'x', datatype: 'FP32', shape: [-1n, 3n] }], outputs: [{ name: 'y', datatype: 'FP32', shape: [-1n, 2n] }],
      });
      expect(r.res!.createdAt).toBeInstanceOf(Date);
    }
    expect((await o.getVersion(t.token, { model: 'fraud-scorer', version: '2' })).code).toBe(status.NOT_FOUND);
    expect((await o.getVersion(t.token, { model: 'fraud-scorer', version: 'staging' })).code).toBe(status.NOT_FOUND);
    expect((await o.getVersion(t.token, { model: 'no-such-model', version: '' })).code).toBe(status.NOT_FOUND);

    const dl = await o.download(h.serviceToken, t.tenant, sha256(bytes));
    expect(dl.code).toBe(status.OK);
    expect(Buffer.concat(dl.messages.map((m) => m.chunk))).toEqual(Buffer.from(bytes));
  });

  test('UploadArtifact over a gRPC client stream gives an upload that addModelVersion takes; a wrong sha256 on the stream is INVALID_ARGUMENT', async () => {
    const t = await newTenant(h);
    await o.register(t, 'streamed');
    const bytes = linearModel(0.25);
    const res = await uploadGrpc(h, t.token, bytes, { chunkBytes: 37, sha256: sha256(bytes) });
    expect(res).toEqual({ uploadId: expect.any(String), sha256: sha256(bytes), size: BigInt(bytes.byteLength) });
    const added = await gql(h, t.token, ADD, { input: { model: 'streamed', uploadId: res.uploadId, sha256: res.sha256 } });
    expect(added.data.addModelVersion.number).toBe(1);

    await expect(uploadGrpc(h, t.token, linearModel(0.75), { sha256: sha256(bytes) })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('sha256 mismatch') });
    await expect(uploadGrpc(h, t.token, bytes, { sha256: 'xyz' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  test('DownloadArtifact streams ~1 MiB chunks, the header stripped, and the sha256 of the whole equals its address', async () => {
    const t = await newTenant(h);
    const blob = randomBytes(2.5 * 1024 * 1024);
    const up = await uploadHttp(h, t.token, blob);
    expect(up.status).toBe(201);
    const dl = await o.download(h.serviceToken, t.tenant, up.body.sha256);
    expect(dl.code).toBe(status.OK);
    expect(dl.messages.map((m) => m.chunk.byteLength)).toEqual([1024 * 1024, 1024 * 1024, 0.5 * 1024 * 1024]);
    expect(sha256(Buffer.concat(dl.messages.map((m) => m.chunk)))).toBe(up.body.sha256);
  });

  test('a stored blob whose bytes no longer match its sha256 is never served', async () => {
    const t = await newTenant(h);
    await o.register(t, 'tampered');
    const bytes = linearModel(0.125);
    const up = await uploadHttp(h, t.token, bytes);
    const path = join(h.dir, 'artifacts', t.tenant, up.body.sha256);
    const tampered = readFileSync(path);
    tampered[tampered.length - 1] ^= 0xff;
    writeFileSync(path, tampered);
    const added = await gql(h, t.token, ADD, { input: { model: 'tampered', uploadId: up.body.uploadId, sha256: up.body.sha256 } });
    expect(gqlCode(added)).toBe('FAILED_PRECONDITION');
    expect((await o.modelOf(t, 'tampered')).versions.edges).toEqual([]);
    const dl = await o.download(h.serviceToken, t.tenant, up.body.sha256);
    expect(dl.code).not.toBe(status.OK);
  });
});

describe('WatchAliases', () => {
  test('snapshot with model_version filled, snapshot_complete, then a live delta; resuming from a revision skips the snapshot', async () => {
    const t = await newTenant(h);
    await o.register(t, 'watched');
    await o.addVersion(t, 'watched');
    await o.addVersion(t, 'watched', linearModel(2));
    await gql(h, t.token, SET_ALIAS, { input: { model: 'watched', alias: 'production', version: 1 } });

    const call = h.grpc.watchAliases({ fromRevision: 0n }, callMetadata({ token: h.serviceToken }));
    const it = (call as AsyncIterable<registryV1.AliasEvent>)[Symbol.asyncIterator]();
    const next = async () => {
      const r = await Promise.race([it.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no message within 10 s')), 10_000))]);
      return r.value as registryV1.AliasEvent;
    };
    const snapshot: registryV1.AliasEvent[] = [];
    let m = await next();
    while (!m.snapshotComplete) { snapshot.push(m); m = await next(); }
    const snapRevision = m.revision;
    expect(snapRevision).toBeGreaterThan(0n);
    const ours = snapshot.filter((e) => e.tenant === t.tenant);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ model: 'watched', alias: 'production', version: 1, deleted: false, modelVersion: { model: 'watched', number: 1, tenant: t.tenant, inputs: [{ name: 'x' }] } });
    expect(ours[0]!.sha256).toBe(ours[0]!.modelVersion!.sha256);

    await gql(h, t.token, SET_ALIAS, { input: { model: 'watched', alias: 'production', version: 2 } });
    let delta = await next();
    while (delta.tenant !== t.tenant) delta = await next();
    expect(delta).toMatchObject({ model: 'watched', alias: 'production', version: 2, snapshotComplete: false, modelVersion: { number: 2 } });
    expect(delta.revision).toBeGreaterThan(snapRevision);
    call.cancel();

    const resumed = h.grpc.watchAliases({ fromRevision: snapRevision }, callMetadata({ token: h.serviceToken }));
    const first = (await (resumed as AsyncIterable<registryV1.AliasEvent>)[Symbol.asyncIterator]().next()).value as registryV1.AliasEvent;
    expect(first).toMatchObject({ revision: delta.revision, tenant: t.tenant, alias: 'production', version: 2, snapshotComplete: false });
    resumed.cancel();

    const ahead = await collectStream(h.grpc.watchAliases({ fromRevision: delta.revision + 1000n }, callMetadata({ token: h.serviceToken })));
    expect(ahead.code).toBe(status.FAILED_PRECONDITION);
  });

  test('users get PERMISSION_DENIED for WatchAliases and DownloadArtifact; unknown tenant or sha → NOT_FOUND for services', async () => {
    const t = await newTenant(h);
    const bytes = linearModel(3);
    const up = await uploadHttp(h, t.token, bytes);
    expect((await collectStream(h.grpc.watchAliases({ fromRevision: 0n }, callMetadata({ token: t.token })))).code).toBe(status.PERMISSION_DENIED);
    expect((await o.download(t.token, t.tenant, up.body.sha256)).code).toBe(status.PERMISSION_DENIED);
    expect((await o.download(h.serviceToken, 'no-such-tenant', up.body.sha256)).code).toBe(status.NOT_FOUND);
    expect((await o.download(h.serviceToken, t.tenant, sha256(Buffer.from('other')))).code).toBe(status.NOT_FOUND);
    expect((await o.download(h.serviceToken, '../' + t.tenant, up.body.sha256)).code).toBe(status.NOT_FOUND);
  });
});

describe('queries', () => {
  test('models and versions page newest first with opaque cursors; first is bounded', async () => {
    const t = await newTenant(h);
    for (const n of ['m-1', 'm-2', 'm-3']) await o.register(t, n);
    const page1 = await gql(h, t.token, '{ models(first: 2) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }');
    expect(page1.data.models.edges.map((e: any) => e.node.name)).toEqual(['m-3', 'm-2']);
    expect(page1.data.models.pageInfo.hasNextPage).toBe(true);
    const page2 = await gql(h, t.token, 'query($after: String) { models(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }', { after: page1.data.models.pageInfo.endCursor });
    expect(page2.data.models.edges.map((e: any) => e.node.name)).toEqual(['m-1']);
    expect(page2.data.models.pageInfo.hasNextPage).toBe(false);
    for (const first of [0, 101, -1]) expect(gqlCode(await gql(h, t.token, `{ models(first: ${first}) { edges { cursor } } }`))).toBe('BAD_USER_INPUT');
    expect(gqlCode(await gql(h, t.token, '{ models(after: "bm9wZQ") { edges { cursor } } }'))).toBe('BAD_USER_INPUT');

    await o.addVersion(t, 'm-1');
    await o.addVersion(t, 'm-1', linearModel(7));
    await o.addVersion(t, 'm-1', linearModel(8));
    const v1 = await gql(h, t.token, '{ model(name: "m-1") { versions(first: 2) { edges { node { number } } pageInfo { hasNextPage endCursor } } } }');
    expect(v1.data.model.versions.edges.map((e: any) => e.node.number)).toEqual([3, 2]);
    const v2 = await gql(h, t.token, 'query($a: String) { model(name: "m-1") { versions(first: 2, after: $a) { edges { node { number model { name } } } pageInfo { hasNextPage } } } }', { a: v1.data.model.versions.pageInfo.endCursor });
    expect(v2.data.model.versions).toEqual({ edges: [{ node: { number: 1, model: { name: 'm-1' } } }], pageInfo: { hasNextPage: false } });
    expect(gqlCode(await gql(h, t.token, 'query($a: String) { model(name: "m-1") { versions(after: $a) { edges { cursor } } } }', { a: page1.data.models.pageInfo.endCursor }))).toBe('BAD_USER_INPUT');
  });

  test('/readyz checks the database and reports the audit relay; /metrics carries the relay counters', async () => {
    const r = await fetch(`${h.http}/readyz`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.auditRelay).toBeDefined();
    expect(body.checks.aliasListener!.ok).toBe(true);
    const metrics = await (await fetch(`${h.http}/metrics`)).text();
    expect(metrics).toMatch(/mizan_registry_audit_outbox_pending/);
    expect(metrics).toMatch(/mizan_registry_audit_relay_failures_total/);
  });

  test('every mutation reached audit exactly once, and the outbox is drained', async () => {
    const client = new pg.Client({ connectionString: h.db.url });
    await client.connect();
    try {
      const total = Number((await client.query('SELECT count(*) AS n FROM outbox_events')).rows[0].n);
      expect(total).toBeGreaterThan(10);
      await eventually(() => h.audit.received.length, (n) => n >= total, 20_000, 'all outbox events delivered');
      const ids = h.audit.received.map((r) => r.event.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(total);
      expect(Number((await client.query('SELECT count(*) AS n FROM outbox_events WHERE delivered_at IS NULL')).rows[0].n)).toBe(0);
    } finally {
      await client.end();
    }
  });
});
