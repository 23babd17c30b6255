import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

// A throwaway token issuer for end-to-end tests: an Ed25519 key pair made per
// test file, its public JWKS in a temp dir, short-lived tokens signed on demand.

export interface TokenOptions {
  sub?: string;
  roles?: unknown;
  country?: string;
  org?: string;
  /** jose time span, e.g. '5m'; or an absolute exp in seconds since the epoch. */
  expiresIn?: string | number;
  notBefore?: string | number;
  issuer?: string;
  audience?: string;
  /** The `typ` header (default JWT); null leaves it out. */
  typ?: string | null;
}

/** The audience hub tokens name by default (LITTORAL_AUTH_AUDIENCE unset on the hub). */
export const HUB_AUDIENCE = 'littoral-hub';
/** Every role the hub's API uses: a bearer holding them may call any hub operation. */
export const HUB_STAFF_ROLES = ['admin', 'analyst', 'auditor'];

export interface TestIssuer {
  issuer: string;
  audience: string;
  /** The public JWKS file (LITTORAL_AUTH_JWKS). */
  jwksFile: string;
  /** The public JWKS. */
  jwks: { keys: JWK[] };
  /** Environment variables that point a node or the hub at this issuer. */
  env: Record<string, string>;
  /** A JWT signed by this issuer (EdDSA), valid for 5 minutes unless told otherwise. */
  token(options?: TokenOptions): Promise<string>;
  /** `Authorization` header value for a token. */
  bearer(options?: TokenOptions): Promise<string>;
  /** `Authorization` value of a token holding every hub role (admin, analyst, auditor), for tests about something else. */
  staff(): Promise<string>;
  /** Removes the temp dir. */
  cleanup(): Promise<void>;
}

/** A test issuer whose tokens name the hub's default audience. */
export function createHubTestIssuer(): Promise<TestIssuer> {
  return createTestIssuer({ audience: HUB_AUDIENCE });
}

export async function createTestIssuer(options: { issuer?: string; audience?: string } = {}): Promise<TestIssuer> {
  const issuer = options.issuer ?? 'https://login.test.littoral.example';
  const audience = options.audience ?? 'littoral-node-th';
  const { privateKey, publicKey } = await generateKeyPair('Ed25519');
  const kid = 'test-issuer-1';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] };
  const dir = await mkdtemp(path.join(tmpdir(), 'littoral-auth-'));
  const jwksFile = path.join(dir, 'jwks.json');
  await writeFile(jwksFile, JSON.stringify(jwks));

  const token = (o: TokenOptions = {}) => signToken(privateKey, kid, { issuer, audience, ...o });
  return {
    issuer,
    audience,
    jwksFile,
    jwks,
    env: { LITTORAL_AUTH_ISSUER: issuer, LITTORAL_AUTH_JWKS: jwksFile, LITTORAL_AUTH_AUDIENCE: audience },
    token,
    bearer: async (o) => `Bearer ${await token(o)}`,
    staff: async () => `Bearer ${await token({ roles: HUB_STAFF_ROLES })}`,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function signToken(key: CryptoKey, kid: string, o: TokenOptions & { issuer: string; audience: string }): Promise<string> {
  const claims: Record<string, unknown> = { roles: o.roles ?? [] };
  if (o.country !== undefined) claims.country = o.country;
  if (o.org !== undefined) claims.org = o.org;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid, ...(o.typ === null ? {} : { typ: o.typ ?? 'JWT' }) })
    .setSubject(o.sub ?? 'tester@example.org')
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '5m');
  if (o.notBefore !== undefined) jwt.setNotBefore(o.notBefore);
  return jwt.sign(key);
}
