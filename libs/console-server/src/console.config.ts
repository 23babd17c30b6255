import { loadConfig, optionalPath, type ConfigOf, type Schema, type VarSpec } from '@littoral/config';

// The web console's settings (one schema per module). The console itself is
// static files built by Vite (apps/console → dist/console); the only server
// side setting besides where they are is the OIDC client id for a sign-in
// redirect to the configured issuer (docs/console.md).

const clientId: VarSpec<string | null> = {
  description: 'OIDC client id of the web console at LITTORAL_AUTH_ISSUER (public client, authorization code + PKCE); unset: the console signs in with a pasted token only',
  parse(raw) {
    if (!/^[\x21-\x7e]{1,200}$/.test(raw)) throw new Error('expected a client id of 1–200 visible ASCII characters');
    return raw;
  },
  fallback: () => null,
};

export const consoleSchema = {
  LITTORAL_CONSOLE_DIR: optionalPath('folder of the built web console (default: dist/console of this installation)'),
  LITTORAL_CONSOLE_OIDC_CLIENT_ID: clientId,
} satisfies Schema;
export type ConsoleConfig = ConfigOf<typeof consoleSchema>;

/** The console settings (CONFIG_INVALID lists every bad variable). */
export function loadConsoleConfig(env: Readonly<Record<string, string | undefined>>): ConsoleConfig {
  return loadConfig(consoleSchema, env);
}
