import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '@littoral/contracts';

/**
 * The one place where error codes meet GraphQL: a LittoralError's code becomes
 * `extensions.code`; anything unexpected becomes INTERNAL with no internals shown.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const code = (original as { code?: unknown })?.code;
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) {
    const details = (original as { details?: Record<string, unknown> }).details;
    return { message: (original as Error).message, path: formatted.path, extensions: { code: code as ErrorCode, ...(details ? { details } : {}) } };
  }
  const gqlCode = formatted.extensions?.code;
  // Validation and parse errors from GraphQL itself are the caller's; keep them.
  if (gqlCode === 'GRAPHQL_VALIDATION_FAILED' || gqlCode === 'GRAPHQL_PARSE_FAILED' || gqlCode === 'BAD_USER_INPUT') {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'INPUT_INVALID' } };
  }
  return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL' } };
}
