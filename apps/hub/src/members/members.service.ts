import { LittoralError, ISO_ALPHA2 } from '@littoral/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, auditInput, requestHashOf, typeOrmAuditDatabase } from '@littoral/audit';
import { MemberEntity, MemberKeyEntity } from '../database/entities/index.js';
import { refreshEntryCount } from '../catalogue/catalogue-sql.js';
import { SecurityEventsService } from '../security/security-events.service.js';
import { checkJwks, checkPublicJwk } from './jwks.js';
import type { Member, MemberCreate, MemberKey, MemberKeyCreate, RegistryActor } from './member.model.js';
import { toMember, toMemberKey } from './member.mapper.js';

const NODE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

function invalid(argument: string, message: string): LittoralError {
  return new LittoralError('INPUT_INVALID', message, { argument });
}

/**
 * The member registry: who belongs to the network and which keys the hub
 * trusts for each. Every change is one transaction that also appends a
 * security event, so trust changes are audited beside refused messages.
 * The catalogue consumer reads members and keys from the database for every
 * message, so a change here takes effect without a restart.
 *
 * Plain class (no Nest decorators needed): the CLI builds it over its own
 * DataSource; the hub module provides it through a factory.
 */
export class MembersService {
  private readonly events: SecurityEventsService;
  private readonly audit: AuditLog;

  constructor(
    private readonly db: DataSource,
    /** LITTORAL_MEMBERS: only these countries may be registered. */
    private readonly networkMembers: readonly string[],
    private readonly now: () => Date = () => new Date(),
    /** The hub's audit log (default: one over the same database): every change is recorded as member.changed. */
    audit?: AuditLog,
  ) {
    this.events = new SecurityEventsService(db);
    this.audit = audit ?? new AuditLog(typeOrmAuditDatabase(db));
  }

  /**
   * The member.changed entry of a change, in the change's transaction (fail
   * closed). The entry names no data: the change itself (kind, country, kid)
   * is in the security event, and its SHA-256 is the entry's requestHash.
   */
  private async recordChange(em: EntityManager, actor: RegistryActor, change: { kind: string; country: string; kid?: string | null }): Promise<void> {
    await this.audit.appendIn(em, auditInput({
      actor: { subject: actor, country: null, organisation: null, roles: [] },
      action: 'member.changed',
      decision: 'allowed',
      requestHash: requestHashOf({ kind: change.kind, country: change.country, kid: change.kid ?? null }),
    }));
  }

  async list(): Promise<Member[]> {
    const [members, keys] = await Promise.all([
      this.db.getRepository(MemberEntity).find({ order: { country: 'ASC' } }),
      this.db.getRepository(MemberKeyEntity).find({ order: { addedAt: 'ASC', kid: 'ASC' } }),
    ]);
    return members.map((m) => toMember(m, keys.filter((k) => k.country === m.country)));
  }

  /** MEMBER_UNKNOWN if `country` is not registered. */
  async get(country: string, em: EntityManager = this.db.manager): Promise<Member> {
    const code = this.checkCountry(country, 'country', false);
    const member = await em.getRepository(MemberEntity).findOneBy({ country: code });
    if (!member) throw new LittoralError('MEMBER_UNKNOWN', `${code} is not a registered member of this hub; add it with addMember or \`littoral members add\``, { country: code });
    const keys = await em.getRepository(MemberKeyEntity).find({ where: { country: code }, order: { addedAt: 'ASC', kid: 'ASC' } });
    return toMember(member, keys);
  }

