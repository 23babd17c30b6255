import { decodeToken } from './token';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: unknown) => `${b64({ alg: 'EdDSA', typ: 'JWT' })}.${b64(payload)}.c2ln`;
const NOW = Date.UTC(2026, 0, 1);

describe('decodeToken (display only; the server verifies)', () => {
  it('reads subject, known roles, country, organisation, audience and expiry', () => {
    const r = decodeToken(jwt({ sub: 'ana@jp', roles: ['analyst', 'Admin', 'superuser', 'auditor'], country: 'JP', org: 'moej', iss: 'https://idp', aud: 'littoral-hub', exp: NOW / 1000 + 60 }), NOW);
    expect(r).toEqual({ ok: true, claims: { subject: 'ana@jp', roles: ['analyst', 'auditor'], country: 'JP', organisation: 'moej', issuer: 'https://idp', audience: ['littoral-hub'], expiresAt: NOW + 60_000 } });
  });

  it.each([
    ['not a token', 'format'],
    ['a.b', 'format'],
    [`${b64({})}.${Buffer.from('not json').toString('base64url')}.x`, 'format'],
    [`${b64({})}.${b64([1, 2])}.x`, 'format'],
    ['a.b+c.d', 'format'],
  ])('refuses %s', (token, problem) => {
    expect(decodeToken(token, NOW)).toEqual({ ok: false, problem });
  });

  it('refuses an expired token, accepts one without exp (the server decides)', () => {
    expect(decodeToken(jwt({ sub: 'x', exp: NOW / 1000 }), NOW)).toEqual({ ok: false, problem: 'expired' });
    expect(decodeToken(jwt({ sub: 'x' }), NOW)).toMatchObject({ ok: true, claims: { expiresAt: null, roles: [] } });
  });

  it('decodes UTF-8 claims', () => {
    expect(decodeToken(jwt({ sub: 'นักวิเคราะห์' }), NOW)).toMatchObject({ ok: true, claims: { subject: 'นักวิเคราะห์' } });
  });
});
