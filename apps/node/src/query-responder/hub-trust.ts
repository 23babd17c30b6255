import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import { LittoralError } from '@littoral/contracts';
import { thumbprint, type TrustedKey } from '@littoral/crypto';
import type { HubJwksSource } from './query-responder.config.js';

/** Refetch a URL key set at most this often when an unknown kid shows up. */
const REFETCH_COOLDOWN_MS = 30_000;
/** A URL key set is refreshed after this age anyway. */
const MAX_AGE_MS = 600_000;
const FETCH_TIMEOUT_MS = 5000;

/**
 * The hub's envelope-signing keys the node trusts. A file is read once at
 * start-up (a bad file stops start-up); a URL is fetched on first use, cached
 * 10 minutes, and fetched again (at most every 30 s) when an envelope names a
 * key the node does not know yet — how a rotated hub key reaches the nodes.
 * Every key must be an Ed25519 public JWK whose kid is its RFC 7638 thumbprint.
 */
export class HubTrust {
  private keys: TrustedKey[] = [];
  private fetchedAt = 0;
  private fetching: Promise<void> | undefined;

  private constructor(private readonly source: HubJwksSource) {}

  /** Opens the key set; a file is read and checked now. */
  static async open(source: HubJwksSource): Promise<HubTrust> {
    const trust = new HubTrust(source);
    if (source.kind === 'file') {
      let text: string;
      try {
        text = await readFile(source.path, 'utf8');
      } catch (e) {
        throw trust.bad(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      trust.keys = await trust.parse(text);
    }
    return trust;
  }

  /** Keys to verify an envelope with; `kid` (from its header) triggers a refetch of a URL key set when unknown. */
  async trusted(kid: string | undefined): Promise<readonly TrustedKey[]> {
    if (this.source.kind === 'file') return this.keys;
    const now = Date.now();
    const stale = now - this.fetchedAt > MAX_AGE_MS;
    const unknown = kid !== undefined && !this.keys.some((k) => k.kid === kid) && now - this.fetchedAt > REFETCH_COOLDOWN_MS;
    if (this.fetchedAt === 0 || stale || unknown) {
      this.fetching ??= this.fetch().finally(() => (this.fetching = undefined));
      try {
        await this.fetching;
      } catch {
        // Keep the keys we had; with none, verification fails with KEY_UNKNOWN.
      }
    }
    return this.keys;
  }

  private async fetch(): Promise<void> {
    const url = (this.source as { url: string }).url;
    this.fetchedAt = Date.now();
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!res.ok) throw this.bad(`answered HTTP ${res.status}`);
    this.keys = await this.parse(await res.text());
  }

  private async parse(text: string): Promise<TrustedKey[]> {
    let jwks: { keys?: unknown };
    try {
      jwks = JSON.parse(text) as { keys?: unknown };
    } catch {
      throw this.bad('is not JSON; expected a JSON Web Key Set {"keys": [...]}');
    }
    if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0) throw this.bad('is not a JSON Web Key Set with at least one key');
    const keys: TrustedKey[] = [];
    for (const [i, raw] of (jwks.keys as unknown[]).entries()) {
      const jwk = raw as JWK;
      if (!jwk || typeof jwk !== 'object' || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
        throw this.bad(`key ${i} is not an Ed25519 public key (kty OKP, crv Ed25519)`);
      }
      if ('d' in jwk) throw this.bad(`key ${i} holds a private key; expected the hub's public keys only`);
      const kid = await thumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
      if (jwk.kid !== undefined && jwk.kid !== kid) throw this.bad(`key ${i} has a kid that is not its RFC 7638 thumbprint`);
      keys.push({ kid, jwk: Object.freeze({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid }) });
    }
    return keys;
  }

  private bad(why: string): LittoralError {
    const where = this.source.kind === 'file' ? `file "${this.source.path}"` : `URL ${this.source.url}`;
    return new LittoralError('CONFIG_INVALID', `LITTORAL_HUB_JWKS ${where} ${why}`, { variable: 'LITTORAL_HUB_JWKS' });
  }
}
