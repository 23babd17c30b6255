import type { Logger } from '@littoral/logging';
import type { AuthConfig } from './auth-config.js';
import { unauthenticated } from './auth-errors.js';
import { openKeySet } from './key-set.js';
import type { Requester } from './roles.js';
import { bearerToken, TokenVerifier } from './token-verifier.js';

// One verification per HTTP request, shared by all its root fields.
const pending = new WeakMap<object, Promise<Requester>>();
const verified = new WeakMap<object, Requester>();

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
