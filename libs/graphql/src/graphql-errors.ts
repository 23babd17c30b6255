import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '@littoral/contracts';

/** Apollo Server's codes for requests the caller got wrong. */
const CALLER_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one place where error codes meet GraphQL (node and hub): a LittoralError's code becomes
 * `extensions.code`; anything unexpected becomes INTERNAL with no internals shown.
 * UNAUTHENTICATED and FORBIDDEN (thrown by the auth guard, apps/node/src/auth)
 * pass through like any other code, with their safe `details` (reason, roles).
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const code = (original as { code?: unknown })?.code;
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) {
    const details = (original as { details?: Record<string, unknown> }).details;
    return { message: (original as Error).message, path: formatted.path, extensions: { code: code as ErrorCode, ...(details ? { details } : {}) } };
  }
  const gqlCode = formatted.extensions?.code;
  // Parse, validation, variable and request errors from GraphQL/Apollo itself are the caller's; keep their message.
  if (typeof gqlCode === 'string' && CALLER_ERROR_CODES.has(gqlCode)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'INPUT_INVALID' } };
  }
  return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL' } };
}
