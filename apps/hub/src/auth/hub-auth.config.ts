import { loadConfig } from '@littoral/config';
import { authSchema, type AuthConfig } from '@littoral/auth';

// Authentication of the hub's GraphQL API, the same three variables as the
// node's (one schema per module). Without an issuer the hub still consumes
// and serves /catalog.jsonld, but refuses every GraphQL request.

/** The audience a hub token must name unless LITTORAL_AUTH_AUDIENCE says otherwise. */
export const DEFAULT_HUB_AUDIENCE = 'littoral-hub';

export const hubAuthSchema = authSchema({ app: 'hub', defaultAudience: { value: () => DEFAULT_HUB_AUDIENCE, described: DEFAULT_HUB_AUDIENCE } });

/** The hub's authentication settings (CONFIG_INVALID lists every bad variable). */
export function loadHubAuthConfig(env: Readonly<Record<string, string | undefined>>): AuthConfig {
  return loadConfig(hubAuthSchema, env);
}
