// The outbox relay against a stand-in audit service: fields, exactly-once receipt, retry after an outage
// that never blocks a mutation; and the clean end of WatchAliases when the registry stops.
import { status } from '@grpc/grpc-js';
import { type registryV1 } from '@mizan/protos';
import { callMetadata } from '@mizan/service-kit';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { linearModel } from './fixtures/onnx-models.ts';
import { eventually, gql, newTenant, sha256, startHarness, uploadHttp, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 120_000);
afterAll(async () => { await h?.stop(); }, 60_000);

const isUuidV7 = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(s);

test('each mutation is delivered once to AuditService/Append, as this service, with the right fields', async () => {
  const t = await newTenant(h);
  const reg = await gql(h, t.token, 'mutation { registerModel(input: { name: "audited", task: "classification" }) { id } }', {}, { 'x-request-id': 'req-register-1' });
  const modelId = reg.data.registerModel.id as string;
  const bytes = linearModel();
  const up = await uploadHttp(h, t.token, bytes);
  const add = await gql(h, t.token, 'mutation($i: AddModelVersionInput!) { addModelVersion(input: $i) { id } }', { i: { model: 'audited', uploadId: up.body.uploadId, sha256: up.body.sha256 } }, { 'x-request-id': 'req-add-1' });
  const versionId = add.data.addModelVersion.id as string;
  await gql(h, t.token, 'mutation { setAlias(input: { model: "audited", alias: "production", version: 1 }) { name } }', {}, { 'x-request-id': 'req-alias-1' });

  const mine = () => h.audit.received.filter((r) => r.event.tenant === t.tenant);
  await eventually(mine, (r) => r.length >= 3, 15_000, 'three audit events');
  await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive meanwhile
  const got = mine();
  expect(got).toHaveLength(3);
  for (const r of got) {
    expect(r.authorization).toBe(`Bearer ${h.serviceToken}`);
    expect(isUuidV7(r.event.id)).toBe(true);
    expect(r.event.actor).toBe(t.subject);
    expect(r.event.occurredAt).toBeInstanceOf(Date);
    expect(Math.abs(r.event.occurredAt!.getTime() - Date.now())).toBeLessThan(60_000);
  }
  const [registered, added, aliased] = got.map((r) => ({ ...r.event, payload: JSON.parse(r.event.payloadJson) }));
  expect(registered).toMatchObject({ action: 'model.registered', entityType: 'Model', entityId: modelId, requestId: 'req-register-1', payload: { modelId, modelName: 'audited', task: 'classification' } });
  expect(added).toMatchObject({ action: 'model.version_added', entityType: 'ModelVersion', entityId: versionId, requestId: 'req-add-1', payload: { modelId, modelName: 'audited', version: 1, sha256: sha256(bytes), uploadId: up.body.uploadId } });
  expect(aliased).toMatchObject({ action: 'model.alias_set', entityType: 'ModelVersion', entityId: versionId, requestId: 'req-alias-1', payload: { modelId, modelName: 'audited', alias: 'production', version: 1, previousVersion: null } });
});

test('while audit is down mutations still succeed at once; the relay retries with back-off and delivers each event once', async () => {
  const t = await newTenant(h);
  h.audit.state.down = true;
  h.audit.state.refused = 0;
  const started = Date.now();
  const reg = await gql(h, t.token, 'mutation { registerModel(input: { name: "during-outage", task: "t" }) { id } }');
  expect(reg.errors).toBeUndefined();
  expect(Date.now() - started).toBeLessThan(3_000);
  await eventually(() => h.audit.state.refused, (n) => n >= 1, 15_000, 'a refused delivery');

  const ready = await fetch(`${h.http}/readyz`);
  expect(ready.status).toBe(200); // degraded audit never makes the registry unready
  const metrics = await (await fetch(`${h.http}/metrics`)).text();
  expect(Number(/^mizan_registry_audit_relay_failures_total\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
  expect(Number(/^mizan_registry_audit_outbox_pending\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
  expect(h.audit.received.filter((r) => r.event.tenant === t.tenant)).toEqual([]);

  h.audit.state.down = false;
  const mine = () => h.audit.received.filter((r) => r.event.tenant === t.tenant);
  await eventually(mine, (r) => r.length >= 1, 30_000, 'delivery after the outage');
  await new Promise((r) => setTimeout(r, 1_000));
  expect(mine()).toHaveLength(1);
  expect(mine()[0]!.event).toMatchObject({ action: 'model.registered', entityId: reg.data.registerModel.id });
}, 60_000);

test('WatchAliases ends cleanly (status OK) when the registry stops', async () => {
  const call = h.grpc.watchAliases({ fromRevision: 0n }, callMetadata({ token: h.serviceToken }));
  const seen: registryV1.AliasEvent[] = [];
  const snapshotDone = new Promise<void>((resolve) => call.on('data', (m: registryV1.AliasEvent) => { seen.push(m); if (m.snapshotComplete) resolve(); }));
  const ended = new Promise<number>((resolve) => call.on('status', (s: { code: number }) => resolve(s.code)));
  await snapshotDone; // the stream now waits for changes
  await h.app.stop();
  expect(await ended).toBe(status.OK);
  expect(seen.at(-1)?.snapshotComplete).toBe(true);
});
