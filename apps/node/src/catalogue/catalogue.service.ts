import { DataSource, type EntityManager } from 'typeorm';
import { LittoralError, type Dataset } from '@littoral/contracts';
import { buildCatalogueEntry, buildTombstone, type CatalogueEntryInput } from '@littoral/catalogue';
import { JWS_TYPES, signJws, type JwsType } from '@littoral/crypto';
import { catalogueMsgId, catalogueSubject, keySubject, type CatalogueStreamNames } from '@littoral/messaging';
import { AuditLog, auditInput, typeOrmAuditDatabase } from '@littoral/audit';
import { DatasetEntity } from '../database/entities/index.js';
import { toDataset } from '../datasets/dataset.mapper.js';
import { keyAnnouncementMsgId, signKeyAnnouncement } from '../keys/key-announcement.js';
import type { NodeKeys } from '../keys/node-keys.js';
import { NoGrantsAccessSummary, type AccessSummaryProvider } from './access-summary.js';
import { enqueue } from './catalogue-outbox.js';
import { contentHash } from './content-hash.js';
import { readDatasetStats } from './dataset-stats.js';

/** Who the node is in the network: what its entries say about their publisher. */
export interface CatalogueIdentity {
  country: string;
  nodeId: string;
  /** Public base URL of the node, or null. */
  nodeBaseUrl: string | null;
}

export interface CatalogueServiceOptions {
  names: CatalogueStreamNames;
  access?: AccessSummaryProvider;
  /** Injected clock (tests); default `new Date()`. */
  clock?: () => Date;
  /** Called after a transaction that added outbox rows has committed (the publisher's cue). */
  onEnqueued?: () => void;
  /** The node's audit log (default: one over the same database): each signed entry or tombstone is recorded with it. */
  audit?: AuditLog;
}

/**
 * - `new-version`: the entry changed; a signed entry with the next version is in the outbox.
 * - `unchanged`: same content as the last version; nothing written.
 * - `tombstone`: the dataset is withdrawn; its signed tombstone is in the outbox.
 * - `withdrawn`: withdrawn earlier, tombstone already written.
 * - `no-key`: the node has no key file, so nothing can be signed (yet).
 */
export type RefreshOutcome = 'new-version' | 'unchanged' | 'tombstone' | 'withdrawn' | 'no-key';

export interface RefreshResult {
  datasetId: string;
  outcome: RefreshOutcome;
  /** The dataset's current version (0: never signed). */
  version: number;
}

export interface WithdrawResult {
  datasetId: string;
  alreadyWithdrawn: boolean;
  /** Version of the tombstone, or null when the node has no key yet (the node signs it when it has one). */
  tombstoneVersion: number | null;
}

interface StateRow {
  version: string;
  last_entry_hash: string | null;
  withdrawn: boolean;
  withdrawn_at: Date | null;
  tombstone_version: string | null;
}

// Entries are compared with these in place of the values that change with
// every version, so only a change of content makes a new version.
const PROBE_TIME = new Date(0);

/**
 * Keeps the signed catalogue in step with the node's datasets. For each
 * dataset it computes the stats from the rows, builds the DCAT entry, and —
 * only when the content changed — signs the next version and writes it to the
 * outbox in the same transaction that bumps the version. Withdrawal writes a
 * signed tombstone the same way. Plain class (no Nest): the CLI uses it too.
 *
 * Concurrency: every change to a dataset's catalogue state happens under the
 * row lock of its `catalogue_state` row, so a CLI and a node (or two nodes) on
 * one database never hand out a version twice.
 */
export class CatalogueService {
  private readonly access: AccessSummaryProvider;
  private readonly clock: () => Date;
  private readonly audit: AuditLog;
  private keysAnnounced = false;

  constructor(
    private readonly db: DataSource,
    private readonly identity: CatalogueIdentity,
    private readonly keys: NodeKeys,
    private readonly options: CatalogueServiceOptions,
  ) {
    this.access = options.access ?? new NoGrantsAccessSummary();
    this.clock = options.clock ?? (() => new Date());
    this.audit = options.audit ?? new AuditLog(typeOrmAuditDatabase(db));
  }

  /** True when the node can sign. */
  get canSign(): boolean {
    return this.keys.present;
  }

  /** Re-computes every dataset's entry ("in full at start-up"); a new version only where content changed. */
  async refreshAll(): Promise<(RefreshResult | RefreshFailure)[]> {
    const rows = (await this.db.query(`SELECT id FROM dataset ORDER BY id`)) as { id: string }[];
    return this.refreshEach(rows.map((r) => r.id));
  }

  /**
   * Re-computes the datasets that changed since their last refresh, whoever
   * changed them (an import from the CLI, an update through GraphQL, another
   * process): new datasets, a changed `modified_at` / `data_modified_at`, and
   * withdrawals still waiting for their tombstone.
   */
  async refreshChanged(): Promise<(RefreshResult | RefreshFailure)[]> {
    const rows = (await this.db.query(
      `SELECT d.id
       FROM dataset d
       LEFT JOIN catalogue_state s ON s.dataset_id = d.id
       WHERE s.dataset_id IS NULL
          OR s.source_modified_at IS DISTINCT FROM d.modified_at
          OR s.source_data_modified_at IS DISTINCT FROM d.data_modified_at
          OR (s.withdrawn AND s.tombstone_version IS NULL)
       ORDER BY d.id`,
    )) as { id: string }[];
    return this.refreshEach(rows.map((r) => r.id));
  }

