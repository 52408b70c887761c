import type { ServiceError } from '@grpc/grpc-js';
import { createTestDatabase } from '@mizan/db/testing';
import { experimentV1 } from '@mizan/protos';
import { createGrpcClient, createLogger, parseConfig } from '@mizan/service-kit';
import { bearerMetadata, createTestIdentity, graphqlClient, type GqlResult } from '@mizan/service-kit/testing';
import { inject } from 'vitest';
import { startExperiment } from '../src/app.ts';
import { ExperimentConfig } from '../src/config.ts';

export type { GqlResult };

/** The experiment service in-process on free ports, over its own fresh database, with an in-memory token issuer. */
export async function startTestExperiment() {
  const identity = await createTestIdentity();
  const { issuer, jwksFile } = identity;
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
      const md = bearerMetadata(token);
      client.getExperiment({ name }, md, { deadline: Date.now() + 10_000 }, (err: ServiceError | null, res) => (err ? reject(err) : resolve(res)));
    });

  const gql = graphqlClient(base);

  return {
    issuer, db, base, getExperiment, gql,
    tenant: identity.tenant,
    async close() {
      client.close();
      await app.stop();
      await db.drop();
      identity.cleanup();
    },
  };
}

export type TestExperiment = Awaited<ReturnType<typeof startTestExperiment>>;
