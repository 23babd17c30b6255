import { activeKey, generateKeyFile, publicJwks } from '@littoral/crypto';
import { checkJwks, checkPublicJwk } from './jwks';

describe('checkJwks', () => {
  it('accepts a node\'s public key set and keys each key by its RFC 7638 thumbprint', async () => {
    const kf = await generateKeyFile('TH', new Date());
    const keys = await checkJwks(publicJwks(kf));
    expect(keys).toEqual([{ kid: activeKey(kf).kid, jwk: { kty: 'OKP', crv: 'Ed25519', x: activeKey(kf).publicJwk.x, kid: activeKey(kf).kid, alg: 'EdDSA', use: 'sig' } }]);
  });

  it('accepts a key without kid and computes it', async () => {
    const kf = await generateKeyFile('TH', new Date());
    const { kty, crv, x } = activeKey(kf).publicJwk;
    expect((await checkPublicJwk({ kty, crv, x }, 'jwk')).kid).toBe(activeKey(kf).kid);
  });

  it.each([
    [null, /must be a JWKS document/],
    [{ keys: 'x' }, /must be a JWKS document/],
    [{ keys: [] }, /holds no key/],
    [{ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] }, /jwks.keys\[0\] must be an Ed25519 key/],
    [{ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'short' }] }, /jwks.keys\[0\].x must be the 32-byte public key/],
    [{ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), alg: 'ES256' }] }, /alg must be EdDSA/],
    [{ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), kid: 'mine' }] }, /kid "mine" is not the RFC 7638 thumbprint/],
    [{ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), d: 'B'.repeat(43) }] }, /holds private key material \(d\)/],
    [{ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) }, { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) }] }, /keys\[1\] repeats key/],
  ])('refuses %j', async (value, message) => {
    await expect(checkJwks(value)).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringMatching(message) });
  });

  it('never repeats private key material in its message', async () => {
    const secret = 'S'.repeat(43);
    const error = await checkJwks({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), d: secret }] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify({ message: (error as Error).message, details: (error as { details?: unknown }).details })).not.toContain(secret);
  });
});