  /** Brings one dataset's catalogue entry up to date (see {@link RefreshOutcome}). */
  async refresh(datasetId: string): Promise<RefreshResult> {
    if (!this.keys.present) return { datasetId, outcome: 'no-key', version: await this.currentVersion(datasetId) };
    await this.announceKeys();
    const result = await this.db.transaction(async (m) => {
      const now = this.clock();
      const state = await this.lockState(m, datasetId);
      // The watermarks are read BEFORE the stats: a change committed after this
      // point moves them, so the next sweep sees it even if these stats missed it.
      const [mark] = (await m.query(`SELECT modified_at::text AS modified, data_modified_at::text AS data_modified FROM dataset WHERE id = $1`, [datasetId])) as { modified: string; data_modified: string | null }[];
      const saveMarks = (extra = '', params: unknown[] = []) =>
        m.query(`UPDATE catalogue_state SET source_modified_at = $2::timestamptz, source_data_modified_at = $3::timestamptz, refreshed_at = $4${extra} WHERE dataset_id = $1`, [datasetId, mark.modified, mark.data_modified, now, ...params]);
      const version = Number(state.version);

      if (state.withdrawn) {
        await saveMarks();
        if (state.tombstone_version !== null) return { datasetId, outcome: 'withdrawn' as const, version };
        return { datasetId, outcome: 'tombstone' as const, version: await this.writeTombstone(m, datasetId, version, state.withdrawn_at!, now) };
      }

      const entity = await m.getRepository(DatasetEntity).findOneByOrFail({ id: datasetId });
      const input = await this.entryInput(m, toDataset(entity), entity.dataModifiedAt, now);
      const hash = contentHash(buildCatalogueEntry({ ...input, version: 1, issued: PROBE_TIME, modified: PROBE_TIME }));
      if (hash === state.last_entry_hash) {
        await saveMarks();
        return { datasetId, outcome: 'unchanged' as const, version };
      }
      const next = version + 1;
      const entry = buildCatalogueEntry({ ...input, version: next });
      await this.enqueueSigned(m, 'entry', datasetId, next, entry, JWS_TYPES.catalogue, now);
      await saveMarks(', version = $5, last_entry_hash = $6', [next, hash]);
      return { datasetId, outcome: 'new-version' as const, version: next };
    });
    if (result.outcome === 'new-version' || result.outcome === 'tombstone') this.options.onEnqueued?.();
    return result;
  }

  /**
   * Withdraws a dataset from the catalogue: marks it withdrawn (its data is
   * kept; further imports are refused) and writes its signed tombstone, which
   * carries the next version so it supersedes every earlier entry. Without a
   * key the tombstone is signed by the node as soon as it has one.
   */
  async withdraw(datasetId: string): Promise<WithdrawResult> {
    if (this.keys.present) await this.announceKeys();
    const result = await this.db.transaction(async (m) => {
      const state = await this.lockState(m, datasetId);
      if (state.withdrawn) {
        return { datasetId, alreadyWithdrawn: true, tombstoneVersion: state.tombstone_version === null ? null : Number(state.tombstone_version) };
      }
      const now = this.clock();
      await m.query(`UPDATE catalogue_state SET withdrawn = true, withdrawn_at = $2 WHERE dataset_id = $1`, [datasetId, now]);
      const tombstoneVersion = this.keys.present ? await this.writeTombstone(m, datasetId, Number(state.version), now, now) : null;
      return { datasetId, alreadyWithdrawn: false, tombstoneVersion };
    });
    if (result.tombstoneVersion !== null && !result.alreadyWithdrawn) this.options.onEnqueued?.();
    return result;
  }

