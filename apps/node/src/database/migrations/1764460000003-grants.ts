import type { MigrationInterface, QueryRunner } from 'typeorm';

// Sharing grants (docs/grants.md): an append-only table of grant versions.
// Nothing is ever overwritten: a change is a new version, a revocation is a new
// version whose grant carries `revokedAt`. A trigger refuses UPDATE, DELETE and
// TRUNCATE whoever runs them, so the history an auditor reads is the history
// that happened.

export class Grants1764460000003 implements MigrationInterface {
  name = 'Grants1764460000003';

  async up(q: QueryRunner): Promise<void> {
    // `after` is this version's grant, exactly in the policy `Grant` contract
    // (@littoral/policy), so the engine reads it as stored; `before` is the
    // previous version's. `seq` orders every version of every grant on this
    // node: the policy version of a dataset is the highest `seq` of its grants.
    await q.query(`
      CREATE TABLE grant_version (
        grant_id uuid NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        seq bigserial NOT NULL UNIQUE,
        dataset_id text NOT NULL REFERENCES dataset(id),
        action text NOT NULL CHECK (action IN ('CREATE', 'CHANGE', 'REVOKE')),
        changed_by_subject text NOT NULL CHECK (btrim(changed_by_subject) <> ''),
        changed_by_country text CHECK (changed_by_country ~ '^[A-Z]{2}$'),
        changed_by_organisation text,
        changed_by_roles text[] NOT NULL DEFAULT '{}',
        changed_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (btrim(reason) <> ''),
        before jsonb,
        after jsonb NOT NULL,
        PRIMARY KEY (grant_id, version),
        CONSTRAINT grant_version_create CHECK ((action = 'CREATE') = (version = 1) AND (action = 'CREATE') = (before IS NULL)),
        CONSTRAINT grant_version_revoke CHECK ((action = 'REVOKE') = (after ? 'revokedAt')),
        CONSTRAINT grant_version_matches_grant CHECK (
          after->>'id' = grant_id::text AND after->>'version' = version::text AND after->>'datasetId' = dataset_id
        )
      )`);
    await q.query(`CREATE INDEX grant_version_dataset_idx ON grant_version (dataset_id, grant_id, version)`);

    await q.query(`
      CREATE FUNCTION littoral_grant_version_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'grant_version is append-only: % is refused; change or revoke a grant by adding a version (littoral grants, or the createGrant/changeGrant/revokeGrant mutations)', TG_OP
          USING ERRCODE = 'LT002';
      END $$`);
    await q.query(`
      CREATE TRIGGER grant_version_no_update_delete BEFORE UPDATE OR DELETE ON grant_version
      FOR EACH ROW EXECUTE FUNCTION littoral_grant_version_append_only()`);
    await q.query(`
      CREATE TRIGGER grant_version_no_truncate BEFORE TRUNCATE ON grant_version
      FOR EACH STATEMENT EXECUTE FUNCTION littoral_grant_version_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS grant_version`);
    await q.query(`DROP FUNCTION IF EXISTS littoral_grant_version_append_only()`);
  }
}
