import { DEFAULT_MEMBERS, ISO_ALPHA2, LittoralError } from '@littoral/contracts';

/** One variable's rule: parse the raw string or explain what was expected. */
export interface VarSpec<T> {
  /** Parses a present value; throws Error(message) naming what was expected. */
  parse(raw: string, env: Readonly<Record<string, string | undefined>>): T;
  /** Used when the variable is unset or empty; absent means required. */
  fallback?: (env: Readonly<Record<string, string | undefined>>) => T;
  /** Secrets are never printed, not even in error messages. */
  secret?: boolean;
  description: string;
}

export type Schema = Record<string, VarSpec<unknown>>;
export type ConfigOf<S extends Schema> = { readonly [K in keyof S]: S[K] extends VarSpec<infer T> ? T : never };

/**
 * Validates the environment against `schema` in one pass and returns a frozen,
 * typed object. Every bad or missing variable is listed in one error, so an
 * operator fixes them all at once.
 */
export function loadConfig<S extends Schema>(schema: S, env: Readonly<Record<string, string | undefined>> = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      if (spec.fallback) out[name] = spec.fallback(env);
      else problems.push(`${name} is required (${spec.description})`);
      continue;
    }
    try {
      out[name] = spec.parse(raw.trim(), env);
    } catch (e) {
      const shown = spec.secret ? '(secret value hidden)' : JSON.stringify(raw);
      problems.push(`${name}=${shown}: ${(e as Error).message}`);
    }
  }
  if (problems.length > 0) {
    throw new LittoralError('CONFIG_INVALID', `Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  - ${problems.join('\n  - ')}`, { problems });
  }
  return Object.freeze(out) as ConfigOf<S>;
}

/** Returns the URL with any password replaced, safe for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export const postgresUrl = (description = 'Postgres connection URL, e.g. postgres://user@127.0.0.1:5432/littoral'): VarSpec<string> => ({
  description,
  secret: true,
  parse(raw) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Error('expected a URL such as postgres://user@host:5432/database');
    }
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`expected scheme postgres:// or postgresql://, got ${u.protocol}//`);
    if (u.pathname.length <= 1) throw new Error('expected a database name in the URL path');
    return raw;
  },
});

/**
 * A NATS server URL safe for logs: a password is replaced, and so is a user
 * name given alone (NATS reads `nats://<token>@host` as an auth token).
 */
export function redactNatsUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    else if (u.username) u.username = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** {@link redactNatsUrl} for each server of a NATS_URL list. */
export const redactNatsUrls = (urls: readonly string[]): string[] => urls.map(redactNatsUrl);

export const natsUrl = (): VarSpec<string[]> => ({
  description: 'NATS server URL(s), comma-separated, e.g. nats://127.0.0.1:4222',
  // May carry a user and password or a token: never echoed whole.
  secret: true,
  parse(raw) {
    const urls = raw.split(',').map((s) => s.trim()).filter(Boolean);
    for (const s of urls) {
      let u: URL;
      try {
        u = new URL(s);
      } catch {
        throw new Error(`entry ${urls.indexOf(s) + 1} is not a URL; expected nats://host:port`);
      }
      if (!['nats:', 'tls:', 'ws:', 'wss:'].includes(u.protocol)) throw new Error(`"${redactNatsUrl(s)}": expected scheme nats://, tls://, ws:// or wss://`);
    }
    return urls;
  },
  fallback: undefined,
});

export const port = (fallback: number): VarSpec<number> => ({
  description: `TCP port to listen on (default ${fallback})`,
  parse(raw) {
    if (!/^\d+$/.test(raw)) throw new Error('expected an integer between 0 and 65535');
    const n = Number(raw);
    if (n > 65535) throw new Error('expected an integer between 0 and 65535');
    return n;
  },
  fallback: () => fallback,
});

export const oneOf = <T extends string>(values: readonly T[], fallback?: T): VarSpec<T> => ({
  description: `one of ${values.join(', ')}`,
  parse(raw) {
    if (!(values as readonly string[]).includes(raw)) throw new Error(`expected one of ${values.join(', ')}`);
    return raw as T;
  },
  fallback: fallback === undefined ? undefined : () => fallback,
});