  /** Is the dataset withdrawn from the catalogue? */
  async isWithdrawn(datasetId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT withdrawn FROM catalogue_state WHERE dataset_id = $1`, [datasetId])) as { withdrawn: boolean }[];
    return rows[0]?.withdrawn ?? false;
  }

  /**
   * Announces every key hand-over not announced before (a rotation done with
   * `littoral keys rotate` while the node was stopped): a keyAnnouncement
   * signed by the previous key, on the country's key subject, through the
   * outbox — so it goes out before any entry the new key signs. Returns the
   * newly announced key ids.
   */
  async announceKeys(): Promise<string[]> {
    if (this.keysAnnounced || !this.keys.present) return [];
    const { handOvers } = this.keys.handOvers();
    const announced: string[] = [];
    for (const { previous, next } of handOvers) {
      const now = this.clock();
      const jws = await signKeyAnnouncement(this.identity.country, previous, next, now);
      const added = await this.db.transaction(async (m) => {
        const rows = (await m.query(`INSERT INTO key_announcement (kid, previous_kid, announced_at) VALUES ($1, $2, $3) ON CONFLICT (kid) DO NOTHING RETURNING kid`, [next.kid, previous.kid, now])) as unknown[];
        if (rows.length === 0) return false;
        await enqueue(m, {
          kind: 'key-announcement', datasetId: null, version: null,
          subject: keySubject(this.options.names, this.identity.country),
          msgId: keyAnnouncementMsgId(this.identity.country, next.kid), jws,
        });
        return true;
      });
      if (added) announced.push(next.kid);
    }
    this.keysAnnounced = true;
    if (announced.length > 0) this.options.onEnqueued?.();
    return announced;
  }

  private async refreshEach(ids: string[]): Promise<(RefreshResult | RefreshFailure)[]> {
    const out: (RefreshResult | RefreshFailure)[] = [];
    // One dataset whose entry cannot be built must not hold back the others.
    for (const id of ids) {
      try {
        out.push(await this.refresh(id));
      } catch (err) {
        out.push({ datasetId: id, outcome: 'failed', error: err as Error });
      }
    }
    return out;
  }

  private async entryInput(m: EntityManager, dataset: Dataset, dataModifiedAt: Date | null, now: Date): Promise<Omit<CatalogueEntryInput, 'version'>> {
    const stats = await readDatasetStats(m, dataset.id, dataset.theme);
    const access = await this.access.summarize(dataset.id, now);
    // Taken from the data, not the clock: rebuilding an unchanged dataset gives the same entry.
    const modified = dataModifiedAt && dataModifiedAt > dataset.modifiedAt ? dataModifiedAt : dataset.modifiedAt;
    return { dataset, country: this.identity.country, nodeId: this.identity.nodeId, nodeBaseUrl: this.identity.nodeBaseUrl, stats, access, issued: dataset.createdAt, modified };
  }

  private async writeTombstone(m: EntityManager, datasetId: string, version: number, withdrawnAt: Date, now: Date): Promise<number> {
    const next = version + 1;
    const tombstone = buildTombstone({ country: this.identity.country, datasetId, version: next, withdrawnAt });
    await this.enqueueSigned(m, 'tombstone', datasetId, next, tombstone, JWS_TYPES.tombstone, now);
    await m.query(`UPDATE catalogue_state SET version = $2, tombstone_version = $2 WHERE dataset_id = $1`, [datasetId, next]);
    return next;
  }

  private async enqueueSigned(m: EntityManager, kind: 'entry' | 'tombstone', datasetId: string, version: number, payload: object, typ: JwsType, now: Date): Promise<void> {
    const { country } = this.identity;
    const jws = await signJws(payload as Record<string, unknown>, typ, this.keys.active(), { iss: country, sub: country }, now);
    const added = await enqueue(m, { kind, datasetId, version, subject: catalogueSubject(this.options.names, country, datasetId), msgId: catalogueMsgId(country, datasetId, version), jws });
    // The version was taken under the state row lock, so its message id is new;
    // finding it already in the outbox means the state and the outbox disagree.
    if (!added) throw new LittoralError('INTERNAL', `catalogue outbox already holds version ${version} of dataset "${datasetId}"; catalogue_state is behind the outbox`);
    // Recorded with the outbox row: nothing is published without its audit entry.
    await this.audit.appendIn(m, auditInput({
      actor: { subject: `node:${country}`, country, organisation: null, roles: [] },
      action: kind === 'entry' ? 'catalogue.published' : 'catalogue.withdrawn',
      decision: 'allowed',
      datasets: [datasetId],
    }));
  }

  /** Creates the dataset's state row if needed and locks it for this transaction. */
  private async lockState(m: EntityManager, datasetId: string): Promise<StateRow> {
    const exists = (await m.query(`SELECT 1 FROM dataset WHERE id = $1`, [datasetId])) as unknown[];
    if (exists.length === 0) {
      throw new LittoralError('DATASET_NOT_FOUND', `Dataset "${datasetId}" does not exist on this node (see \`littoral dataset list\`)`, { id: datasetId });
    }
    await m.query(`INSERT INTO catalogue_state (dataset_id) VALUES ($1) ON CONFLICT (dataset_id) DO NOTHING`, [datasetId]);
    const rows = (await m.query(
      `SELECT version::text, last_entry_hash, withdrawn, withdrawn_at, tombstone_version::text
       FROM catalogue_state WHERE dataset_id = $1 FOR UPDATE`,
      [datasetId],
    )) as StateRow[];
    return rows[0];
  }

  private async currentVersion(datasetId: string): Promise<number> {
    const rows = (await this.db.query(`SELECT version::text FROM catalogue_state WHERE dataset_id = $1`, [datasetId])) as { version: string }[];
    return rows.length ? Number(rows[0].version) : 0;
  }
}

/** A dataset whose entry could not be refreshed (logged by the caller; the others go on). */
export interface RefreshFailure {
  datasetId: string;
  outcome: 'failed';
  error: Error;
}
