import { LittoralError } from '@littoral/contracts';
import type { Role } from './roles.js';

/** Why a request was not authenticated; sent to the caller in `extensions.details.reason`. */
export type UnauthenticatedReason =
  | 'AUTH_NOT_CONFIGURED'
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_TYPE_NOT_ACCEPTED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'ISSUER_NOT_ACCEPTED'
  | 'AUDIENCE_NOT_ACCEPTED'
  | 'ALG_NOT_ALLOWED'
  | 'SIGNATURE_INVALID'
  | 'CLAIMS_INVALID'
  | 'KEYS_UNAVAILABLE';

/** UNAUTHENTICATED with a message that never repeats the token. */
export function unauthenticated(reason: UnauthenticatedReason, message: string): LittoralError {
  return new LittoralError('UNAUTHENTICATED', message, { reason });
}

/** FORBIDDEN naming the roles the operation needs. */
export function forbidden(operation: string, needed: readonly Role[], held: readonly Role[]): LittoralError {
  const holds = held.length ? held.join(', ') : 'no recognised role';
  const message = needed.length
    ? `${operation} needs one of the roles ${needed.join(', ')}; the token grants ${holds}`
    : `${operation} declares no roles, so it is refused to everyone`;
  return new LittoralError('FORBIDDEN', message, { operation, requiredRoles: [...needed] });
}
