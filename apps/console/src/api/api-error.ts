// A failed GraphQL call, by its stable code (extensions.code of the server,
// or NETWORK / HTTP when no GraphQL answer came back).

export interface Problem {
  path?: string;
  message: string;
  index?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly reason: string | null = null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Problems listed by INPUT_INVALID / GRANT_INVALID (details.problems). */
  get problems(): Problem[] {
    const p = this.details.problems;
    return Array.isArray(p) ? p.filter((x): x is Problem => typeof x === 'object' && x !== null && typeof (x as Problem).message === 'string') : [];
  }
}

interface GraphqlErrorBody {
  message?: unknown;
  extensions?: { code?: unknown; details?: unknown };
}

/** The ApiError for a GraphQL response's first error. */
export function fromGraphqlErrors(errors: readonly GraphqlErrorBody[]): ApiError {
  const e = errors[0] ?? {};
  const code = typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL';
  const details = typeof e.extensions?.details === 'object' && e.extensions.details !== null ? (e.extensions.details as Record<string, unknown>) : {};
  const reason = typeof details.reason === 'string' ? details.reason : null;
  return new ApiError(code, typeof e.message === 'string' ? e.message : code, reason, details);
}
