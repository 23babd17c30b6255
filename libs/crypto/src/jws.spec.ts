import fc from 'fast-check';
import { LittoralError } from '@littoral/contracts';
import { JWS_TYPES, activeKey, generateKeyFile, markCompromised, rotateKeyFile, signJws, verifyJws, type KeyFile, type TrustedKey, type VerifyOptions } from './index.js';
import { T0, at, b64, craft, hs256, refusal } from './spec-helpers.js';

describe('signJws / verifyJws', () => {
  let kf: KeyFile;
  let trusted: TrustedKey[];
  let token: string;
  const opts = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ typ: JWS_TYPES.catalogue, trusted, issuer: 'TH', receivedAt: at(T0, 5), ...extra });
  const key = () => activeKey(kf);
  const trust = (extra: Partial<TrustedKey> = {}): TrustedKey[] => [{ kid: key().kid, jwk: key().publicJwk, ...extra }];

  beforeAll(async () => {
    kf = await generateKeyFile('TH', T0);
    trusted = trust();
    token = await signJws({ dataset: 'th-gulf-2024', version: 3 }, JWS_TYPES.catalogue, key(), { iss: 'TH', sub: 'TH' }, T0);
  });

  it('round-trips: protected header { alg, kid, typ }, payload with iss, sub and iat in seconds', async () => {
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'EdDSA', kid: key().kid, typ: 'littoral-catalogue+jws' });
    const v = await verifyJws(token, opts());
    expect(v).toEqual({
      payload: { dataset: 'th-gulf-2024', version: 3, iss: 'TH', sub: 'TH', iat: T0.getTime() / 1000 },
      kid: key().kid,
      issuedAt: T0,
    });
  });

  it('claims override payload members of the same name, and sub is added only when given', async () => {
    const t = await signJws({ iss: 'JP', iat: 1, note: 'x' }, JWS_TYPES.tombstone, key(), { iss: 'TH' }, at(T0, 0.9));
    const v = await verifyJws(t, opts({ typ: JWS_TYPES.tombstone }));
    expect(v.payload).toEqual({ iss: 'TH', iat: T0.getTime() / 1000, note: 'x' });
  });

  it('refuses to sign with a compromised key or an unknown typ', async () => {
    const bad = markCompromised(kf, key().kid, T0).keys[0];
    expect(await refusal(signJws({}, JWS_TYPES.catalogue, bad, { iss: 'TH' }, T0))).toMatchObject({ code: 'KEY_COMPROMISED' });
    expect(await refusal(signJws({}, 'jwt' as never, key(), { iss: 'TH' }, T0))).toMatchObject({ code: 'INPUT_INVALID' });
  });

  describe('refusals', () => {
    const header = () => ({ alg: 'EdDSA', kid: key().kid, typ: JWS_TYPES.catalogue });
    const payload = { iss: 'TH', iat: T0.getTime() / 1000 };
    const cases: [string, string, () => Promise<string> | string, Partial<VerifyOptions>, RegExp][] = [
      ['oversized (checked before parsing)', 'PAYLOAD_TOO_LARGE', () => 'x'.repeat(300 * 1024), {}, /307200 bytes; at most 262144/],
      ['oversized with a custom limit', 'PAYLOAD_TOO_LARGE', () => token, { maxBytes: 100 }, /at most 100 are accepted/],
      ['two parts', 'MESSAGE_MALFORMED', () => 'abc.def', {}, /3 parts/],
      ['four parts', 'MESSAGE_MALFORMED', () => `${token}.x`, {}, /3 parts/],
      ['empty signature', 'SIGNATURE_INVALID', () => token.replace(/\.[^.]+$/, '.'), {}, /does not verify/],
      ['not base64url', 'MESSAGE_MALFORMED', () => `${token.split('.')[0]}.pay+load.sig`, {}, /payload is not base64url/],
      ['header not JSON', 'MESSAGE_MALFORMED', () => `${b64('{alg')}.${b64(payload)}.${b64('s')}`, {}, /protected header is not UTF-8 JSON/],
      ['payload not JSON', 'MESSAGE_MALFORMED', () => craft(header(), 'not json'), {}, /payload is not UTF-8 JSON/],
      ['payload a JSON array', 'MESSAGE_MALFORMED', () => craft(header(), [1, 2]), {}, /payload is not a JSON object/],
      ['alg none (unsecured, empty signature)', 'ALG_NOT_ALLOWED', () => `${b64({ ...header(), alg: 'none' })}.${b64(payload)}.`, {}, /algorithm "none" is not allowed/],
      ['empty payload', 'MESSAGE_MALFORMED', () => `${b64(header())}..${b64('s')}`, {}, /payload is not UTF-8 JSON/],
      ['non-canonical base64url (same signature bytes)', 'MESSAGE_MALFORMED', () => nonCanonicalSignature(token), {}, /signature is not base64url/],
      ['alg none with a signature part', 'ALG_NOT_ALLOWED', () => craft({ ...header(), alg: 'none' }, payload), {}, /algorithm "none" is not allowed; only EdDSA/],
      ['HS256 keyed with the public key', 'ALG_NOT_ALLOWED', () => hs256({ ...header(), alg: 'HS256' }, payload, String(key().publicJwk.x)), {}, /"HS256" is not allowed/],
      ['alg Ed25519 (fully specified, not our header)', 'ALG_NOT_ALLOWED', () => craft({ ...header(), alg: 'Ed25519' }, payload), {}, /"Ed25519"/],
      ['alg missing', 'ALG_NOT_ALLOWED', () => craft({ kid: key().kid, typ: JWS_TYPES.catalogue }, payload), {}, /names no algorithm; only EdDSA/],
      ['wrong typ', 'TYP_MISMATCH', () => token, { typ: JWS_TYPES.tombstone }, /typ "littoral-catalogue\+jws" does not match the expected littoral-tombstone\+jws/],
      ['typ JWT', 'TYP_MISMATCH', () => craft({ ...header(), typ: 'JWT' }, payload), {}, /typ "JWT"/],
      ['no kid', 'KEY_UNKNOWN', () => craft({ alg: 'EdDSA', typ: JWS_TYPES.catalogue }, payload), {}, /names no kid/],
      ['unknown kid', 'KEY_UNKNOWN', () => craft({ ...header(), kid: 'someone-else' }, payload), {}, /key "someone-else" is not a trusted key of TH/],
      ['no trusted keys', 'KEY_UNKNOWN', () => token, { trusted: [] }, /not a trusted key/],
      ['forged signature', 'SIGNATURE_INVALID', () => craft(header(), payload, Buffer.alloc(64, 7).toString('base64url')), {}, /does not verify/],
      ['tampered payload', 'SIGNATURE_INVALID', () => tamperPayload(token, { dataset: 'th-gulf-2024', version: 99, iss: 'TH', sub: 'TH', iat: T0.getTime() / 1000 }), {}, /does not verify/],
      ['wrong issuer', 'ISSUER_MISMATCH', () => token, { issuer: 'JP' }, /issuer "TH" does not match the expected issuer "JP"/],
      ['sub of another country', 'ISSUER_MISMATCH', () => signJws({}, JWS_TYPES.catalogue, key(), { iss: 'TH', sub: 'VN' }, T0), {}, /subject "VN"/],
      ['iat missing', 'MESSAGE_MALFORMED', () => signJws({}, JWS_TYPES.catalogue, key(), { iss: 'TH' }, T0).then((t) => resign(t, { iss: 'TH' })), {}, /iat/],
      ['iat a string', 'MESSAGE_MALFORMED', () => resign(token, { iss: 'TH', iat: '1740816000' }), {}, /iat/],
    ];

    it.each(cases)('%s → %s', async (_label, code, make, extra, message) => {
      const err = await refusal(verifyJws(await make(), opts(extra)));
      expect(err).toBeInstanceOf(LittoralError);
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(err.message).toMatch(/^Message refused: /);
      // Messages are safe to log: no key material, no payload.
      expect(err.message).not.toContain(String(key().publicJwk.x));
      expect(err.message).not.toContain('th-gulf-2024');
    });

    /** The last signature character carries 4 unused bits: setting one keeps the decoded bytes. */
    function nonCanonicalSignature(jws: string): string {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = jws[jws.length - 1];
      const changed = jws.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
      expect(Buffer.from(changed.split('.')[2], 'base64url')).toEqual(Buffer.from(jws.split('.')[2], 'base64url'));
      return changed;
    }

    /** The same header, a different payload, the original signature. */
    function tamperPayload(jws: string, body: unknown): string {
      const [hh, , ss] = jws.split('.');
      return `${hh}.${b64(body)}.${ss}`;
    }

    /** Re-signs `body` with the real key (to reach the checks after the signature). */
    async function resign(_jws: string, body: Record<string, unknown>): Promise<string> {
      const { CompactSign, importJWK } = await import('jose');
      const k = await importJWK(key().privateJwk, 'EdDSA');
      return new CompactSign(Buffer.from(JSON.stringify(body))).setProtectedHeader(header()).sign(k);
    }

    it('cuts long untrusted values short in messages', async () => {
      const err = await refusal(verifyJws(craft({ ...header(), kid: 'k'.repeat(5000) }, payload), opts()));
      expect(err.code).toBe('KEY_UNKNOWN');
      expect(err.message.length).toBeLessThan(200);
    });

    it('never asks jose to verify a non-EdDSA token even if the trusted key is symmetric', async () => {
      const oct = [{ kid: key().kid, jwk: { kty: 'oct', k: String(key().publicJwk.x) } }];
      const t = hs256({ ...header(), alg: 'HS256' }, payload, String(key().publicJwk.x));
      expect((await refusal(verifyJws(t, opts({ trusted: oct })))).code).toBe('ALG_NOT_ALLOWED');
      // …and an EdDSA header with a symmetric trusted key is not a usable key.
      expect((await refusal(verifyJws(token, opts({ trusted: oct })))).code).toBe('KEY_UNKNOWN');
    });
  });

  describe('key periods', () => {
    // Signed at T0; the key is compromised from C.
    const C = at(T0, 60);
    const compromised = (when: Date) => trust({ compromisedAt: when });

    it.each([
      ['iat before C, received before C', T0, at(T0, 10), null],
      ['iat before C, received after C', T0, at(C, 1), 'KEY_COMPROMISED'],
      ['iat before C, received exactly at C', T0, C, 'KEY_COMPROMISED'],
      ['iat after C, received after C', at(C, 5), at(C, 6), 'KEY_COMPROMISED'],
      ['iat after C (the signer lies about time), received before C', at(C, 5), at(T0, 30), 'KEY_COMPROMISED'],
      ['iat in the same second as C', at(C, 0.5), at(T0, 30), 'KEY_COMPROMISED'],
    ] as const)('compromised from C: %s', async (_label, signedAt, receivedAt, code) => {
      const t = await signJws({}, JWS_TYPES.catalogue, key(), { iss: 'TH' }, signedAt);
      const run = verifyJws(t, opts({ trusted: compromised(C), receivedAt }));
      if (code === null) await expect(run).resolves.toMatchObject({ kid: key().kid });
      else expect(await refusal(run)).toMatchObject({ code, message: expect.stringMatching(/compromised from 2025-03-01T08:01:00\.000Z/) });
    });

    it('refuses anything received at or after revocation, accepts what came before', async () => {
      const revokedAt = at(T0, 30);
      await expect(verifyJws(token, opts({ trusted: trust({ revokedAt }), receivedAt: at(T0, 29) }))).resolves.toBeDefined();
      for (const receivedAt of [revokedAt, at(T0, 31)]) {
        expect(await refusal(verifyJws(token, opts({ trusted: trust({ revokedAt }), receivedAt })))).toMatchObject({ code: 'KEY_REVOKED', message: expect.stringMatching(/revoked at 2025-03-01T08:00:30\.000Z/) });
      }
    });

    it('refuses a message issued outside the key validity, inclusive bounds', async () => {
      await expect(verifyJws(token, opts({ trusted: trust({ validFrom: T0, validUntil: T0 }) }))).resolves.toBeDefined();
      await expect(verifyJws(token, opts({ trusted: trust({ validFrom: at(T0, 0.4) }) }))).resolves.toBeDefined(); // same second
      for (const window of [{ validFrom: at(T0, 1) }, { validUntil: at(T0, -1) }, { validFrom: at(T0, -10), validUntil: at(T0, -5) }]) {
        expect(await refusal(verifyJws(token, opts({ trusted: trust(window) })))).toMatchObject({ code: 'KEY_REVOKED', message: expect.stringMatching(/outside the validity/) });
      }
    });

    it('a retired key still verifies what it signed before the rotation', async () => {
      const { keyFile } = await rotateKeyFile(kf, at(T0, 100));
      const retired = keyFile.keys.find((k) => k.status === 'retired')!;
      expect(retired.kid).toBe(key().kid);
      const history = keyFile.keys.map((k) => ({ kid: k.kid, jwk: k.publicJwk }));
      await expect(verifyJws(token, opts({ trusted: history, receivedAt: at(T0, 1000) }))).resolves.toMatchObject({ kid: retired.kid });
      const fresh = await signJws({}, JWS_TYPES.catalogue, activeKey(keyFile), { iss: 'TH' }, at(T0, 200));
      await expect(verifyJws(fresh, opts({ trusted: history, receivedAt: at(T0, 1000) }))).resolves.toMatchObject({ kid: activeKey(keyFile).kid });
    });
  });

  it('property: any single-character change to a signed token never verifies', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet.split('')), async (index, replacement) => {
        fc.pre(token[index] !== replacement);
        const changed = token.slice(0, index) + replacement + token.slice(index + 1);
        const outcome = await verifyJws(changed, opts()).then(
          () => 'verified',
          (err: unknown) => (err instanceof LittoralError ? err.code : 'crash'),
        );
        expect(['MESSAGE_MALFORMED', 'ALG_NOT_ALLOWED', 'TYP_MISMATCH', 'KEY_UNKNOWN', 'SIGNATURE_INVALID']).toContain(outcome);
      }),
      { numRuns: 500 },
    );
  });

  it('property: every position of the token is covered by the checks', async () => {
    // Exhaustive over positions, so the last base64url character (with its unused bits) is always tried.
    for (let i = 0; i < token.length; i++) {
      const c = token[i] === 'A' ? 'B' : 'A';
      const changed = token.slice(0, i) + c + token.slice(i + 1);
      await expect(verifyJws(changed, opts())).rejects.toBeInstanceOf(LittoralError);
    }
  });
});
