import type { JWK } from 'jose';
import { LittoralError } from '@littoral/contracts';
import { HUB_KEY_FILE_COUNTRY, activeKey, publicJwks, readKeyFile, type KeyFile, type StoredKey, type TrustedKey } from '@littoral/crypto';

/**
 * The hub's signing identity for federated queries: a key file in the nodes'
 * format whose `country` is `hub` (`littoral keys generate --hub`), read once
 * at start-up. A file made for a country (before `--hub` existed) still works;
 * `madeForCountry` names it so start-up can say so.
 * It signs query envelopes and paging cursors; nodes trust its public keys
 * (served at GET /.well-known/jwks.json) through LITTORAL_HUB_JWKS.
 */
export class HubKeys {
  private constructor(private readonly keyFile: KeyFile | null) {}

  static none(): HubKeys {
    return new HubKeys(null);
  }

  /** Reads and checks the key file (0600, one active key); `path` null: a hub that signs nothing. */
  static async load(path: string | null): Promise<HubKeys> {
    if (path === null) return HubKeys.none();
    const kf = await readKeyFile(path);
    activeKey(kf);
    return new HubKeys(kf);
  }

  get present(): boolean {
    return this.keyFile !== null;
  }

  /** The country of a key file made for a node rather than the hub (still usable), else null. */
  get madeForCountry(): string | null {
    return this.keyFile && this.keyFile.country !== HUB_KEY_FILE_COUNTRY ? this.keyFile.country : null;
  }

  /** The key that signs now. */
  active(): StoredKey {
    if (!this.keyFile) throw new LittoralError('KEY_FILE_INVALID', 'The hub has no key file (set LITTORAL_HUB_KEY_FILE), so it cannot sign query envelopes');
    return activeKey(this.keyFile);
  }

  /** The hub's own keys, to verify the cursors it issued. */
  trusted(): TrustedKey[] {
    return (this.keyFile?.keys ?? []).filter((k) => k.status !== 'compromised').map((k) => ({ kid: k.kid, jwk: k.publicJwk }));
  }

  /** Public key set (active and retired keys, never a private member). */
  jwks(): { keys: JWK[] } | null {
    return this.keyFile && publicJwks(this.keyFile);
  }
}
