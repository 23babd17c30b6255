import { loadConfig, optionalPath, type ConfigOf, type Schema, type VarSpec } from '@littoral/config';
import { activeKey, readKeyFile, type KeyFile, type StoredKey, type TrustedKey } from '@littoral/crypto';

// The hub audit module's own settings (one schema per module). The hub's key
// file is the one federated queries use (same variable, LITTORAL_HUB_KEY_FILE):
// read here too, so the hub's checkpoints are signed even while federation is off.

const positive = (description: string, fallback: number, max: number): VarSpec<number> => ({
  description,
  parse(raw) {
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new Error(`expected a whole number between 1 and ${max}`);
    return Number(raw);
  },
  fallback: () => fallback,
});

export const hubAuditSchema = {
  LITTORAL_HUB_KEY_FILE: optionalPath('the hub\'s Ed25519 key file (littoral keys generate --file …), mode 0600; it signs the hub\'s audit checkpoints (without it the hub signs none)'),
  LITTORAL_AUDIT_CHECKPOINT_ENTRIES: positive('sign a checkpoint of the audit log after this many new entries (default 1000)', 1000, 1_000_000),
  LITTORAL_AUDIT_CHECKPOINT_MS: positive('…or after this many milliseconds, whichever comes first (default 60000)', 60_000, 86_400_000),
  HUB_TRACE_TIMEOUT_MS: {
    description: 'per-node deadline of an auditor\'s trace, ms (default 5000): a node that has not answered by then shows as TIMEOUT',
    parse(raw) {
      if (!/^\d+$/.test(raw) || Number(raw) < 50 || Number(raw) > 25_000) throw new Error('expected milliseconds between 50 and 25000 (a trace request lives at most 30 s)');
      return Number(raw);
    },
    fallback: () => 5000,
  } satisfies VarSpec<number>,
} satisfies Schema;
export type HubAuditConfig = ConfigOf<typeof hubAuditSchema>;

export function loadHubAuditConfig(env: Readonly<Record<string, string | undefined>>): HubAuditConfig {
  return loadConfig(hubAuditSchema, env);
}

/** The hub's signing keys for its audit checkpoints; none without a key file. */
export class HubAuditKeys {
  private constructor(private readonly kf: KeyFile | null) {}

  static async load(path: string | null): Promise<HubAuditKeys> {
    if (path === null) return new HubAuditKeys(null);
    const kf = await readKeyFile(path);
    activeKey(kf);
    return new HubAuditKeys(kf);
  }

  active(): StoredKey | null {
    return this.kf ? activeKey(this.kf) : null;
  }

  /** The hub's own public keys, to verify its checkpoints. */
  trusted(): TrustedKey[] {
    return (this.kf?.keys ?? []).map((k) => ({ kid: k.kid, jwk: k.publicJwk, compromisedAt: k.compromisedAt ? new Date(k.compromisedAt) : null }));
  }
}
