import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { createTestDatabase } from '@mizan/db/testing';
import { experimentV1 } from '@mizan/protos';
import { createGrpcClient, createLogger, createMemoryIssuer, parseConfig } from '@mizan/service-kit';
import { inject } from 'vitest';
import { startExperiment } from '../src/app.ts';
import { ExperimentConfig } from '../src/config.ts';

export interface GqlResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests' expectations check the shape
  body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** The experiment service in-process on free ports, over its own fresh database, with an in-memory token issuer. */
export async function startTestExperiment() {
  const issuer = await createMemoryIssuer();
  const dir = mkdtempSync(join(tmpdir(), 'mizan-experiment-test-'));
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify(issuer.jwks));
  const db = await createTestDatabase({ adminUrl: inject('adminDatabaseUrl'), service: 'experiment' });
  const config = parseConfig(ExperimentConfig, {
    MIZAN_EXPERIMENT_GRPC_PORT: '0', MIZAN_EXPERIMENT_HTTP_PORT: '0', MIZAN_EXPERIMENT_DATABASE_URL: db.url, MIZAN_JWKS_FILE: jwksFile, MIZAN_LOG_LEVEL: 'silent',
  });
  const app = await startExperiment(config, createLogger({ service: 'experiment', level: 'silent' }));
  const client = createGrpcClient(experimentV1.ExperimentServiceClient, `127.0.0.1:${app.grpcPort}`);
  const base = `http://127.0.0.1:${app.httpPort}`;

  /** A raw gRPC call, so that tests see the real status code; `token` null sends no authorization. */
  const getExperiment = (name: string, token: string | null) =>
    new Promise<experimentV1.Experiment>((resolve, reject) => {
      const md = new Metadata();
      if (token !== null) md.set('authorization', `Bearer ${token}`);
      client.getExperiment({ name }, md, { deadline: Date.now() + 10_000 }, (err: ServiceError | null, res) => (err ? reject(err) : resolve(res)));
    });

  const gql = async (query: string, variables: Record<string, unknown>, token: string | undefined): Promise<GqlResult> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GqlResult['body'] };
  };

  return {
    issuer, db, base, getExperiment, gql,
    /** A fresh tenant with a user token, so tests never see each other's rows. */
    async tenant() {
      const id = `t-${randomUUID()}`;
      return { id, subject: `user-${id}`, token: await issuer.sign({ sub: `user-${id}`, tenant: id, roles: ['admin'] }) };
    },
    async close() {
      client.close();
      await app.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestExperiment = Awaited<ReturnType<typeof startTestExperiment>>;
