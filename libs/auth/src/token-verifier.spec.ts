import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { LittoralError } from '@littoral/contracts';
import { openKeySet } from './key-set.js';
import { bearerToken, toRequester, TokenVerifier } from './token-verifier.js';

const ISS = 'https://login.example.th';
const AUD = 'littoral-node-th';

async function keyPair(alg: 'EdDSA' | 'ES256' | 'RS256', kid: string) {
  const { privateKey, publicKey } = alg === 'EdDSA' ? await generateKeyPair('Ed25519') : await generateKeyPair(alg);
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

function sign(key: CryptoKey, alg: string, kid: string, claims: Record<string, unknown>, set: (j: SignJWT) => SignJWT = (j) => j, typ: string | null = 'JWT') {
  return set(new SignJWT(claims).setProtectedHeader({ alg, kid, ...(typ === null ? {} : { typ }) }).setIssuer(ISS).setAudience(AUD)).sign(key);
}

async function reason(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LittoralError);
    expect((e as LittoralError).code).toBe('UNAUTHENTICATED');
    return (e as LittoralError).details?.reason as string;
  }
  throw new Error('expected a refusal');
}

describe('TokenVerifier', () => {
  let keys: Record<string, { privateKey: CryptoKey; jwk: object }>;
  let verifier: TokenVerifier;
  const now = new Date('2025-03-01T00:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  beforeAll(async () => {
    keys = { EdDSA: await keyPair('EdDSA', 'ed'), ES256: await keyPair('ES256', 'es'), RS256: await keyPair('RS256', 'rs') };
    const set: JWTVerifyGetKey = createLocalJWKSet({ keys: Object.values(keys).map((k) => k.jwk) });
    verifier = new TokenVerifier(set, { issuer: ISS, audience: AUD, service: 'node' });
  });

  it.each(['EdDSA', 'ES256', 'RS256'])('accepts %s', async (alg) => {
    const kid = (keys[alg].jwk as { kid: string }).kid;
    const token = await sign(keys[alg].privateKey, alg, kid, { sub: 'a', roles: ['operator'] }, (j) => j.setExpirationTime(t + 60));
    await expect(verifier.verify(token, now)).resolves.toEqual({ subject: 'a', roles: ['operator'], country: null, organisation: null });
  });

  it('tolerates 30 s of clock difference, not more', async () => {
    const sign_ = (exp: number) => sign(keys.EdDSA.privateKey, 'EdDSA', 'ed', { sub: 'a' }, (j) => j.setExpirationTime(exp));
    await expect(verifier.verify(await sign_(t - 20), now)).resolves.toMatchObject({ subject: 'a' });
    expect(await reason(verifier.verify(await sign_(t - 40), now))).toBe('TOKEN_EXPIRED');
  });

  it.each([
    ['no exp', { sub: 'a' }, (j: SignJWT) => j, 'CLAIMS_INVALID'],
    ['no sub', {}, (j: SignJWT) => j.setExpirationTime(t + 60), 'CLAIMS_INVALID'],
    ['an empty sub', { sub: ' ' }, (j: SignJWT) => j.setExpirationTime(t + 60), 'CLAIMS_INVALID'],
  ])('refuses a token with %s', async (_case, claims, set, expected) => {
    expect(await reason(verifier.verify(await sign(keys.EdDSA.privateKey, 'EdDSA', 'ed', claims, set), now))).toBe(expected);
  });

  it.each(['JWT', 'at+jwt', 'application/at+jwt', 'jwt'])('accepts typ %s', async (typ) => {
    const token = await sign(keys.EdDSA.privateKey, 'EdDSA', 'ed', { sub: 'a' }, (j) => j.setExpirationTime(t + 60), typ);
    await expect(verifier.verify(token, now)).resolves.toMatchObject({ subject: 'a' });
  });

  it.each([
    ['no typ', null],
    ['a catalogue entry', 'littoral-catalogue+jws'],
    ['a query answer', 'littoral-answer+jws'],
    ['an ID token of another kind', 'dpop+jwt'],
  ])('refuses %s as a token (TOKEN_TYPE_NOT_ACCEPTED), before looking for a key', async (_case, typ) => {
    const lookups: unknown[] = [];
    const counting = new TokenVerifier(async (h) => { lookups.push(h); throw new Error('not reached'); }, { issuer: ISS, audience: AUD, service: 'hub' });
    const token = await sign(keys.EdDSA.privateKey, 'EdDSA', 'ed', { sub: 'a' }, (j) => j.setExpirationTime(t + 60), typ);
    expect(await reason(counting.verify(token, now))).toBe('TOKEN_TYPE_NOT_ACCEPTED');
    expect(lookups).toEqual([]);
  });

  it('names the service in issuer and audience refusals', async () => {
    const token = await sign(keys.EdDSA.privateKey, 'EdDSA', 'ed', { sub: 'a' }, (j) => j.setExpirationTime(t + 60).setAudience('other'));
    await expect(verifier.verify(token, now)).rejects.toMatchObject({ message: 'The token is not meant for this node; expected audience "littoral-node-th"' });
  });

  it('reports an unusable key set and refuses with KEYS_UNAVAILABLE', async () => {
    const seen: Error[] = [];
    const failing = new TokenVerifier(async () => { throw new TypeError('fetch failed'); }, { issuer: ISS, audience: AUD, service: 'node' }, (e) => seen.push(e));
    const token = await sign(keys.EdDSA.privateKey, 'EdDSA', 'ed', { sub: 'a' }, (j) => j.setExpirationTime(t + 60));
    expect(await reason(failing.verify(token, now))).toBe('KEYS_UNAVAILABLE');
    expect(seen.map((e) => e.message)).toEqual(['fetch failed']);
  });
});

