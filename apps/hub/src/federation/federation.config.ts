import { loadConfig, optionalPath, type ConfigOf, type Schema, type VarSpec } from '@littoral/config';

// Federated queries at the hub (one schema per module): the hub's own signing
// key for query envelopes and cursors, and the per-node deadline.

const timeoutMs: VarSpec<number> = {
  description: 'per-node deadline of a federated query, ms (default 5000): a node that has not answered by then is reported TIMEOUT',
  parse(raw) {
    if (!/^\d+$/.test(raw) || Number(raw) < 50 || Number(raw) > 25_000) throw new Error('expected milliseconds between 50 and 25000 (an envelope lives at most 30 s)');
    return Number(raw);
  },
  fallback: () => 5000,
};

export const hubFederationSchema = {
  LITTORAL_HUB_KEY_FILE: optionalPath('the hub\'s Ed25519 key file (littoral keys generate --hub), mode 0600; without it the hub asks no node (federated queries report every node ERROR)'),
  HUB_QUERY_TIMEOUT_MS: timeoutMs,
} satisfies Schema;
export type HubFederationConfig = ConfigOf<typeof hubFederationSchema>;

/** The federation settings (CONFIG_INVALID lists every bad variable). */
export function loadHubFederationConfig(env: Readonly<Record<string, string | undefined>>): HubFederationConfig {
  return loadConfig(hubFederationSchema, env);
}
