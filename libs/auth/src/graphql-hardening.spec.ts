import { parse, type GraphQLFormattedError } from 'graphql';
import { LittoralError } from '@littoral/contracts';
import { hardenedGraphqlOptions } from './graphql-hardening.js';

// A formatter like the apps': LittoralError codes kept, caller errors INPUT_INVALID, the rest INTERNAL.
function appFormat(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  if (original instanceof LittoralError) return { message: original.message, extensions: { code: original.code, details: original.details } };
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
    return { message: formatted.message, extensions: { code: 'INPUT_INVALID' } };
  }
  return { message: 'Internal error', extensions: { code: 'INTERNAL' } };
}

const options = (development: boolean) =>
  hardenedGraphqlOptions({ development, formatError: appFormat, authenticate: async () => ({ subject: 's', roles: [], country: null, organisation: null }) });

describe('hardenedGraphqlOptions', () => {
  it('turns the parser\'s token limit into QUERY_TOO_LARGE', () => {
    const { parseOptions, formatError } = options(false);
    let error: unknown;
    try {
      parse(`{ ${'a '.repeat(parseOptions.maxTokens)} }`, parseOptions);
    } catch (e) {
      error = e;
    }
    const formatted = formatError({ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, error);
    expect(formatted).toEqual({ message: 'The query is longer than 3000 tokens; send a shorter query', extensions: { code: 'INPUT_INVALID', details: { reason: 'QUERY_TOO_LARGE', limit: 3000 } } });
  });

  it('drops suggestions outside development only', () => {
    const message = 'Cannot query field "datasetz" on type "Query". Did you mean "dataset" or "datasets"?';
    const formatted = { message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(options(false).formatError(formatted, new Error(message)).message).toBe('Cannot query field "datasetz" on type "Query".');
    expect(options(true).formatError(formatted, new Error(message)).message).toBe(message);
  });

  it('never shows stack traces and gates introspection outside development', () => {
    expect(options(false)).toMatchObject({ includeStacktraceInErrorResponses: false, hideSchemaDetailsFromClientErrors: true, introspection: true });
    expect(options(false).plugins).toHaveLength(1);
    expect(options(true).plugins).toHaveLength(0);
  });
});
