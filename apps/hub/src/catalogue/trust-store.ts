import type { TrustedKey } from '@littoral/crypto';
import type { EntityManager } from 'typeorm';
import type { JWK } from 'jose';

/** A registered member as the consumer needs it for one message. */
export interface TrustedMember {
  country: string;
  status: 'active' | 'revoked';
  keys: TrustedKey[];
}

interface KeyRow {
  kid: string;
  jwk: JWK;
  valid_from: Date | null;
  valid_until: Date | null;
  revoked_at: Date | null;
  compromised_at: Date | null;
}

/**
 * Reads a member's trusted keys from the database for every message, so a
 * member or key added, revoked or marked compromised (by GraphQL or by the CLI
 * from another process) counts from the next message on, without a restart.
 * Only the JWK objects are kept between messages: the crypto library caches
 * imported keys per JWK object, so interning them by kid and `x` avoids
 * re-importing a key for every message.
 */
export class TrustStore {
  private readonly jwks = new Map<string, JWK>();

  async member(em: EntityManager, country: string): Promise<TrustedMember | null> {
    const members: { country: string; status: 'active' | 'revoked' }[] = await em.query(`SELECT country, status FROM member WHERE country = $1`, [country]);
    if (members.length === 0) return null;
    const rows: KeyRow[] = await em.query(
      `SELECT kid, jwk, valid_from, valid_until, revoked_at, compromised_at FROM member_key WHERE country = $1 ORDER BY added_at, kid`,
      [country],
    );
    return {
      country,
      status: members[0].status,
      keys: rows.map((r) => ({
        kid: r.kid,
        jwk: this.intern(r.kid, r.jwk),
        validFrom: r.valid_from,
        validUntil: r.valid_until,
        revokedAt: r.revoked_at,
        compromisedAt: r.compromised_at,
      })),
    };
  }

  /** The country a key is registered for, if any (to tell "another member's key" from "nobody's key"). */
  async ownerOf(em: EntityManager, kid: string): Promise<string | null> {
    const rows: { country: string }[] = await em.query(`SELECT country FROM member_key WHERE kid = $1`, [kid]);
    return rows[0]?.country ?? null;
  }

  private intern(kid: string, jwk: JWK): JWK {
    const known = this.jwks.get(kid);
    if (known && known.x === jwk.x && known.kty === jwk.kty && known.crv === jwk.crv) return known;
    if (this.jwks.size > 10_000) this.jwks.clear();
    const frozen = Object.freeze({ ...jwk });
    this.jwks.set(kid, frozen);
    return frozen;
  }
}
