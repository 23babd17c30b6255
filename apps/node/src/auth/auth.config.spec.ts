import { loadAuthConfig } from './auth.config.js';

describe('loadAuthConfig', () => {
  it('leaves authentication off (null) when nothing is set, with the default audience', () => {
    expect(loadAuthConfig({ LITTORAL_COUNTRY: 'TH' })).toEqual({ LITTORAL_AUTH_ISSUER: null, LITTORAL_AUTH_JWKS: null, LITTORAL_AUTH_AUDIENCE: 'littoral-node-th' });
  });

  it('reads a URL or a file as the key set', () => {
    const base = { LITTORAL_COUNTRY: 'JP', LITTORAL_AUTH_ISSUER: 'https://login.example.jp' };
    expect(loadAuthConfig({ ...base, LITTORAL_AUTH_JWKS: 'https://login.example.jp/certs' })).toMatchObject({
      LITTORAL_AUTH_JWKS: { kind: 'url', url: 'https://login.example.jp/certs' }, LITTORAL_AUTH_AUDIENCE: 'littoral-node-jp',
    });
    expect(loadAuthConfig({ ...base, LITTORAL_AUTH_JWKS: '/etc/littoral/jwks.json', LITTORAL_AUTH_AUDIENCE: 'node-api' })).toMatchObject({
      LITTORAL_AUTH_JWKS: { kind: 'file', path: '/etc/littoral/jwks.json' }, LITTORAL_AUTH_AUDIENCE: 'node-api',
    });
  });

  it.each([
    ['an issuer without a key set', { LITTORAL_AUTH_ISSUER: 'https://i' }, ['LITTORAL_AUTH_ISSUER="https://i": LITTORAL_AUTH_JWKS must be set too']],
    ['a key set without an issuer', { LITTORAL_AUTH_JWKS: '/k.json' }, ['LITTORAL_AUTH_JWKS="/k.json": LITTORAL_AUTH_ISSUER must be set too']],
    ['a key set URL of another scheme', { LITTORAL_AUTH_ISSUER: 'https://i', LITTORAL_AUTH_JWKS: 'ftp://i/k.json' }, ['expected an https:// URL or a file path, got ftp://']],
    ['spaces in issuer and audience', { LITTORAL_AUTH_ISSUER: 'my issuer', LITTORAL_AUTH_JWKS: '/k', LITTORAL_AUTH_AUDIENCE: 'a b' }, ['without spaces', 'without spaces']],
  ])('refuses %s with CONFIG_INVALID listing every problem', (_case, env, problems) => {
    let error: { code?: string; details?: { problems: string[] } } = {};
    try {
      loadAuthConfig({ LITTORAL_COUNTRY: 'TH', ...env });
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details!.problems).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(error.details!.problems[i]).toContain(p));
  });
});
