// Helpers for services' integration tests (imported as '@mizan/service-kit/testing'; never by app code).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata } from '@grpc/grpc-js';
import { createMemoryIssuer, type DevIssuer } from './dev-issuer.ts';

export interface GqlResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests' expectations check the shape
  body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

export interface TestIdentity {
  issuer: DevIssuer;
  /** A JWKS file of the issuer, for a service's MIZAN_JWKS_FILE. */
  jwksFile: string;
  /** A fresh tenant with a user token, so tests never see each other's rows. */
  tenant(): Promise<{ id: string; subject: string; token: string }>;
  /** A service identity's token (role `service`, tenant `_system`). */
  serviceToken(subject: string): Promise<string>;
  cleanup(): void;
}

/** An in-memory issuer with its JWKS written to a temp file, as a service under test reads it. */
export async function createTestIdentity(): Promise<TestIdentity> {
  const issuer = await createMemoryIssuer();
  const dir = mkdtempSync(join(tmpdir(), 'mizan-test-identity-'));
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify(issuer.jwks));
  return {
    issuer,
    jwksFile,
    async tenant() {
      const id = `t-${randomUUID()}`;
      return { id, subject: `user-${id}`, token: await issuer.sign({ sub: `user-${id}`, tenant: id, roles: ['admin'] }) };
    },
    serviceToken: (subject) => issuer.sign({ sub: subject, tenant: '_system', roles: ['service'] }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** POSTs GraphQL to `${base}/graphql`; `token` undefined sends no authorization. */
export const graphqlClient = (base: string) => async (query: string, variables: Record<string, unknown>, token: string | undefined): Promise<GqlResult> => {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GqlResult['body'] };
};

/** gRPC metadata carrying a bearer token; null sends none. */
export function bearerMetadata(token: string | null): Metadata {
  const md = new Metadata();
  if (token !== null) md.set('authorization', `Bearer ${token}`);
  return md;
}
