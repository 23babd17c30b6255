import type { Requester, TokenVerifier } from '@littoral/auth';
import type { ErrorCode } from '@littoral/contracts';
import type { TraceAuditor } from '@littoral/audit';

/** Why the auditor of a trace request is not accepted; each text is safe to send to the hub. */
export interface AuditorRefusal {
  code: Extract<ErrorCode, 'REQUESTER_UNVERIFIABLE' | 'REQUESTER_TOKEN_INVALID' | 'REQUESTER_MISMATCH' | 'FORBIDDEN'>;
  reason: string;
}

const sameRoles = (a: readonly string[], b: readonly string[]): boolean => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((r, i) => r === y[i]);
};

/**
 * Checks the auditor named in a trace request against their own token, as
 * queries check the analyst: the token must verify with this node's trusted
 * issuer and the hub's audience, say exactly what the hub signed, and hold
 * the `auditor` role. The hub is trusted for transport, not for identity.
 */
export async function checkAuditor(
  verifier: TokenVerifier | null,
  claims: TraceAuditor,
  token: string,
  now: Date,
): Promise<{ ok: true; auditor: Requester } | { ok: false; refusal: AuditorRefusal }> {
  if (verifier === null) return { ok: false, refusal: { code: 'REQUESTER_UNVERIFIABLE', reason: 'this node cannot verify auditors: it has no trusted token issuer configured' } };
  let auditor: Requester;
  try {
    auditor = await verifier.verify(token, now);
  } catch (e) {
    const why = (e as { details?: { reason?: string } }).details?.reason ?? 'TOKEN_INVALID';
    return { ok: false, refusal: { code: 'REQUESTER_TOKEN_INVALID', reason: `the auditor's token was refused by this node (${why})` } };
  }
  const same =
    auditor.subject === claims.subject &&
    (auditor.country ?? undefined) === (claims.country ?? undefined) &&
    (auditor.organisation ?? undefined) === (claims.organisation ?? undefined) &&
    sameRoles(auditor.roles, claims.roles);
  if (!same) return { ok: false, refusal: { code: 'REQUESTER_MISMATCH', reason: 'the auditor claims in the trace request differ from those of the auditor\'s signed token' } };
  if (!auditor.roles.includes('auditor')) return { ok: false, refusal: { code: 'FORBIDDEN', reason: 'traces need the auditor role' } };
  return { ok: true, auditor };
}
