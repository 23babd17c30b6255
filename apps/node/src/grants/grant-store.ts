// The SQL of grant storage, in one place. Every function takes the manager
// of the caller's transaction (or the DataSource for plain reads).
import type { DataSource, EntityManager } from 'typeorm';
import type { Grant } from '@littoral/policy';
import { GrantVersionEntity } from '../database/entities/index.js';
import { toGrantVersion, type GrantAction, type GrantActor, type GrantVersion } from './grant-version.js';

type Db = DataSource | EntityManager;

/** Every version of every grant on a dataset, oldest first. */
export async function readDatasetVersions(db: Db, datasetId: string): Promise<GrantVersion[]> {
  const rows = await db.getRepository(GrantVersionEntity).find({ where: { datasetId }, order: { seq: 'ASC' } });
  return rows.map(toGrantVersion);
}

/** Every version of one grant, oldest first (empty when the id is unknown). */
export async function readGrantVersions(db: Db, grantId: string): Promise<GrantVersion[]> {
  const rows = await db.getRepository(GrantVersionEntity).find({ where: { grantId }, order: { version: 'ASC' } });
  return rows.map(toGrantVersion);
}

/** The latest version of one grant, or undefined. */
export async function readLatestVersion(db: Db, grantId: string): Promise<GrantVersion | undefined> {
  const row = await db.getRepository(GrantVersionEntity).findOne({ where: { grantId }, order: { version: 'DESC' } });
  return row ? toGrantVersion(row) : undefined;
}

/** The dataset's policy version: the highest seq of its grant versions, 0 when it has none. */
export async function readPolicyVersion(db: Db, datasetId: string): Promise<number> {
  const [row] = (await db.query(`SELECT coalesce(max(seq), 0)::text AS v FROM grant_version WHERE dataset_id = $1`, [datasetId])) as { v: string }[];
  return Number(row.v);
}

/** Whether the dataset exists on this node and whether it is withdrawn from the catalogue. */
export async function readDatasetState(m: Db, datasetId: string): Promise<{ exists: boolean; withdrawn: boolean }> {
  const rows = (await m.query(
    `SELECT coalesce(s.withdrawn, false) AS withdrawn FROM dataset d LEFT JOIN catalogue_state s ON s.dataset_id = d.id WHERE d.id = $1`,
    [datasetId],
  )) as { withdrawn: boolean }[];
  return { exists: rows.length > 0, withdrawn: rows[0]?.withdrawn ?? false };
}

export interface NewVersion {
  grant: Grant;
  action: GrantAction;
  before: Grant | null;
  actor: GrantActor;
  at: Date;
  reason: string;
}

/**
 * Appends one version. The primary key (grant_id, version) makes a second
 * writer of the same version fail with a unique violation (23505), which the
 * service turns into GRANT_VERSION_CONFLICT.
 */
export async function insertVersion(m: EntityManager, v: NewVersion): Promise<GrantVersion> {
  await m.query(
    `INSERT INTO grant_version (grant_id, version, dataset_id, action, changed_by_subject, changed_by_country, changed_by_organisation, changed_by_roles, changed_at, reason, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb)`,
    [
      v.grant.id, v.grant.version, v.grant.datasetId, v.action,
      v.actor.subject, v.actor.country, v.actor.organisation, [...v.actor.roles],
      v.at, v.reason, v.before === null ? null : JSON.stringify(v.before), JSON.stringify(v.grant),
    ],
  );
  const row = await m.getRepository(GrantVersionEntity).findOneByOrFail({ grantId: v.grant.id, version: v.grant.version });
  return toGrantVersion(row);
}

/**
 * Makes the catalogue rebuild the dataset's entry at its next sweep, whichever
 * process runs it: grants do not touch the dataset row, so without this a
 * change made from the CLI (or a refresh that failed) would wait for the
 * node's next start. The sweep compares `source_modified_at` with the
 * dataset's `modified_at`; clearing it makes them differ. In the transaction
 * of the grant change, so the mark and the change commit together.
 */
export async function markCatalogueStale(m: EntityManager, datasetId: string): Promise<void> {
  await m.query(`UPDATE catalogue_state SET source_modified_at = NULL WHERE dataset_id = $1`, [datasetId]);
}
