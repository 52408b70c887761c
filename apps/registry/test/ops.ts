// GraphQL operations and small helpers shared by the integration tests.
import { type registryV1 } from '@mizan/protos';
import { callMetadata } from '@mizan/service-kit';
import { expect } from 'vitest';
import { linearModel } from './fixtures/onnx-models.ts';
import { collectStream, gql, grpcUnary, type Harness, type newTenant, sha256, uploadHttp } from './harness.ts';

export type Tenant = Awaited<ReturnType<typeof newTenant>>;

export const REGISTER = 'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id name task description region createdAt updatedAt } }';
export const ADD = `mutation($input: AddModelVersionInput!) { addModelVersion(input: $input) {
  id number sha256 size format createdBy createdAt inputs { name datatype shape } outputs { name datatype shape } model { name } } }`;
export const SET_ALIAS = 'mutation($input: SetAliasInput!) { setAlias(input: $input) { name updatedAt version { id number sha256 } } }';
export const MODEL = `query($name: String!) { model(name: $name) { id name task region
  versions(first: 10) { edges { cursor node { id number sha256 size format inputs { name datatype shape } outputs { name datatype shape } model { name } } } pageInfo { hasNextPage endCursor } }
  aliases { name version { number } } } }`;

export function ops(h: Harness) {
  const register = (t: Tenant, name: string, extra: Record<string, unknown> = {}) =>
    gql(h, t.token, REGISTER, { input: { name, task: 'regression', description: 'a test model', ...extra } });
  async function addVersion(t: Tenant, model: string, bytes = linearModel()) {
    const up = await uploadHttp(h, t.token, bytes, { 'content-sha256': sha256(bytes) });
    expect(up.status).toBe(201);
    return gql(h, t.token, ADD, { input: { model, uploadId: up.body.uploadId, sha256: up.body.sha256 } });
  }
  const modelOf = async (t: Tenant, name: string) => (await gql(h, t.token, MODEL, { name })).data?.model;
  const getVersion = (token: string | undefined, req: Partial<registryV1.GetModelVersionRequest>) =>
    grpcUnary<registryV1.GetModelVersionRequest, registryV1.ModelVersion>(h.grpc.getModelVersion.bind(h.grpc) as never, { model: '', version: '', tenant: '', ...req }, token);
  const download = (token: string, tenant: string, sha: string) =>
    collectStream<registryV1.DownloadArtifactResponse>(h.grpc.downloadArtifact({ tenant, sha256: sha }, callMetadata({ token })));
  return { register, addVersion, modelOf, getVersion, download };
}
