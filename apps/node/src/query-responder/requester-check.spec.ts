import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { TokenVerifier } from '@littoral/auth';
import type { RequesterClaims } from '@littoral/federation';
import { checkRequester } from './requester-check';

describe('checkRequester', () => {
  const issuer = 'https://login.test.example';
  let verifier: TokenVerifier;
  let sign: (claims: Record<string, unknown>, aud?: string) => Promise<string>;
  const claims: RequesterClaims = { subject: 'analyst-1', country: 'TH', organisation: 'th-dmcr', roles: ['analyst'] };

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('Ed25519');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' }] };
    verifier = new TokenVerifier(createLocalJWKSet(jwks), { issuer, audience: 'littoral-hub', service: 'node' });
    sign = (c, aud = 'littoral-hub') =>
      new SignJWT(c).setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' }).setSubject('analyst-1').setIssuer(issuer).setAudience(aud).setIssuedAt().setExpirationTime('5m').sign(privateKey);
  });

  const token = () => sign({ roles: ['analyst'], country: 'TH', org: 'th-dmcr' });

  it('accepts claims equal to the verified token (roles as a set)', async () => {
    await expect(checkRequester(verifier, claims, await token(), new Date())).resolves.toMatchObject({ ok: true, requester: { subject: 'analyst-1', country: 'TH' } });
  });

  it.each([
    ['another country', { ...claims, country: 'JP' }, 'REQUESTER_MISMATCH'],
    ['another subject', { ...claims, subject: 'analyst-2' }, 'REQUESTER_MISMATCH'],
    ['another organisation', { ...claims, organisation: 'jp-moe' }, 'REQUESTER_MISMATCH'],
    ['no organisation while the token has one', { subject: 'analyst-1', country: 'TH', roles: ['analyst'] }, 'REQUESTER_MISMATCH'],
    ['an extra role', { ...claims, roles: ['analyst', 'admin'] }, 'REQUESTER_MISMATCH'],
  ])('refuses claims with %s', async (_, c, code) => {
    await expect(checkRequester(verifier, c as RequesterClaims, await token(), new Date())).resolves.toMatchObject({ ok: false, refusal: { code } });
  });

  it('refuses without a verifier, without a token, with a token for another audience, and without the analyst role', async () => {
    expect(await checkRequester(null, claims, await token(), new Date())).toMatchObject({ ok: false, refusal: { code: 'REQUESTER_UNVERIFIABLE' } });
    expect(await checkRequester(verifier, claims, undefined, new Date())).toMatchObject({ ok: false, refusal: { code: 'REQUESTER_TOKEN_INVALID' } });
    const other = await sign({ roles: ['analyst'], country: 'TH', org: 'th-dmcr' }, 'littoral-node-th');
    expect(await checkRequester(verifier, claims, other, new Date())).toMatchObject({ ok: false, refusal: { code: 'REQUESTER_TOKEN_INVALID', reason: expect.stringContaining('AUDIENCE_NOT_ACCEPTED') } });
    const auditor = await sign({ roles: ['auditor'], country: 'TH', org: 'th-dmcr' });
    expect(await checkRequester(verifier, { ...claims, roles: ['auditor'] }, auditor, new Date())).toMatchObject({ ok: false, refusal: { code: 'REQUESTER_NOT_ANALYST' } });
  });
});
