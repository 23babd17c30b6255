import { loadConfig } from '@littoral/config';
import { authSchema as authSchemaFor, type AuthConfig } from '@littoral/auth';

// Authentication of the node's GraphQL API (one schema per module). Without an
// issuer the node still starts (health, key set, catalogue) but refuses every
// GraphQL request: deny by default.

export type { AuthConfig, JwksSource } from '@littoral/auth';

type Env = Readonly<Record<string, string | undefined>>;

export const authSchema = authSchemaFor({
  app: 'node',
  defaultAudience: { value: (env) => `littoral-node-${(env.LITTORAL_COUNTRY ?? 'xx').trim().toLowerCase()}`, described: 'littoral-node-<country in lower case>' },
});

/** The authentication settings from the environment (CONFIG_INVALID lists every bad variable). */
export function loadAuthConfig(env: Env): AuthConfig {
  return loadConfig(authSchema, env);
}
