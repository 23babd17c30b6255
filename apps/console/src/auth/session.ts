import { decodeToken, type TokenClaims } from './token.js';

// The signed-in user's token lives in sessionStorage: it survives a reload of
// the tab, not the closing of the browser, and is never sent anywhere but the
// same-origin /graphql.

const KEY = 'littoral.console.token';

export interface Session {
  token: string;
  claims: TokenClaims;
}

export function loadSession(now = Date.now()): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  const decoded = decodeToken(token, now);
  if (!decoded.ok) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return { token, claims: decoded.claims };
}

export function saveSession(token: string): void {
  sessionStorage.setItem(KEY, token.trim());
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