/** The network's member list: comma-separated ISO alpha-2 codes (default ASEAN Plus Three). */
export const memberList = (): VarSpec<string[]> => ({
  description: 'comma-separated ISO 3166-1 alpha-2 codes of the network members',
  parse(raw) {
    const codes = raw.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    const bad = codes.filter((c) => !ISO_ALPHA2.has(c));
    if (bad.length) throw new Error(`not ISO 3166-1 alpha-2 codes: ${bad.join(', ')}`);
    return [...new Set(codes)];
  },
  fallback: () => DEFAULT_MEMBERS.map((m) => m.alpha2),
});

/** This node's country: must be a member (reads LITTORAL_MEMBERS from the same env). */
export const memberCountry = (): VarSpec<string> => ({
  description: 'ISO 3166-1 alpha-2 code of this node\'s country, a network member',
  parse(raw, env) {
    const code = raw.toUpperCase();
    if (!ISO_ALPHA2.has(code)) throw new Error('expected an ISO 3166-1 alpha-2 code such as TH or JP');
    let members: string[];
    try {
      members = env.LITTORAL_MEMBERS ? memberList().parse(env.LITTORAL_MEMBERS, env) : memberList().fallback!(env);
    } catch {
      members = [];
    }
    if (members.length > 0 && !members.includes(code)) throw new Error(`${code} is not a network member (members: ${members.join(', ')}; set LITTORAL_MEMBERS to change the list)`);
    return code;
  },
});

export const logLevel = (): VarSpec<string> => oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info');

/** An optional filesystem path (null when unset). */
export const optionalPath = (description: string): VarSpec<string | null> => ({
  description,
  parse(raw) {
    if (raw.includes('\0')) throw new Error('expected a file path');
    return raw;
  },
  fallback: () => null,
});

/** An optional NATS user name (null when unset). */
export const natsUser = (): VarSpec<string | null> => ({
  description: 'user name this app logs in to NATS with (with NATS_PASSWORD_FILE); unset: no user/password login',
  parse(raw) {
    if (!/^[\x21-\x7e]{1,128}$/.test(raw)) throw new Error('expected a user name of 1 to 128 printable characters without spaces');
    return raw;
  },
  fallback: () => null,
});

/** An optional http(s) URL without a trailing slash (null when unset). */
export const optionalUrl = (description: string): VarSpec<string | null> => ({
  description,
  parse(raw) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Error('expected an http:// or https:// URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('expected an http:// or https:// URL');
    return raw.replace(/\/+$/, '');
  },
  fallback: () => null,
});

/** This node's id in the network (default: <country>-node, from LITTORAL_COUNTRY). */
export const nodeId = (): VarSpec<string> => ({
  description: 'node id in the network, lowercase letters, digits and hyphens (default <country>-node)',
  parse(raw) {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(raw)) throw new Error('expected lowercase letters, digits and hyphens, e.g. th-node');
    return raw;
  },
  fallback: (env) => `${(env.LITTORAL_COUNTRY ?? 'xx').trim().toLowerCase()}-node`,
});

/** First token of the catalogue subjects; nodes and the hub must agree. */
export const streamPrefix = (): VarSpec<string> => ({
  description: 'first token of the catalogue subjects, <prefix>.catalog.<CC>.<dataset> (default littoral); nodes and the hub must use the same',
  parse(raw) {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(raw)) throw new Error('expected one NATS subject token: letters, digits, _ or -, at most 32');
    return raw;
  },
  fallback: () => 'littoral',
});

/** JetStream stream of the catalogue (null: derived from the prefix); nodes and the hub must agree. */
export const streamName = (): VarSpec<string | null> => ({
  description: 'JetStream stream holding the catalogue (default LITTORAL_CATALOG, or <PREFIX>_CATALOG with another prefix); nodes and the hub must use the same',
  parse(raw) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) throw new Error('expected a stream name: letters, digits, _ or -, at most 64');
    return raw;
  },
  fallback: () => null,
});
