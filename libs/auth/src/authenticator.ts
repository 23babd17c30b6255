import type { Logger } from '@littoral/logging';
import type { AuthConfig } from './auth-config.js';
import { unauthenticated } from './auth-errors.js';
import { openKeySet } from './key-set.js';
import type { Requester } from './roles.js';
import { bearerToken, TokenVerifier } from './token-verifier.js';

// One verification per HTTP request, shared by all its root fields.
const pending = new WeakMap<object, Promise<Requester>>();
const verified = new WeakMap<object, Requester>();
// Refusal reports by request: one per request, however many root fields it
// has; the other fields wait for it, so no refusal is answered before it is recorded.
const reported = new WeakMap<object, Promise<void>>();

/** A GraphQL request refused by the guard: UNAUTHENTICATED (no valid token) or FORBIDDEN (a valid token without the roles). */
export interface AuthRefusal {
  /** The stable error code: UNAUTHENTICATED or FORBIDDEN. */
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  /** UNAUTHENTICATED's `details.reason` (TOKEN_EXPIRED…), or FORBIDDEN. */
  reason: string;
  /** The root field refused. */
  operation: string;
  /** The verified requester when the token was valid (FORBIDDEN), else null. Never the token. */
  requester: Requester | null;
}

/** Told about refused requests (e.g. to write an audit entry); awaited before the refusal is returned. */
export type RefusalListener = (refusal: AuthRefusal) => Promise<void> | void;

/** The requester verified for this HTTP request, if any. */
export function requesterOf(req: object): Requester | null {
  return verified.get(req) ?? null;
}

interface HeaderCarrier {
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * Authenticates HTTP requests with the configured issuer's JWTs; refuses
 * everything when none is configured. Framework-free: the apps wrap it in
 * their Nest module.
 */
export class Authenticator {
  private readonly refusalListeners = new Set<RefusalListener>();

  private constructor(
    private readonly verifier: TokenVerifier | null,
    private readonly logger: Logger,
    private readonly service: string,
  ) {}

  /**
   * Opens the key set (a file is read now, so a bad file stops start-up).
   * `service` ("node", "hub") names the app in messages.
   */
  static async open(config: AuthConfig, logger: Logger, service: string): Promise<Authenticator> {
    if (config.LITTORAL_AUTH_ISSUER === null || config.LITTORAL_AUTH_JWKS === null) {
      logger.warn('LITTORAL_AUTH_ISSUER is not set: the GraphQL API refuses every request');
      return new Authenticator(null, logger, service);
    }
    const source = config.LITTORAL_AUTH_JWKS;
    if (source.kind === 'url' && source.url.startsWith('http:')) {
      logger.warn({ jwks: source.url }, 'LITTORAL_AUTH_JWKS is plain http: anyone on the path can substitute keys; use https outside tests');
    }
    const keys = await openKeySet(source);
    const expected = { issuer: config.LITTORAL_AUTH_ISSUER, audience: config.LITTORAL_AUTH_AUDIENCE, service };
    const verifier = new TokenVerifier(keys, expected, (e) =>
      logger.error({ err: { name: e.name, message: e.message }, jwks: source.kind === 'url' ? source.url : source.path }, 'issuer key set unavailable'),
    );
    logger.info({ issuer: expected.issuer, audience: expected.audience, jwks: source.kind }, 'GraphQL authentication configured');
    return new Authenticator(verifier, logger, service);
  }

  get configured(): boolean {
    return this.verifier !== null;
  }

  /** The verified requester of `req` (verified once per request); UNAUTHENTICATED otherwise. */
  authenticate(req: object): Promise<Requester> {
    let result = pending.get(req);
    if (!result) {
      result = this.verify(req);
      pending.set(req, result);
    }
    return result;
  }

  /**
   * Registers a listener for refused requests (the apps' audit log records
   * them as login.refused). Returns an unsubscribe function. Without a
   * listener nothing changes.
   */
  onRefused(listener: RefusalListener): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  /**
   * Reports a refusal of `req` to the listeners, once per request. A failing
   * listener is logged and does not change the refusal: the request is
   * refused either way and nothing is returned to the caller.
   */
  reportRefusal(req: object, refusal: AuthRefusal): Promise<void> {
    if (this.refusalListeners.size === 0) return Promise.resolve();
    let report = reported.get(req);
    if (!report) {
      report = this.tell(refusal);
      reported.set(req, report);
    }
    return report;
  }

  private async tell(refusal: AuthRefusal): Promise<void> {
    for (const listener of this.refusalListeners) {
      try {
        await listener(refusal);
      } catch (e) {
        this.logger.error({ err: { name: (e as Error).name, message: (e as Error).message }, code: refusal.code }, 'a refused GraphQL request could not be recorded');
      }
    }
  }

  private async verify(req: object): Promise<Requester> {
    if (!this.verifier) {
      throw unauthenticated(
        'AUTH_NOT_CONFIGURED',
        `Authentication is not configured on this ${this.service} (LITTORAL_AUTH_ISSUER is unset), so its GraphQL API refuses every request`,
      );
    }
    try {
      const header = (req as HeaderCarrier).headers?.authorization;
      const requester = await this.verifier.verify(bearerToken(Array.isArray(header) ? header[0] : header, this.service));
      verified.set(req, requester);
      return requester;
    } catch (e) {
      // The reason only: never the token or its claims.
      this.logger.debug({ reason: (e as { details?: { reason?: string } }).details?.reason }, 'GraphQL request not authenticated');
      throw e;
    }
  }
}