  /** Registers a member with its initial keys (trusted from now on, with no end). */
  async add(input: MemberCreate, actor: RegistryActor): Promise<Member> {
    const country = this.checkCountry(input.country, 'country', true);
    const nodeId = String(input.nodeId ?? '').trim();
    if (!NODE_ID.test(nodeId)) throw invalid('nodeId', `nodeId "${nodeId.slice(0, 80)}" must be lowercase letters, digits and hyphens, e.g. ${country.toLowerCase()}-node`);
    const displayName = String(input.displayName ?? '').trim();
    if (displayName === '' || displayName.length > 200) throw invalid('displayName', 'displayName must be 1–200 characters, e.g. "Thailand"');
    const keys = await checkJwks(input.jwks);
    return this.db.transaction(async (em) => {
      if (await em.getRepository(MemberEntity).existsBy({ country })) {
        throw new LittoralError('MEMBER_ALREADY_EXISTS', `${country} is already a member; add keys with addMemberKey`, { country });
      }
      const sameNode = await em.getRepository(MemberEntity).findOneBy({ nodeId });
      if (sameNode) throw new LittoralError('MEMBER_ALREADY_EXISTS', `node id ${nodeId} is already used by ${sameNode.country}`, { nodeId });
      await this.refuseKnownKids(em, keys.map((k) => k.kid));
      const at = this.now();
      await em.query(`INSERT INTO member (country, node_id, display_name, status, created_at) VALUES ($1, $2, $3, 'active', $4)`, [country, nodeId, displayName, at]);
      for (const key of keys) {
        await em.query(`INSERT INTO member_key (kid, country, jwk, source, added_at) VALUES ($1, $2, $3, 'admin', $4)`, [key.kid, country, JSON.stringify(key.jwk), at]);
      }
      await this.events.record(
        { kind: 'MEMBER_ADDED', country, subject: nodeId, detail: `member ${country} (${nodeId}, "${displayName}") added with key${keys.length > 1 ? 's' : ''} ${keys.map((k) => k.kid).join(', ')}`, actor, at },
        em,
      );
      await this.recordChange(em, actor, { kind: 'MEMBER_ADDED', country });
      return this.get(country, em);
    });
  }

  /** Adds one more trusted key to an active member, optionally limited to a validity period. */
  async addKey(input: MemberKeyCreate, actor: RegistryActor): Promise<MemberKey> {
    const country = this.checkCountry(input.country, 'country', false);
    const key = await checkPublicJwk(input.jwk, 'jwk');
    const validFrom = input.validFrom ?? null;
    const validUntil = input.validUntil ?? null;
    if (validFrom && validUntil && validFrom >= validUntil) throw invalid('validUntil', `validUntil ${validUntil.toISOString()} must be after validFrom ${validFrom.toISOString()}`);
    return this.db.transaction(async (em) => {
      const member = await this.activeMember(em, country);
      await this.refuseKnownKids(em, [key.kid]);
      const at = this.now();
      await em.query(
        `INSERT INTO member_key (kid, country, jwk, valid_from, valid_until, source, added_at) VALUES ($1, $2, $3, $4, $5, 'admin', $6)`,
        [key.kid, member.country, JSON.stringify(key.jwk), validFrom, validUntil, at],
      );
      await this.events.record({ kind: 'KEY_ADDED', country, kid: key.kid, detail: `key ${key.kid} added for ${country}${period(validFrom, validUntil)}`, actor, at }, em);
      await this.recordChange(em, actor, { kind: 'KEY_ADDED', country, kid: key.kid });
      return toMemberKey((await em.getRepository(MemberKeyEntity).findOneByOrFail({ kid: key.kid })));
    });
  }

  /** Revokes a member: every message from it is refused from now on (MEMBER_REVOKED) and its datasets leave the catalogue. */
  async revoke(country: string, actor: RegistryActor): Promise<Member> {
    const code = this.checkCountry(country, 'country', false);
    return this.db.transaction(async (em) => {
      const member = await em.getRepository(MemberEntity).findOne({ where: { country: code }, lock: { mode: 'pessimistic_write' } });
      if (!member) throw new LittoralError('MEMBER_UNKNOWN', `${code} is not a registered member of this hub`, { country: code });
      if (member.status === 'revoked') throw new LittoralError('MEMBER_REVOKED', `${code} was already revoked at ${member.revokedAt?.toISOString()}`, { country: code });
      const at = this.now();
      await em.query(`UPDATE member SET status = 'revoked', revoked_at = $2 WHERE country = $1`, [code, at]);
      await this.events.record({ kind: 'MEMBER_REVOKED', country: code, subject: member.nodeId, detail: `member ${code} revoked`, actor, at }, em);
      await this.recordChange(em, actor, { kind: 'MEMBER_REVOKED', country: code });
      return this.get(code, em);
    });
  }

