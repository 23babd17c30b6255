// Decodes a JWT's claims in the browser, only to show who is signed in, with
// which roles and until when. Nothing here is trusted: the server verifies
// the token on every request.

export interface TokenClaims {
  subject: string;
  roles: string[];
  country: string | null;
  organisation: string | null;
  issuer: string | null;
  audience: string[];
  /** Expiry, milliseconds since the epoch; null if the token states none. */
  expiresAt: number | null;
}

export type DecodeResult = { ok: true; claims: TokenClaims } | { ok: false; problem: 'format' | 'expired' };

const KNOWN_ROLES = ['admin', 'operator', 'auditor', 'analyst'];

function base64UrlJson(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Reads the claims of a compact JWS (three base64url parts). `now` in ms. */
export function decodeToken(token: string, now: number): DecodeResult {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[1]) return { ok: false, problem: 'format' };
  let payload: Record<string, unknown>;
  try {
    const p = base64UrlJson(parts[1]);
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return { ok: false, problem: 'format' };
    payload = p as Record<string, unknown>;
  } catch {
    return { ok: false, problem: 'format' };
  }
  const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  if (exp !== null && exp <= now) return { ok: false, problem: 'expired' };
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string' && KNOWN_ROLES.includes(r)) : [];
  const aud = typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud.filter((a): a is string => typeof a === 'string') : [];
  return {
    ok: true,
    claims: {
      subject: typeof payload.sub === 'string' ? payload.sub : '',
      roles,
      country: typeof payload.country === 'string' ? payload.country : null,
      organisation: typeof payload.org === 'string' ? payload.org : null,
      issuer: typeof payload.iss === 'string' ? payload.iss : null,
      audience: aud,
      expiresAt: exp,
    },
  };
}
