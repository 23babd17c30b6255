import { CompactSign, importJWK } from 'jose';
import { JWS_TYPES, activeKey, generateKeyFile, publicJwks, rotateKeyFile, signJws, verifyJws, verifyKeyAnnouncement, type KeyFile, type StoredKey, type TrustedKey } from './index.js';
import { T0, at, refusal } from './spec-helpers.js';

const trustedOf = (key: StoredKey, extra: Partial<TrustedKey> = {}): TrustedKey => ({ kid: key.kid, jwk: key.publicJwk, ...extra });

describe('key rotation', () => {
  let kf: KeyFile;
  let old: StoredKey;
  let rotated: KeyFile;
  let announcement: string;
  const R = at(T0, 3600); // the rotation

  beforeAll(async () => {
    kf = await generateKeyFile('VN', T0);
    old = activeKey(kf);
    ({ keyFile: rotated, announcement } = await rotateKeyFile(kf, R));
  });

  it('adds a new active key and retires the old one, keeping it in the history', () => {
    expect(rotated.keys).toHaveLength(2);
    expect(rotated.keys[0]).toEqual({ ...old, status: 'retired', retiredAt: R.toISOString() });
    expect(rotated.keys[1]).toMatchObject({ status: 'active', createdAt: R.toISOString() });
    expect(activeKey(rotated).kid).not.toBe(old.kid);
    expect(kf.keys).toEqual([old]); // the input is not changed
    expect(publicJwks(rotated).keys.map((k) => k.kid)).toEqual([old.kid, activeKey(rotated).kid]);
  });

  it('announces the new key signed by the old one', async () => {
    const v = await verifyJws(announcement, { typ: JWS_TYPES.keyAnnouncement, trusted: [trustedOf(old)], issuer: 'VN', receivedAt: at(R, 2) });
    expect(v.kid).toBe(old.kid);
    expect(v.payload).toEqual({
      iss: 'VN',
      sub: 'VN',
      iat: R.getTime() / 1000,
      previousKid: old.kid,
      newKey: { kty: 'OKP', crv: 'Ed25519', x: activeKey(rotated).publicJwk.x, kid: activeKey(rotated).kid, alg: 'EdDSA', use: 'sig' },
    });
    expect(announcement).not.toContain(String(activeKey(rotated).privateJwk.d));
    expect(JSON.stringify(v.payload)).not.toMatch(/"d"/);
  });

  it('verifyKeyAnnouncement yields the new key, which then verifies what it signs; the old key still verifies old messages', async () => {
    const before = await signJws({ n: 1 }, JWS_TYPES.catalogue, old, { iss: 'VN' }, at(T0, 10));
    const { newKey, previousKid } = await verifyKeyAnnouncement(announcement, [trustedOf(old)], 'VN', at(R, 2));
    expect(previousKid).toBe(old.kid);
    expect(newKey).toEqual({ kid: activeKey(rotated).kid, jwk: activeKey(rotated).publicJwk, validFrom: R, validUntil: null, revokedAt: null, compromisedAt: null });

    const trusted = [trustedOf(old), newKey];
    const after = await signJws({ n: 2 }, JWS_TYPES.catalogue, activeKey(rotated), { iss: 'VN' }, at(R, 60));
    const opts = { typ: JWS_TYPES.catalogue, trusted, issuer: 'VN', receivedAt: at(R, 120) };
    await expect(verifyJws(after, opts)).resolves.toMatchObject({ kid: newKey.kid, payload: { n: 2 } });
    await expect(verifyJws(before, opts)).resolves.toMatchObject({ kid: old.kid, payload: { n: 1 } });
  });

  it('refuses an announcement from a key the receiver does not trust, or for another issuer', async () => {
    const stranger = activeKey(await generateKeyFile('VN', T0));
    expect(await refusal(verifyKeyAnnouncement(announcement, [trustedOf(stranger)], 'VN', at(R, 2)))).toMatchObject({ code: 'KEY_UNKNOWN' });
    expect(await refusal(verifyKeyAnnouncement(announcement, [trustedOf(old)], 'TH', at(R, 2)))).toMatchObject({ code: 'ISSUER_MISMATCH' });
  });

  it('refuses an announcement signed by a key compromised before it arrived', async () => {
    const err = await refusal(verifyKeyAnnouncement(announcement, [trustedOf(old, { compromisedAt: at(R, 1) })], 'VN', at(R, 2)));
    expect(err.code).toBe('KEY_COMPROMISED');
  });

  it('refuses a catalogue entry presented as an announcement', async () => {
    const entry = await signJws({ newKey: activeKey(rotated).publicJwk, previousKid: old.kid }, JWS_TYPES.catalogue, old, { iss: 'VN', sub: 'VN' }, R);
    expect(await refusal(verifyKeyAnnouncement(entry, [trustedOf(old)], 'VN', at(R, 2)))).toMatchObject({ code: 'TYP_MISMATCH' });
  });

  describe('malformed announcements (validly signed by the old key)', () => {
    const announce = (payload: Record<string, unknown>) => signJws(payload, JWS_TYPES.keyAnnouncement, old, { iss: 'VN', sub: 'VN' }, R);
    const newPublic = () => activeKey(rotated).publicJwk;

    it.each<[string, () => Record<string, unknown>, RegExp]>([
      ['a private key as newKey', () => ({ newKey: activeKey(rotated).privateJwk, previousKid: old.kid }), /without private members/],
      ['a kid that is not the thumbprint', () => ({ newKey: { ...newPublic(), kid: 'chosen-by-attacker' }, previousKid: old.kid }), /not the RFC 7638 thumbprint/],
      ['no kid', () => ({ newKey: { ...newPublic(), kid: undefined }, previousKid: old.kid }), /not the RFC 7638 thumbprint/],
      ['an EC key', () => ({ newKey: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b', kid: 'k' }, previousKid: old.kid }), /Ed25519 \(OKP\) public JWK/],
      ['an X25519 key', () => ({ newKey: { ...newPublic(), crv: 'X25519' }, previousKid: old.kid }), /Ed25519 \(OKP\) public JWK/],
      ['no newKey', () => ({ previousKid: old.kid }), /Ed25519 \(OKP\) public JWK/],
      ['a previousKid that did not sign', () => ({ newKey: newPublic(), previousKid: 'other' }), /previousKid "other" is not the key that signed/],
      ['the signing key announcing itself', () => ({ newKey: old.publicJwk, previousKid: old.kid }), /newKey is the key that signed/],
    ])('%s → MESSAGE_MALFORMED', async (_label, payload, message) => {
      const err = await refusal(verifyKeyAnnouncement(await announce(payload()), [trustedOf(old)], 'VN', at(R, 2)));
      expect(err).toMatchObject({ code: 'MESSAGE_MALFORMED', message: expect.stringMatching(message) });
      expect(err.message).not.toContain(String(activeKey(rotated).privateJwk.d));
    });
  });

  it('cannot rotate a key file without an active key', async () => {
    const { markCompromised } = await import('./index.js');
    expect(await refusal(rotateKeyFile(markCompromised(kf, old.kid, T0), R))).toMatchObject({ code: 'KEY_FILE_INVALID' });
  });

  it('a token forged with the retired key after a compromise is refused even with an honest-looking iat', async () => {
    // Whoever stole the old key backdates a message; it arrives after the compromise time.
    const k = await importJWK(old.privateJwk, 'EdDSA');
    const forged = await new CompactSign(Buffer.from(JSON.stringify({ iss: 'VN', iat: T0.getTime() / 1000 + 5 })))
      .setProtectedHeader({ alg: 'EdDSA', kid: old.kid, typ: JWS_TYPES.catalogue })
      .sign(k);
    const err = await refusal(verifyJws(forged, { typ: JWS_TYPES.catalogue, trusted: [trustedOf(old, { compromisedAt: R })], issuer: 'VN', receivedAt: at(R, 10) }));
    expect(err.code).toBe('KEY_COMPROMISED');
  });
});