  /**
   * Retires a key: messages received at or after `at` (default now) and signed
   * with it are refused (KEY_REVOKED); what it signed before stays verified.
   * An earlier revocation time already recorded is kept.
   */
  async revokeKey(kid: string, at: Date | null | undefined, actor: RegistryActor): Promise<MemberKey> {
    const when = at ?? this.now();
    return this.changeKey(kid, actor, async (em, key) => {
      await em.query(`UPDATE member_key SET revoked_at = LEAST(coalesce(revoked_at, $2), $2) WHERE kid = $1`, [key.kid, when]);
      return { kind: 'KEY_REVOKED', detail: `key ${key.kid} of ${key.country} revoked from ${when.toISOString()}` };
    });
  }

  /**
   * Marks a key compromised from `from`: nothing it signed at or after then,
   * nor anything received since, is trusted; datasets it signed after `from`
   * leave the catalogue. An earlier compromise time already recorded is kept.
   */
  async markKeyCompromised(kid: string, from: Date, actor: RegistryActor): Promise<MemberKey> {
    if (Number.isNaN(from.getTime())) throw invalid('from', 'from must be a date-time');
    return this.changeKey(kid, actor, async (em, key) => {
      await em.query(`UPDATE member_key SET compromised_at = LEAST(coalesce(compromised_at, $2), $2) WHERE kid = $1`, [key.kid, from]);
      // Entries that key signed after the compromise no longer count for the member.
      await refreshEntryCount(em, key.country);
      return { kind: 'KEY_COMPROMISED', detail: `key ${key.kid} of ${key.country} marked compromised from ${from.toISOString()}` };
    });
  }

  private async changeKey(
    kid: string,
    actor: RegistryActor,
    change: (em: EntityManager, key: MemberKeyEntity) => Promise<{ kind: 'KEY_REVOKED' | 'KEY_COMPROMISED'; detail: string }>,
  ): Promise<MemberKey> {
    const id = String(kid ?? '').trim();
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) throw invalid('kid', `kid "${id.slice(0, 80)}" is not a key id; expected an RFC 7638 thumbprint (43 base64url characters)`);
    return this.db.transaction(async (em) => {
      const key = await em.getRepository(MemberKeyEntity).findOne({ where: { kid: id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw new LittoralError('KEY_UNKNOWN', `key ${id} is not known to this hub`, { kid: id });
      const { kind, detail } = await change(em, key);
      await this.events.record({ kind, country: key.country, kid: key.kid, detail, actor, at: this.now() }, em);
      await this.recordChange(em, actor, { kind, country: key.country, kid: key.kid });
      return toMemberKey(await em.getRepository(MemberKeyEntity).findOneByOrFail({ kid: id }));
    });
  }

  private async activeMember(em: EntityManager, country: string): Promise<MemberEntity> {
    const member = await em.getRepository(MemberEntity).findOne({ where: { country }, lock: { mode: 'pessimistic_write' } });
    if (!member) throw new LittoralError('MEMBER_UNKNOWN', `${country} is not a registered member of this hub; add it with addMember first`, { country });
    if (member.status === 'revoked') throw new LittoralError('MEMBER_REVOKED', `${country} is revoked; it cannot get new keys`, { country });
    return member;
  }

  // A key id belongs to one member only: a key shared by two countries would let one publish for the other.
  private async refuseKnownKids(em: EntityManager, kids: string[]): Promise<void> {
    const known: { kid: string; country: string }[] = await em.query(`SELECT kid, country FROM member_key WHERE kid = ANY($1)`, [kids]);
    if (known.length) {
      throw new LittoralError('INPUT_INVALID', `key ${known[0].kid} is already registered (for ${known[0].country}); every key belongs to one member`, { argument: 'jwks', kid: known[0].kid });
    }
  }

  private checkCountry(value: string, argument: string, mustBeNetworkMember: boolean): string {
    const code = String(value ?? '').trim().toUpperCase();
    if (!ISO_ALPHA2.has(code)) throw invalid(argument, `${argument} "${String(value).slice(0, 20)}" is not an ISO 3166-1 alpha-2 code such as TH`);
    if (mustBeNetworkMember && !this.networkMembers.includes(code)) {
      throw invalid(argument, `${code} is not a network member (LITTORAL_MEMBERS: ${this.networkMembers.join(', ')}); change LITTORAL_MEMBERS to admit it`);
    }
    return code;
  }
}

function period(from: Date | null, until: Date | null): string {
  if (!from && !until) return '';
  return ` (valid ${from ? `from ${from.toISOString()}` : ''}${from && until ? ' ' : ''}${until ? `until ${until.toISOString()}` : ''})`;
}
