import { JWS_TYPES, verifyJws, verifyKeyAnnouncement, type Verified } from '@littoral/crypto';
import { checkCatalogueEntry, checkTombstone } from '@littoral/catalogue';
import { isLittoralError, LittoralError } from '@littoral/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog, auditInput, typeOrmAuditDatabase } from '@littoral/audit';
import { SecurityEventsService } from '../security/security-events.service.js';
import { claimedCountry, parseCatalogueSubject } from './catalogue-subjects.js';
import { documentOf, peekHeader, refuse, type CatalogueMessage, type IngestOutcome } from './catalogue-message.js';
import { refreshEntryCount, touchMember } from './catalogue-sql.js';
import { TrustStore, type TrustedMember } from './trust-store.js';

export interface IngestOptions {
  prefix: string;
  maxBytes: number;
  /** LITTORAL_MEMBERS: a country outside it is never trusted, registered or not. */
  networkMembers: readonly string[];
  /** After this many deliveries, a message that fails for an unexpected (non-connection) reason is refused as INTERNAL. */
  maxAttempts?: number;
}

/** A failure that says nothing about the message (database down): the consumer naks and retries. */
export class TransientIngestError extends Error {
  constructor(override readonly cause: unknown) {
    super(`transient failure: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'TransientIngestError';
  }
}

// Postgres SQLSTATE classes that mean "this data can never be stored" (22 data
// exception, 23 integrity violation): retrying cannot help.
const DATA_ERROR = /^2[23]/;
const CONNECTION_ERROR = /^(08|53|57P|ECONN|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)/;

function errorCode(e: unknown): string {
  const err = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = err?.driverError?.code ?? err?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * Verifies and stores one catalogue-stream message. Everything that decides
 * whether the hub trusts the message happens here, inside one database
 * transaction: look up the member named by the subject, verify the JWS with
 * that member's keys (issuer = the subject's country), check the document,
 * refuse a version that is not newer, then store the entry and the member's
 * status. A refusal rolls the transaction back (the stored entry is untouched)
 * and is recorded as a security event; the caller acks after this resolves.
 * Throws TransientIngestError when the message should be retried.
 */
export class CatalogueIngestService {
  private readonly events: SecurityEventsService;
  private readonly trust = new TrustStore();
  private readonly audit: AuditLog;

  constructor(
    private readonly db: DataSource,
    private readonly options: IngestOptions,
    private readonly now: () => Date = () => new Date(),
    /** The hub's audit log (default: one over the same database); every refusal is recorded in it as catalogue.rejected. */
    audit?: AuditLog,
  ) {
    this.events = new SecurityEventsService(db);
    this.audit = audit ?? new AuditLog(typeOrmAuditDatabase(db));
  }

  async ingest(msg: CatalogueMessage): Promise<IngestOutcome> {
    const receivedAt = this.now();
    let refusal: LittoralError;
    try {
      return await this.accept(msg, receivedAt);
    } catch (e) {
      refusal = this.asRefusal(e, msg);
    }
    const claimedKid = msg.data.length <= this.options.maxBytes ? peekHeader(Buffer.from(msg.data).toString('utf8')).kid : undefined;
    try {
      // The security event and the audit entry commit together; a redelivered refusal (already recorded) adds neither.
      await this.db.transaction(async (em) => {
        const known = (await em.query(`SELECT 1 FROM security_event WHERE stream = $1 AND msg_seq = $2`, [msg.stream, msg.streamSeq])) as unknown[];
        if (known.length > 0) return;
        const country = claimedCountry(this.options.prefix, msg.subject);
        await this.events.record(
          {
            kind: 'MESSAGE_REJECTED',
            at: receivedAt,
            country,
            subject: msg.subject,
            reasonCode: refusal.code,
            detail: refusal.message,
            kid: typeof claimedKid === 'string' ? claimedKid : null,
            stream: msg.stream,
            msgSeq: msg.streamSeq,
          },
          em,
        );
        const parsed = parseCatalogueSubject(this.options.prefix, msg.subject);
        await this.audit.appendIn(em, auditInput({
          // Who the message claimed to come from: nothing about it was trusted.
          actor: { subject: country ? `member:${country}` : 'anonymous', country, organisation: null, roles: [] },
          action: 'catalogue.rejected',
          decision: 'denied',
          reason: /^[A-Z][A-Z0-9_]{0,63}$/.test(refusal.code) ? refusal.code : 'INTERNAL',
          datasets: parsed?.kind === 'entry' ? [`urn:littoral:dataset:${parsed.country}:${parsed.datasetId}`] : [],
        }));
      });
    } catch (e) {
      throw new TransientIngestError(e);
    }
    return { status: 'rejected', code: refusal.code, detail: refusal.message };
  }

  /** A LittoralError is a refusal; so is data the database can never store, or a message that keeps failing. Anything else is transient. */
  private asRefusal(e: unknown, msg: CatalogueMessage): LittoralError {
    if (isLittoralError(e)) return e;
    const code = errorCode(e);
    if (DATA_ERROR.test(code)) {
      return refuse('CATALOGUE_ENTRY_INVALID', `Message refused: the hub database cannot store it (SQLSTATE ${code})`);
    }
    if (!CONNECTION_ERROR.test(code) && msg.deliveryCount >= (this.options.maxAttempts ?? 10)) {
      return refuse('INTERNAL', `Message refused after ${msg.deliveryCount} failed attempts: ${(e as Error)?.message ?? String(e)}`.slice(0, 500));
    }
    throw new TransientIngestError(e);
  }

  private async accept(msg: CatalogueMessage, receivedAt: Date): Promise<IngestOutcome> {
    if (msg.data.length > this.options.maxBytes) {
      throw refuse('PAYLOAD_TOO_LARGE', `Message refused: it is ${msg.data.length} bytes; at most ${this.options.maxBytes} are accepted`);
    }
    const subject = parseCatalogueSubject(this.options.prefix, msg.subject);
    if (!subject) {
      throw refuse('MESSAGE_MALFORMED', `Message refused: subject ${msg.subject.slice(0, 200)} is neither ${this.options.prefix}.catalog.<CC>.<dataset> nor ${this.options.prefix}.keys.<CC>`);
    }
    let jws: string;
    try {
      jws = new TextDecoder('utf-8', { fatal: true }).decode(msg.data).trim();
    } catch {
      throw refuse('MESSAGE_MALFORMED', 'Message refused: the payload is not UTF-8 text (a compact JWS)');
    }
    const { country } = subject;
    if (!this.options.networkMembers.includes(country)) {
      throw refuse('MEMBER_UNKNOWN', `Message refused: ${country} is not a network member (LITTORAL_MEMBERS)`);
    }

    return this.db.transaction(async (em) => {
      const member = await this.trust.member(em, country);
      if (!member) throw refuse('MEMBER_UNKNOWN', `Message refused: ${country} is not a registered member of this hub`);
      if (member.status !== 'active') throw refuse('MEMBER_REVOKED', `Message refused: member ${country} is revoked`);

      if (subject.kind === 'keys') return this.acceptAnnouncement(em, msg, jws, member, receivedAt);
      // One subject carries both entries and tombstones: the header's typ says which to verify as (verifyJws enforces it).
      const isTombstone = peekHeader(jws).typ === JWS_TYPES.tombstone;
      const verified = await this.verify(em, jws, member, isTombstone, receivedAt);
      return isTombstone
        ? this.storeTombstone(em, msg, jws, verified, subject.datasetId, receivedAt)
        : this.storeEntry(em, msg, jws, verified, subject.datasetId, receivedAt);
    });
  }

  private async verify(em: EntityManager, jws: string, member: TrustedMember, tombstone: boolean, receivedAt: Date): Promise<Verified> {
    try {
      return await verifyJws(jws, {
        typ: tombstone ? JWS_TYPES.tombstone : JWS_TYPES.catalogue,
        trusted: member.keys,
        issuer: member.country,
        receivedAt,
        maxBytes: this.options.maxBytes,
      });
    } catch (e) {
      throw await this.explainUnknownKey(em, e, jws, member.country);
    }
  }

  // A key the subject's member does not have may be another member's: that is
  // a node publishing for a country that is not its own.
  private async explainUnknownKey(em: EntityManager, e: unknown, jws: string, country: string): Promise<unknown> {
    if (!isLittoralError(e) || e.code !== 'KEY_UNKNOWN') return e;
    const kid = peekHeader(jws).kid;
    if (typeof kid !== 'string') return e;
    const owner = await this.trust.ownerOf(em, kid);
    if (owner === null || owner === country) return e;
    return refuse('ISSUER_MISMATCH', `Message refused: it is signed with a key of ${owner} but published for ${country}; a node publishes only for its own country`);
  }

  private async storeEntry(em: EntityManager, msg: CatalogueMessage, jws: string, verified: Verified, datasetId: string, receivedAt: Date): Promise<IngestOutcome> {
    const country = verified.payload.iss as string;
    const check = checkCatalogueEntry(documentOf(verified.payload), { country });
    if (!check.ok) throw refuse('CATALOGUE_ENTRY_INVALID', `Catalogue entry refused: ${check.problems.slice(0, 20).join('; ')}`, { problems: check.problems });
    if (check.datasetId !== datasetId) {
      throw refuse('CATALOGUE_ENTRY_INVALID', `Catalogue entry refused: it describes dataset ${check.datasetId} but was published on the subject of ${datasetId}`);
    }
    const stored = await this.lockStored(em, country, datasetId);
    if (stored && stored.stream_seq === String(msg.streamSeq) && stored.jws === jws) return { status: 'duplicate' };
    this.refuseOlder(stored, check.version);

    const e = check.entry as Record<string, unknown>;
    const description = (e.description as Record<string, string> | undefined)?.en ?? null;
    const keywords = Array.isArray(e.keyword) ? (e.keyword as string[]) : [];
    await em.query(
      `INSERT INTO catalogue_entry (identifier, country, dataset_id, version, jws, entry, kid, issued_at, verified_at, received_at, stream_seq,
         withdrawn, withdrawn_at, tombstone_jws, tombstone_kid, title, description, themes, keywords,
         bbox_west, bbox_south, bbox_east, bbox_north, temporal_start, temporal_end)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false, NULL, NULL, NULL, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
       ON CONFLICT (identifier) DO UPDATE SET
         version = EXCLUDED.version, jws = EXCLUDED.jws, entry = EXCLUDED.entry, kid = EXCLUDED.kid, issued_at = EXCLUDED.issued_at,
         verified_at = EXCLUDED.verified_at, received_at = EXCLUDED.received_at, stream_seq = EXCLUDED.stream_seq,
         withdrawn = false, withdrawn_at = NULL, tombstone_jws = NULL, tombstone_kid = NULL,
         title = EXCLUDED.title, description = EXCLUDED.description, themes = EXCLUDED.themes, keywords = EXCLUDED.keywords,
         bbox_west = EXCLUDED.bbox_west, bbox_south = EXCLUDED.bbox_south, bbox_east = EXCLUDED.bbox_east, bbox_north = EXCLUDED.bbox_north,
         temporal_start = EXCLUDED.temporal_start, temporal_end = EXCLUDED.temporal_end`,
      [
        check.identifier, country, datasetId, check.version, jws, JSON.stringify(check.entry), verified.kid, verified.issuedAt, this.now(), receivedAt,
        msg.streamSeq, check.title, description, check.themes, keywords,
        check.bbox?.west ?? null, check.bbox?.south ?? null, check.bbox?.east ?? null, check.bbox?.north ?? null,
        check.temporal?.start ?? null, check.temporal?.end ?? null,
      ],
    );
    await touchMember(em, country, receivedAt);
    await refreshEntryCount(em, country);
    return { status: 'stored', identifier: check.identifier, version: check.version };
  }

  private async storeTombstone(em: EntityManager, msg: CatalogueMessage, jws: string, verified: Verified, datasetId: string, receivedAt: Date): Promise<IngestOutcome> {
    const country = verified.payload.iss as string;
    const check = checkTombstone(documentOf(verified.payload), { country });
    if (!check.ok) throw refuse('CATALOGUE_ENTRY_INVALID', `Tombstone refused: ${check.problems.slice(0, 20).join('; ')}`, { problems: check.problems });
    const t = check.tombstone;
    if (t.datasetId !== datasetId) {
      throw refuse('CATALOGUE_ENTRY_INVALID', `Tombstone refused: it withdraws dataset ${t.datasetId} but was published on the subject of ${datasetId}`);
    }
    const stored = await this.lockStored(em, country, datasetId);
    if (stored && stored.tombstone_jws === jws) return { status: 'duplicate' };
    this.refuseOlder(stored, t.version);

    await em.query(
      `INSERT INTO catalogue_entry (identifier, country, dataset_id, version, received_at, stream_seq, withdrawn, withdrawn_at, tombstone_jws, tombstone_kid)
       VALUES ($1, $2, $3, $4, $5, $6, true, $7, $8, $9)
       ON CONFLICT (identifier) DO UPDATE SET
         version = EXCLUDED.version, received_at = EXCLUDED.received_at, stream_seq = EXCLUDED.stream_seq,
         withdrawn = true, withdrawn_at = EXCLUDED.withdrawn_at, tombstone_jws = EXCLUDED.tombstone_jws, tombstone_kid = EXCLUDED.tombstone_kid`,
      [t.identifier, country, datasetId, t.version, receivedAt, msg.streamSeq, new Date(t.withdrawn), jws, verified.kid],
    );
    await touchMember(em, country, receivedAt);
    await refreshEntryCount(em, country);
    return { status: 'withdrawn', identifier: t.identifier, version: t.version };
  }

  private async acceptAnnouncement(em: EntityManager, msg: CatalogueMessage, jws: string, member: TrustedMember, receivedAt: Date): Promise<IngestOutcome> {
    let announced;
    try {
      announced = await verifyKeyAnnouncement(jws, member.keys, member.country, receivedAt);
    } catch (e) {
      throw await this.explainUnknownKey(em, e, jws, member.country);
    }
    const { newKey, previousKid } = announced;
    const owner = await this.trust.ownerOf(em, newKey.kid);
    if (owner === member.country) {
      await touchMember(em, member.country, receivedAt);
      return { status: 'duplicate' };
    }
    if (owner !== null) throw refuse('ISSUER_MISMATCH', `Key announcement refused: key ${newKey.kid} is already registered for ${owner}`);
    await em.query(
      `INSERT INTO member_key (kid, country, jwk, valid_from, valid_until, source, announced_by, added_at) VALUES ($1, $2, $3, $4, $5, 'announcement', $6, $7)`,
      [newKey.kid, member.country, JSON.stringify(newKey.jwk), newKey.validFrom ?? null, newKey.validUntil ?? null, previousKid, receivedAt],
    );
    await touchMember(em, member.country, receivedAt);
    await this.events.record(
      {
        kind: 'KEY_ANNOUNCED',
        at: receivedAt,
        country: member.country,
        subject: msg.subject,
        kid: newKey.kid,
        detail: `key ${newKey.kid} of ${member.country} trusted from ${newKey.validFrom?.toISOString() ?? 'now'}, announced by key ${previousKid} (which stays trusted until an administrator retires it)`,
        stream: msg.stream,
        msgSeq: msg.streamSeq,
      },
      em,
    );
    return { status: 'key-added', country: member.country, kid: newKey.kid };
  }

  private async lockStored(em: EntityManager, country: string, datasetId: string): Promise<StoredRow | undefined> {
    const rows: StoredRow[] = await em.query(
      `SELECT version::text AS version, stream_seq::text AS stream_seq, jws, tombstone_jws FROM catalogue_entry WHERE country = $1 AND dataset_id = $2 FOR UPDATE`,
      [country, datasetId],
    );
    return rows[0];
  }

  private refuseOlder(stored: StoredRow | undefined, version: number): void {
    if (stored && BigInt(stored.version) >= BigInt(version)) {
      throw refuse('VERSION_NOT_NEWER', `Message refused: version ${version} is not newer than the stored version ${stored.version} (replay or rollback)`);
    }
  }
}

interface StoredRow {
  version: string;
  stream_seq: string | null;
  jws: string | null;
  tombstone_jws: string | null;
}
