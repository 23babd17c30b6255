import type { AuditLog } from './audit-log.js';
import { ANONYMOUS_ACTOR, auditActor, auditInput, requestHashOf, type ActorClaims } from './audit-query.js';

/** A refused API request as an authenticator reports it (structurally @littoral/auth's AuthRefusal). */
export interface RefusalReport {
  code: string;
  reason: string;
  operation: string;
  requester: ActorClaims | null;
}

/** Anything that reports refused requests (the apps' Authenticator). */
export interface RefusalSource {
  onRefused(listener: (r: RefusalReport) => Promise<void> | void): () => void;
}

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Records every refused API request as one `login.refused` entry: the
 * subject when the token was valid but lacked the role (FORBIDDEN),
 * `anonymous` otherwise; never the token. Returns the unsubscribe function.
 * A failed write is passed to `onError` (the request is refused either way).
 */
export function recordRefusals(source: RefusalSource, log: AuditLog, onError: (err: Error) => void = () => undefined): () => void {
  return source.onRefused(async (r) => {
    try {
      await log.append(auditInput({
        actor: r.requester ? auditActor(r.requester) : ANONYMOUS_ACTOR,
        action: 'login.refused',
        decision: 'denied',
        reason: CODE.test(r.reason) ? r.reason : CODE.test(r.code) ? r.code : null,
        requestHash: requestHashOf({ operation: r.operation, code: r.code }),
      }));
    } catch (e) {
      onError(e as Error);
      throw e;
    }
  });
}
