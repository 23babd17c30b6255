import { GraphQLError, Kind, type DocumentNode, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { forbidden } from './auth-errors.js';
import type { Authenticator } from './authenticator.js';
import { DEFAULT_GRAPHQL_LIMITS, queryLimitError, queryLimitsRule, type GraphqlLimits } from './graphql-limits.js';
import { ROLES, type Requester } from './roles.js';

// The Apollo Server options node and hub share: limits checked before any
// resolver runs, no suggestions or stack traces outside development, and
// introspection only for a verified caller outside development.

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** The part of an Apollo request context the introspection gate reads. */
interface OperationContext {
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  contextValue?: { req?: object };
}

/** Options of {@link hardenedGraphqlOptions}. */
export interface GraphqlHardeningOptions {
  /** NODE_ENV=development: suggestions shown, introspection without a token. */
  development: boolean;
  /** The app's own error formatter (stable codes; everything unexpected INTERNAL). */
  formatError: FormatError;
  /** Verifies the request's bearer token (the app's Authenticator). */
  authenticate: (req: object) => Promise<Requester>;
  limits?: Partial<GraphqlLimits>;
}

/** Apollo Server options to spread into `GraphQLModule.forRoot(Async)`. */
export function hardenedGraphqlOptions(options: GraphqlHardeningOptions) {
  const limits = { ...DEFAULT_GRAPHQL_LIMITS, ...options.limits };
  return {
    // Introspection is answered, but outside development only to a caller with a valid token and a role.
    introspection: true,
    validationRules: [queryLimitsRule(limits)],
    parseOptions: { maxTokens: limits.maxTokens },
    hideSchemaDetailsFromClientErrors: !options.development,
    includeStacktraceInErrorResponses: false,
    formatError: hardenedFormatError(options.formatError, options.development, limits.maxTokens),
    plugins: options.development ? [] : [introspectionGate(options.authenticate)],
  };
}

/**
 * The `useFactory` of `GraphQLModule.forRootAsync` (inject the app's
 * Authenticator): the schema served at /graphql with the hardened options.
 */
export function hardenedGraphqlFactory(options: Omit<GraphqlHardeningOptions, 'authenticate'>) {
  return (authenticator: Authenticator) => ({
    path: '/graphql',
    autoSchemaFile: true as const,
    sortSchema: true,
    ...hardenedGraphqlOptions({ ...options, authenticate: (req) => authenticator.authenticate(req) }),
  });
}

const SUGGESTION = / ?Did you mean .+\?$/;
// graphql-js 16 words it "more that N tokens"; both spellings, in case it is corrected (graphql-hardening.spec.ts pins it).
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/;

/**
 * Wraps the app's formatter: a document over the token limit becomes
 * INPUT_INVALID with reason QUERY_TOO_LARGE, and outside development no
 * message suggests field, argument, type or enum names.
 */
export function hardenedFormatError(format: FormatError, development: boolean, maxTokens: number): FormatError {
  return (formatted, error) => {
    const tooLarge = TOO_MANY_TOKENS.test(formatted.message)
      ? { originalError: queryLimitError('QUERY_TOO_LARGE', `The query is longer than ${maxTokens} tokens; send a shorter query`, maxTokens) }
      : error;
    const out = format(formatted, tooLarge);
    return development ? out : { ...out, message: out.message.replace(SUGGESTION, '') };
  };
}

/** True if the operation asks for `__schema` or `__type` (only allowed at the root). */
export function asksForIntrospection(document: DocumentNode, set: SelectionSetNode, seen = new Set<string>()): boolean {
  return set.selections.some((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type';
    if (s.kind === Kind.INLINE_FRAGMENT) return asksForIntrospection(document, s.selectionSet, seen);
    if (seen.has(s.name.value)) return false;
    seen.add(s.name.value);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
    return fragment?.kind === Kind.FRAGMENT_DEFINITION && asksForIntrospection(document, fragment.selectionSet, seen);
  });
}

/** An Apollo plugin: introspection needs a verified token holding a recognised role. */
function introspectionGate(authenticate: (req: object) => Promise<Requester>) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc: OperationContext): Promise<void> {
          if (!rc.document || !rc.operation || !asksForIntrospection(rc.document, rc.operation.selectionSet)) return;
          try {
            const requester = await authenticate(rc.contextValue?.req ?? {});
            if (requester.roles.length === 0) throw forbidden('Schema introspection', ROLES, []);
          } catch (e) {
            const status = (e as { code?: string }).code === 'FORBIDDEN' ? 403 : 401;
            throw new GraphQLError((e as Error).message, { originalError: e as Error, extensions: { http: { status } } });
          }
        },
      };
    },
  };
}
