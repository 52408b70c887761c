import { createHash } from 'node:crypto';
import { buildFraudModel, FRAUD_MODEL_NAME } from './demo-model/index.ts';
import { gql } from './graphql-client.ts';

export interface DemoTarget {
  graphqlUrl: string;
  /** Base URL of the registry's HTTP port (artifact upload). */
  registryHttpUrl: string;
  token: string;
}

/** Registers the demo fraud model, uploads it as a version and points `production` at it, unless that is done already. */
export async function ensureDemoModel(t: DemoTarget): Promise<{ created: boolean; version: number }> {
  const existing = await gql<{ model: { aliases: Array<{ name: string; version: { number: number } }> } | null }>(
    t.graphqlUrl, t.token,
    'query($name: String!) { model(name: $name) { aliases { name version { number } } } }',
    { name: FRAUD_MODEL_NAME },
  );
  const prod = existing.model?.aliases.find((a) => a.name === 'production');
  if (prod) return { created: false, version: prod.version.number };
  if (!existing.model) {
    await gql(t.graphqlUrl, t.token, 'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }', {
      input: { name: FRAUD_MODEL_NAME, task: 'classification', description: 'Demo fraud scorer: a small MLP over 12 transaction features (built by tools/src/demo-model).' },
    });
  }
  const bytes = buildFraudModel();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const up = await fetch(`${t.registryHttpUrl}/v1/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/octet-stream', 'content-sha256': sha256 },
    body: bytes,
  });
  if (up.status !== 201) throw new Error(`upload failed: HTTP ${up.status} ${await up.text()}`);
  const { uploadId } = (await up.json()) as { uploadId: string };
  const added = await gql<{ addModelVersion: { number: number } }>(
    t.graphqlUrl, t.token,
    'mutation($input: AddModelVersionInput!) { addModelVersion(input: $input) { number } }',
    { input: { model: FRAUD_MODEL_NAME, uploadId, sha256 } },
  );
  const version = added.addModelVersion.number;
  await gql(t.graphqlUrl, t.token, 'mutation($input: SetAliasInput!) { setAlias(input: $input) { name } }', {
    input: { model: FRAUD_MODEL_NAME, alias: 'production', version },
  });
  return { created: true, version };
}

/** Waits until the inference router answers OIP REST `ready` for the model. */
export async function waitModelReady(inferenceHttpUrl: string, token: string, model: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    try {
      const r = await fetch(`${inferenceHttpUrl}/v2/models/${model}/ready`, { headers: { authorization: `Bearer ${token}` } });
      if (r.status === 200) return;
      last = `HTTP ${r.status} ${await r.text()}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`model ${model} was not ready within ${timeoutMs / 1000}s (last answer: ${last})`);
}
