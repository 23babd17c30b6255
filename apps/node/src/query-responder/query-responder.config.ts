import { loadConfig, streamPrefix, type ConfigOf, type Schema, type VarSpec } from '@littoral/config';

// Federated queries on the node (one schema per module). The node trusts the
// hub's envelope-signing keys from LITTORAL_HUB_JWKS; without it every query
// is refused (deny by default). The analyst's token inside each envelope is
// checked against the node's own trusted issuer (LITTORAL_AUTH_ISSUER /
// LITTORAL_AUTH_JWKS) with the hub's audience, LITTORAL_FEDERATION_AUDIENCE.

/** Where the hub's public keys come from. */
export type HubJwksSource = { kind: 'url'; url: string } | { kind: 'file'; path: string };

/** The audience analysts' tokens name at the hub (the hub's default LITTORAL_AUTH_AUDIENCE). */
export const DEFAULT_FEDERATION_AUDIENCE = 'littoral-hub';

const hubJwks: VarSpec<HubJwksSource | null> = {
  description: 'the hub\'s public key set (its /.well-known/jwks.json): an https:// URL or a file path; without it the node refuses every federated query',
  parse(raw) {
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
  description: `audience (\`aud\`) the analyst's token inside a federated query must name: the hub's (default ${DEFAULT_FEDERATION_AUDIENCE})`,
  parse(raw) {
    if (/\s/.test(raw)) throw new Error('expected an audience without spaces');
    return raw;
  },
  fallback: () => DEFAULT_FEDERATION_AUDIENCE,
};

const maxConcurrent: VarSpec<number> = {
  description: 'federated queries this node process computes at once; more wait (default 8)',
  parse(raw) {
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 256) throw new Error('expected an integer from 1 to 256');
    return Number(raw);
  },
  fallback: () => 8,
};

export const queryResponderSchema = {
  LITTORAL_STREAM_PREFIX: streamPrefix(),
  LITTORAL_HUB_JWKS: hubJwks,
  LITTORAL_FEDERATION_AUDIENCE: audience,
  LITTORAL_QUERY_CONCURRENCY: maxConcurrent,
} satisfies Schema;
export type QueryResponderConfig = ConfigOf<typeof queryResponderSchema>;

/** The responder's settings (CONFIG_INVALID lists every bad variable). */
export function loadQueryResponderConfig(env: Readonly<Record<string, string | undefined>>): QueryResponderConfig {
  return loadConfig(queryResponderSchema, env);
}
