import { loadConfig, type ConfigOf, type Schema, type VarSpec } from '@littoral/config';

// Authentication of the node's GraphQL API (one schema per module). Without an
// issuer the node still starts (health, key set, catalogue) but refuses every
// GraphQL request: deny by default.

/** Where the issuer's public keys come from. */
export type JwksSource = { kind: 'url'; url: string } | { kind: 'file'; path: string };

type Env = Readonly<Record<string, string | undefined>>;
const isSet = (env: Env, name: string) => (env[name] ?? '').trim() !== '';

const issuer: VarSpec<string | null> = {
  description: 'issuer (`iss`) whose JWTs the node accepts, e.g. https://login.dmcr.example/realms/littoral; without it GraphQL is refused',
  parse(raw, env) {
    if (/\s/.test(raw)) throw new Error('expected an issuer identifier without spaces, e.g. https://login.example.org');
    if (!isSet(env, 'LITTORAL_AUTH_JWKS')) throw new Error('LITTORAL_AUTH_JWKS must be set too (URL or file of the issuer\'s key set)');
    return raw;
  },
  fallback: () => null,
};

const jwks: VarSpec<JwksSource | null> = {
  description: 'the issuer\'s JSON Web Key Set: an https:// (or http://) URL, or a file path',
  parse(raw, env) {
    if (!isSet(env, 'LITTORAL_AUTH_ISSUER')) throw new Error('LITTORAL_AUTH_ISSUER must be set too');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
      let u: URL;
      try {
        u = new URL(raw);
      } catch {
        throw new Error('expected an https:// URL or a file path');
      }
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`expected an https:// URL or a file path, got ${u.protocol}//`);
      return { kind: 'url', url: u.toString() };
    }
    if (raw.includes('\0')) throw new Error('expected a file path');
    return { kind: 'file', path: raw };
  },
  fallback: () => null,
};

const audience: VarSpec<string> = {
  description: 'audience (`aud`) a token must name (default littoral-node-<country in lower case>)',
  parse(raw) {
    if (/\s/.test(raw)) throw new Error('expected an audience without spaces');
    return raw;
  },
  fallback: (env) => `littoral-node-${(env.LITTORAL_COUNTRY ?? 'xx').trim().toLowerCase()}`,
};

export const authSchema = {
  LITTORAL_AUTH_ISSUER: issuer,
  LITTORAL_AUTH_JWKS: jwks,
  LITTORAL_AUTH_AUDIENCE: audience,
} satisfies Schema;
export type AuthConfig = ConfigOf<typeof authSchema>;

/** The authentication settings from the environment (CONFIG_INVALID lists every bad variable). */
export function loadAuthConfig(env: Env): AuthConfig {
  return loadConfig(authSchema, env);
}
