import { ApiError } from '../api/api-error.js';

// Sign-in by redirect to the configured OpenID Connect issuer: authorization
// code flow with PKCE (RFC 7636) for a public client, no client secret. The
// access token obtained is used exactly like a pasted one.

const PENDING = 'littoral.console.oidc';

interface Pending { state: string; verifier: string; tokenEndpoint: string; redirectUri: string; clientId: string }

function base64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function redirectUri(): string {
  return `${location.origin}/console/`;
}

async function discover(issuer: string): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  try {
    const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { credentials: 'omit' });
    const doc = await res.json();
    if (typeof doc.authorization_endpoint === 'string' && typeof doc.token_endpoint === 'string') return doc;
  } catch {
    // reported below
  }
  throw new ApiError('OIDC_FAILED', 'discovery failed');
}

/** Sends the browser to the issuer's sign-in page. */
export async function startOidcSignIn(oidc: { issuer: string; clientId: string }): Promise<void> {
  const doc = await discover(oidc.issuer);
  const verifier = randomString();
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const pending: Pending = { state: randomString(), verifier, tokenEndpoint: doc.token_endpoint, redirectUri: redirectUri(), clientId: oidc.clientId };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(doc.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: oidc.clientId, redirect_uri: pending.redirectUri, scope: 'openid',
    state: pending.state, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** On return from the issuer (?code=…&state=…): exchanges the code for an access token. Null when this is not such a return. */
export async function completeOidcSignIn(): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const state = params.get('state');
  const error = params.get('error');
  if (!code && !error) return null;
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (error || !raw || !code) throw new ApiError('OIDC_FAILED', error ?? 'no pending sign-in');
  const pending = JSON.parse(raw) as Pending;
  if (state !== pending.state) throw new ApiError('OIDC_FAILED', 'state mismatch');
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri, client_id: pending.clientId, code_verifier: pending.verifier }).toString(),
    credentials: 'omit',
  }).catch(() => null);
  const body = res ? await res.json().catch(() => null) : null;
  if (!res?.ok || typeof body?.access_token !== 'string') throw new ApiError('OIDC_FAILED', 'token exchange failed');
  return body.access_token;
}
