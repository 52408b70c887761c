import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DomainError } from './errors.ts';

/** Who is calling: read from a verified JWT, passed explicitly to every use case. */
export interface Identity {
  readonly tenantId: string;
  readonly subject: string;
  readonly roles: readonly string[];
  readonly region: string;
  /** The raw bearer token, forwarded unchanged when a service calls another on the caller's behalf. */
  readonly token: string;
}

/** Role carried by service identities; such callers may act across tenants where their job needs it. */
export const SERVICE_ROLE = 'service';
export const isService = (who: Identity): boolean => who.roles.includes(SERVICE_ROLE);

const Claims = z.object({
  sub: z.string().min(1),
  tenant: z.string().min(1),
  roles: z.array(z.string()).default([]),
  region: z.string().min(1).default('eu-west-1'),
});

export interface TokenVerifier {
  verify(token: string): Promise<Identity>;
}

export interface VerifierOptions {
  jwksFile?: string | undefined;
  jwksUrl?: string | undefined;
  jwks?: JSONWebKeySet;
  issuer: string;
  audience: string;
  /** Verified tokens remembered (until their exp) so a hot path does not verify the same signature per call. */
  cacheSize?: number;
}

/** Verifies bearer JWTs against a JWKS (file, URL or object) with issuer, audience and expiry checks. */
export function createVerifier(opts: VerifierOptions): TokenVerifier {
  let keys: JWTVerifyGetKey;
  if (opts.jwks) keys = createLocalJWKSet(opts.jwks);
  else if (opts.jwksFile) keys = createLocalJWKSet(JSON.parse(readFileSync(opts.jwksFile, 'utf8')) as JSONWebKeySet);
  else if (opts.jwksUrl) keys = createRemoteJWKSet(new URL(opts.jwksUrl));
  else throw new Error('createVerifier needs jwks, jwksFile or jwksUrl');
  // An ES256 verify costs ~0.4 ms here, and the router and the worker both check every call. A token whose
  // signature verified stays valid until its exp (there is no revocation list), so the identity is kept
  // until then, keyed by the exact token bytes; the oldest entries go first when the cache is full.
  const cache = new Map<string, { who: Identity; expMs: number }>();
  const max = opts.cacheSize ?? 10_000;
  return {
    async verify(token) {
      const hit = cache.get(token);
      if (hit) {
        if (Date.now() < hit.expMs) return hit.who;
        cache.delete(token);
        throw new DomainError('UNAUTHENTICATED', 'token expired');
      }
      try {
        const { payload } = await jwtVerify(token, keys, { issuer: opts.issuer, audience: opts.audience, requiredClaims: ['exp', 'sub'] });
        const c = Claims.safeParse(payload);
        if (!c.success) throw new DomainError('UNAUTHENTICATED', `token claims invalid: ${c.error.issues.map((i) => i.path.join('.')).join(', ')}`);
        const who: Identity = { tenantId: c.data.tenant, subject: c.data.sub, roles: c.data.roles, region: c.data.region, token };
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(token, { who, expMs: (payload.exp ?? 0) * 1000 });
        return who;
      } catch (e) {
        if (e instanceof DomainError) throw e;
        if (e instanceof joseErrors.JWTExpired) throw new DomainError('UNAUTHENTICATED', 'token expired');
        if (e instanceof joseErrors.JOSEError) throw new DomainError('UNAUTHENTICATED', `invalid token: ${e.code}`);
        throw e;
      }
    },
  };
}

/** Extracts the token from an `authorization: Bearer …` value; UNAUTHENTICATED when absent or malformed. */
export function bearerToken(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) throw new DomainError('UNAUTHENTICATED', 'missing bearer token (authorization: Bearer <JWT>)');
  const m = /^Bearer\s+(\S+)$/i.exec(v.trim());
  if (!m) throw new DomainError('UNAUTHENTICATED', 'authorization header must be "Bearer <JWT>"');
  return m[1]!;
}

/** Verified identity of an HTTP or GraphQL request. */
export const identityFromHeaders = (verifier: TokenVerifier, headers: Record<string, string | string[] | undefined>): Promise<Identity> =>
  Promise.resolve().then(() => verifier.verify(bearerToken(headers['authorization'])));

/** Requires one of the roles; PERMISSION_DENIED otherwise. Full RBAC comes later; tenant scope is in every store call. */
export function assertRole(who: Identity, ...roles: string[]): void {
  if (isService(who) || roles.some((r) => who.roles.includes(r))) return;
  throw new DomainError('PERMISSION_DENIED', `requires one of the roles: ${roles.join(', ')}`);
}
