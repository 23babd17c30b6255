import type { ConfigOf, Schema, VarSpec } from '@littoral/config';

// The three variables that point a node or the hub at its token issuer. One
// schema per module: each app loads it next to its own configuration. Without
// an issuer the app still starts but refuses every GraphQL request.

/** Where the issuer's public keys come from. */
export type JwksSource = { kind: 'url'; url: string } | { kind: 'file'; path: string };

type Env = Readonly<Record<string, string | undefined>>;
const isSet = (env: Env, name: string) => (env[name] ?? '').trim() !== '';

/** How an app names itself in the descriptions, and its default audience. */
export interface AuthSchemaOptions {
  /** "node" or "hub", used in descriptions. */
  app: string;
  /** The audience when LITTORAL_AUTH_AUDIENCE is unset, and how it is described. */
  defaultAudience: { value: (env: Env) => string; described: string };
}

/** The LITTORAL_AUTH_ISSUER / _JWKS / _AUDIENCE schema for one app (validate with loadConfig). */
export function authSchema(options: AuthSchemaOptions) {
  const issuer: VarSpec<string | null> = {
    description: `issuer (\`iss\`) whose JWTs the ${options.app} accepts, e.g. https://login.dmcr.example/realms/littoral; without it GraphQL is refused`,
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
      return parseJwksSource(raw);
    },
    fallback: () => null,
  };
  const audience: VarSpec<string> = {
    description: `audience (\`aud\`) a token must name (default ${options.defaultAudience.described})`,
    parse(raw) {
      if (/\s/.test(raw)) throw new Error('expected an audience without spaces');
      return raw;
    },
    fallback: options.defaultAudience.value,
  };
  return { LITTORAL_AUTH_ISSUER: issuer, LITTORAL_AUTH_JWKS: jwks, LITTORAL_AUTH_AUDIENCE: audience } satisfies Schema;
}

/** Validated authentication settings; issuer and key set are both null or both set. */
export type AuthConfig = ConfigOf<ReturnType<typeof authSchema>>;

function parseJwksSource(raw: string): JwksSource {
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
}
