import { chmod, open, readFile, stat } from 'node:fs/promises';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ISO_ALPHA2, LittoralError } from '@littoral/contracts';
import { isRole, type Role } from './roles.js';

// A local token issuer for development and tests (`littoral token issue`):
// one Ed25519 key in an owner-only file. Production tokens come from the
// agency's identity provider; nothing here is used by a running node or hub.

/** The issuer a development token names unless told otherwise. */
export const DEVELOPMENT_ISSUER = 'urn:littoral:development-issuer';
/** The longest lifetime of a development token. */
export const MAX_DEVELOPMENT_TTL_S = 24 * 3600;
const FILE_KIND = 'littoral-development-issuer';

/** The content of a development issuer key file. */
export interface DevelopmentIssuerKey {
  kind: typeof FILE_KIND;
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  createdAt: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

/** A new Ed25519 issuer key. */
export async function createDevelopmentIssuerKey(now: Date): Promise<DevelopmentIssuerKey> {
  const { publicKey, privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kind: FILE_KIND, kid, createdAt: now.toISOString(), publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' } };
}

const invalid = (file: string, why: string) => new LittoralError('KEY_FILE_INVALID', `Issuer key file ${file} ${why}`);

/** Writes a new key file with mode 0600; never replaces an existing file. */
export async function writeDevelopmentIssuerKey(file: string, key: DevelopmentIssuerKey): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalid(file, code === 'EEXIST' ? 'already exists; refusing to overwrite it' : `cannot be created (${code ?? 'error'})`);
  }
  try {
    await chmod(file, 0o600); // whatever the umask
    await handle.writeFile(`${JSON.stringify(key, null, 2)}\n`, 'utf8');
  } finally {
    await handle.close();
  }
}

/** Reads a key file; refuses one that group or others may access, and never quotes key material. */
export async function readDevelopmentIssuerKey(file: string): Promise<DevelopmentIssuerKey> {
  let text: string;
  try {
    const info = await stat(file);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw invalid(file, `has mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}: it holds a private key; run \`chmod 600 ${file}\``);
    }
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof LittoralError) throw e;
    throw invalid(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let key: Partial<DevelopmentIssuerKey>;
  try {
    key = JSON.parse(text) as Partial<DevelopmentIssuerKey>;
  } catch {
    throw invalid(file, 'is not valid JSON');
  }
  if (key?.kind !== FILE_KIND || typeof key.kid !== 'string' || key.privateJwk?.crv !== 'Ed25519' || typeof key.privateJwk.d !== 'string' || key.publicJwk?.crv !== 'Ed25519') {
    throw invalid(file, `is not a development issuer key file (expected "kind": "${FILE_KIND}" with an Ed25519 key)`);
  }
  return key as DevelopmentIssuerKey;
}

/** Reads the key file, or creates it (mode 0600) with a new key when it does not exist yet. */
export async function openDevelopmentIssuerKey(file: string, now: Date): Promise<{ key: DevelopmentIssuerKey; created: boolean }> {
  const exists = await stat(file).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ENOENT');
  if (exists) return { key: await readDevelopmentIssuerKey(file), created: false };
  const key = await createDevelopmentIssuerKey(now);
  await writeDevelopmentIssuerKey(file, key);
  return { key, created: true };
}

/** The public key set to point LITTORAL_AUTH_JWKS at. */
export function developmentIssuerJwks(key: DevelopmentIssuerKey): { keys: JWK[] } {
  const { kty, crv, x } = key.publicJwk;
  return { keys: [{ kty, crv, x, kid: key.kid, alg: 'EdDSA', use: 'sig' }] };
}

/** Parses a lifetime such as `90s`, `30m`, `1h`, `24h` into seconds; at most {@link MAX_DEVELOPMENT_TTL_S}. */
export function parseTokenTtl(text: string): number {
  const match = /^(\d{1,6})([smh])$/.exec(text.trim());
  if (!match) throw new LittoralError('INPUT_INVALID', `--ttl "${text.slice(0, 40)}" is not a lifetime; expected a number with s, m or h, e.g. 30m or 1h`, { argument: 'ttl' });
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
  if (seconds < 1 || seconds > MAX_DEVELOPMENT_TTL_S) {
    throw new LittoralError('INPUT_INVALID', `--ttl ${text} is outside 1s–24h; development tokens are short-lived`, { argument: 'ttl', max: '24h' });
  }
  return seconds;
}

/** What a development token says. */
export interface DevelopmentTokenClaims {
  issuer: string;
  audience: string;
  subject: string;
  roles: readonly string[];
  country?: string;
  organisation?: string;
  ttlSeconds: number;
}

/** Checks the claims (known roles, ISO country, lifetime) and signs a JWT (`typ` JWT, EdDSA). */
export async function issueDevelopmentToken(key: DevelopmentIssuerKey, claims: DevelopmentTokenClaims, now: Date): Promise<string> {
  const bad = (argument: string, message: string) => new LittoralError('INPUT_INVALID', message, { argument });
  const unknown = claims.roles.filter((r) => !isRole(r));
  if (claims.roles.length === 0) throw bad('role', 'Give at least one --role: admin, operator, auditor or analyst');
  if (unknown.length) throw bad('role', `Unknown role ${unknown.map((r) => JSON.stringify(r.slice(0, 40))).join(', ')}; roles are admin, operator, auditor, analyst (lower case)`);
  if (claims.country !== undefined && !ISO_ALPHA2.has(claims.country)) throw bad('country', `--country ${claims.country.slice(0, 10)} is not an ISO 3166-1 alpha-2 code in capitals, e.g. JP`);
  if (claims.organisation !== undefined && (claims.organisation.trim() === '' || claims.organisation.length > 256)) throw bad('org', '--org must be 1–256 characters');
  if (claims.subject.trim() === '') throw bad('sub', '--sub must not be empty');
  if (!Number.isInteger(claims.ttlSeconds) || claims.ttlSeconds < 1 || claims.ttlSeconds > MAX_DEVELOPMENT_TTL_S) throw bad('ttl', 'The lifetime must be 1 s to 24 h');
  const body: Record<string, unknown> = { roles: [...new Set(claims.roles as Role[])] };
  if (claims.country !== undefined) body.country = claims.country;
  if (claims.organisation !== undefined) body.org = claims.organisation;
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.kid })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setSubject(claims.subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + claims.ttlSeconds)
    .sign(await importJWK(key.privateJwk, 'EdDSA'));
}
