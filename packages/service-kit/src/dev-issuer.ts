import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';

export interface TokenClaims {
  sub: string;
  tenant: string;
  roles?: string[];
  region?: string;
  /** Lifetime in seconds (default 12 h); negative values make already-expired tokens for tests. */
  ttlSeconds?: number;
}

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: JSONWebKeySet;
  sign(claims: TokenClaims): Promise<string>;
}

const ALG = 'ES256';

async function issuerFrom(privateJwk: JWK, issuer: string, audience: string): Promise<DevIssuer> {
  const key = await importJWK(privateJwk, ALG);
  const { d: _d, ...publicJwk } = privateJwk;
  return {
    issuer,
    audience,
    jwks: { keys: [{ ...publicJwk, alg: ALG, use: 'sig' }] },
    async sign(c) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ tenant: c.tenant, roles: c.roles ?? ['admin'], region: c.region ?? 'eu-west-1' })
        .setProtectedHeader({ alg: ALG, kid: privateJwk.kid! })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(c.sub)
        .setIssuedAt(now)
        .setExpirationTime(now + (c.ttlSeconds ?? 12 * 3600))
        .sign(key);
    },
  };
}

/** A fresh in-memory issuer (tests). */
export async function createMemoryIssuer(issuer = 'mizan-dev', audience = 'mizan'): Promise<DevIssuer> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return issuerFrom({ ...jwk, kid: `dev-${Date.now().toString(36)}` }, issuer, audience);
}

/**
 * The dev issuer of `npm start`: its private key and public JWKS live in `dir` (git-ignored `.mizan/`),
 * created on first use and reused after, so tokens survive a restart.
 */
export async function loadDevIssuer(dir: string, issuer = 'mizan-dev', audience = 'mizan'): Promise<DevIssuer & { jwksFile: string }> {
  const keyFile = join(dir, 'dev-issuer.private.jwk.json');
  const jwksFile = join(dir, 'jwks.json');
  let jwk: JWK;
  if (existsSync(keyFile)) {
    jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    mkdirSync(dir, { recursive: true });
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    jwk = { ...(await exportJWK(privateKey)), kid: `dev-${Date.now().toString(36)}` };
    writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  const dev = await issuerFrom(jwk, issuer, audience);
  writeFileSync(jwksFile, JSON.stringify(dev.jwks, null, 2));
  return { ...dev, jwksFile };
}
