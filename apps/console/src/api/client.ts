import { ApiError, fromGraphqlErrors } from './api-error.js';

// The console talks to exactly one API: POST /graphql of the origin that
// served it, with the user's own bearer token.

export type UnauthenticatedHandler = (err: ApiError) => void;

export class GraphqlClient {
  constructor(
    private readonly token: () => string | null,
    private readonly onUnauthenticated: UnauthenticatedHandler,
    private readonly endpoint = '/graphql',
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const token = this.token();
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError('NETWORK', 'network error');
    }
    let body: { data?: T; errors?: { message?: unknown; extensions?: { code?: unknown; details?: unknown } }[] };
    try {
      body = await res.json();
    } catch {
      throw new ApiError('HTTP', `HTTP ${res.status}`, null, { status: res.status });
    }
    if (body.errors && body.errors.length > 0) {
      const err = fromGraphqlErrors(body.errors);
      if (err.code === 'UNAUTHENTICATED') this.onUnauthenticated(err);
      throw err;
    }
    if (!body.data) throw new ApiError('HTTP', `HTTP ${res.status}`, null, { status: res.status });
    return body.data;
  }
}
