import type { JWK } from 'jose';
import { LittoralError } from '@littoral/contracts';
import { activeKey, publicJwks, readKeyFile, type KeyFile, type StoredKey } from '@littoral/crypto';

/**
 * The node's signing identity: its key file, read once at start-up. Without a
 * key file (LITTORAL_KEY_FILE unset) the node serves no JWKS and signs nothing;
 * its catalogue waits until a key is configured.
 */
export class NodeKeys {
  private constructor(
    /** The loaded key file, or null when the node has none. */
    readonly keyFile: KeyFile | null,
    /** Where it was read from (for messages), or null. */
    readonly path: string | null,
  ) {}

  /** A node without keys. */
  static none(): NodeKeys {
    return new NodeKeys(null, null);
  }

  /**
   * Reads and checks the key file. Fails (KEY_FILE_INVALID) when it cannot be
   * read, is readable by group or others, has no single active key, or belongs
   * to another country: a node must never sign for a country it is not.
   * `country` null (a CLI run without LITTORAL_COUNTRY): the key file's country is taken.
   */
  static async load(path: string | null, country: string | null): Promise<NodeKeys> {
    if (path === null) return NodeKeys.none();
    const kf = await readKeyFile(path);
    if (country !== null && kf.country !== country) {
      throw new LittoralError('KEY_FILE_INVALID', `Key file ${path} holds the keys of ${kf.country}, but this node is ${country} (LITTORAL_COUNTRY); use ${country}'s key file`);
    }
    activeKey(kf); // exactly one active key, or a clear error now rather than at the first signature
    return new NodeKeys(kf, path);
  }

  /** The country the keys sign for, or null without a key file. */
  get country(): string | null {
    return this.keyFile?.country ?? null;
  }

  /** True when the node can sign. */
  get present(): boolean {
    return this.keyFile !== null;
  }

  /** The key that signs now. Throws KEY_FILE_INVALID when there is no key file. */
  active(): StoredKey {
    return activeKey(this.require());
  }

  /** The public key set served at /.well-known/jwks.json, or null without a key file. */
  jwks(): { keys: JWK[] } | null {
    return this.keyFile && publicJwks(this.keyFile);
  }

  /**
   * Key hand-overs to announce, oldest first: each key after the first in
   * creation order, signed by the key created just before it. A key whose
   * predecessor is compromised cannot be announced this way (an administrator
   * adds it at the hub); it is returned in `unannounceable`.
   */
  handOvers(): { handOvers: { previous: StoredKey; next: StoredKey }[]; unannounceable: StoredKey[] } {
    const keys = [...this.require().keys].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const handOvers: { previous: StoredKey; next: StoredKey }[] = [];
    const unannounceable: StoredKey[] = [];
    for (let i = 1; i < keys.length; i++) {
      const [previous, next] = [keys[i - 1], keys[i]];
      if (next.status === 'compromised') continue;
      if (previous.status === 'compromised') unannounceable.push(next);
      else handOvers.push({ previous, next });
    }
    return { handOvers, unannounceable };
  }

  private require(): KeyFile {
    if (!this.keyFile) throw new LittoralError('KEY_FILE_INVALID', 'This node has no key file (set LITTORAL_KEY_FILE; create one with `littoral keys generate`)');
    return this.keyFile;
  }
}
