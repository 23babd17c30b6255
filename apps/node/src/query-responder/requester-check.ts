import type { Requester, TokenVerifier } from '@littoral/auth';
import type { ErrorCode } from '@littoral/contracts';
import type { RequesterClaims } from '@littoral/federation';

/** Why the requester of an envelope is not accepted; each text is safe to send to the hub. */
export interface RequesterRefusal {
  code: Extract<ErrorCode, 'REQUESTER_UNVERIFIABLE' | 'REQUESTER_TOKEN_INVALID' | 'REQUESTER_MISMATCH' | 'REQUESTER_NOT_ANALYST'>;
  reason: string;
}

const sameRoles = (a: readonly string[], b: readonly string[]): boolean => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((r, i) => r === y[i]);
};

/**
 * Checks the envelope's requester claims against the analyst's own token: the
 * token must verify with this node's trusted issuer and the hub's audience, and
 * its subject, country, organisation and roles must be exactly those the hub
 * signed. The node thereby trusts the hub for transport, not for identity.
 * Federated queries are for analysts only.
 */
export async function checkRequester(
  verifier: TokenVerifier | null,
  claims: RequesterClaims,
  token: string | undefined,
  now: Date,
): Promise<{ ok: true; requester: Requester } | { ok: false; refusal: RequesterRefusal }> {
  if (verifier === null) {
    return { ok: false, refusal: { code: 'REQUESTER_UNVERIFIABLE', reason: 'this node cannot verify requesters: it has no trusted token issuer configured' } };
  }
  if (token === undefined) {
    return { ok: false, refusal: { code: 'REQUESTER_TOKEN_INVALID', reason: 'the query carries no requester token; this node answers only queries with the analyst\'s own token' } };
  }
  let requester: Requester;
  try {
    requester = await verifier.verify(token, now);
  } catch (e) {
    const why = (e as { details?: { reason?: string } }).details?.reason ?? 'TOKEN_INVALID';
    return { ok: false, refusal: { code: 'REQUESTER_TOKEN_INVALID', reason: `the requester's token was refused by this node (${why})` } };
  }
  const same =
    requester.subject === claims.subject &&
    requester.country === claims.country &&
    (requester.organisation ?? undefined) === (claims.organisation ?? undefined) &&
    sameRoles(requester.roles, claims.roles);
  if (!same) {
    return { ok: false, refusal: { code: 'REQUESTER_MISMATCH', reason: 'the requester claims in the query differ from those of the requester\'s signed token' } };
  }
  if (!requester.roles.includes('analyst')) {
    return { ok: false, refusal: { code: 'REQUESTER_NOT_ANALYST', reason: 'federated queries need the analyst role' } };
  }
  return { ok: true, requester };
}