describe('toRequester', () => {
  it('keeps only recognised roles, exactly as written, once', () => {
    expect(toRequester({ sub: 's', roles: ['admin', 'Admin', 'admin ', 'auditor', 'admin', 'root'], country: 'VN', org: 'VNU' })).toEqual({
      subject: 's', roles: ['admin', 'auditor'], country: 'VN', organisation: 'VNU',
    });
  });

  it.each([
    ['roles not a list', { roles: 'admin' }],
    ['a role that is not a string', { roles: ['admin', 1] }],
    ['a country in lower case', { country: 'vn' }],
    ['a country that does not exist', { country: 'XX' }],
    ['an org that is not a string', { org: 42 }],
  ])('refuses %s with CLAIMS_INVALID', async (_case, claims) => {
    expect(await reason(Promise.resolve().then(() => toRequester({ sub: 's', ...claims })))).toBe('CLAIMS_INVALID');
  });
});

describe('bearerToken', () => {
  it('takes the token of a Bearer header, any case of the scheme', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('bearer a.b.c')).toBe('a.b.c');
  });
  it.each([
    [undefined, 'TOKEN_MISSING'], ['', 'TOKEN_MISSING'], ['Basic abc', 'TOKEN_MALFORMED'], ['Bearer', 'TOKEN_MALFORMED'],
    ['Bearer a b', 'TOKEN_MALFORMED'], [`Bearer ${'a'.repeat(9000)}`, 'TOKEN_MALFORMED'],
  ])('refuses %p with %s', async (header, expected) => {
    expect(await reason(Promise.resolve().then(() => bearerToken(header)))).toBe(expected);
  });
});

describe('openKeySet (file)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'littoral-jwks-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function open(content: string) {
    const file = path.join(dir, `k${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, content);
    return openKeySet({ kind: 'file', path: file });
  }

  it('opens a set of public keys', async () => {
    const { jwk } = await keyPair('EdDSA', 'ed');
    await expect(open(JSON.stringify({ keys: [jwk] }))).resolves.toEqual(expect.any(Function));
  });

  it.each([
    ['not JSON', 'nope', 'is not JSON'],
    ['no keys', '{"keys": []}', 'is not a JSON Web Key Set with at least one key'],
    ['a symmetric key', '{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}', 'holds a symmetric (oct) key'],
    ['a private key', '{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "AA", "d": "AA"}]}', 'holds a private key'],
  ])('refuses %s with CONFIG_INVALID', async (_case, content, message) => {
    await expect(open(content)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(message) });
  });
});
