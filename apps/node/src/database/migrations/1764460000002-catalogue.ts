import type { MigrationInterface, QueryRunner } from 'typeorm';

// The node's side of the signed catalogue: per-dataset version state, the
// outbox every signed message passes through (store and forward), and which
// keys have been announced. See docs/node-catalogue.md.

export class Catalogue1764460000002 implements MigrationInterface {
  name = 'Catalogue1764460000002';

  async up(q: QueryRunner): Promise<void> {
    // One row per dataset that has been through the catalogue. `version` only
    // ever grows; it is bumped (with an outbox row) only when the entry's
    // content hash changes, or for the tombstone.
    await q.query(`
      CREATE TABLE catalogue_state (
        dataset_id text PRIMARY KEY REFERENCES dataset(id) ON DELETE CASCADE,
        version bigint NOT NULL DEFAULT 0 CHECK (version >= 0),
        published_version bigint CHECK (published_version <= version),
        last_entry_hash text CHECK (last_entry_hash ~ '^[0-9a-f]{64}$'),
        source_modified_at timestamptz,
        source_data_modified_at timestamptz,
        refreshed_at timestamptz,
        withdrawn boolean NOT NULL DEFAULT false,
        withdrawn_at timestamptz,
        tombstone_version bigint CHECK (tombstone_version <= version),
        CONSTRAINT catalogue_state_withdrawal CHECK (withdrawn = (withdrawn_at IS NOT NULL)),
        CONSTRAINT catalogue_state_tombstone CHECK (tombstone_version IS NULL OR withdrawn)
      )`);

    // Signed messages waiting for (or past) their JetStream PubAck. No foreign
    // key to dataset: a tombstone must outlive anything that happens to it.
    await q.query(`
      CREATE TABLE catalogue_outbox (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('entry', 'tombstone', 'key-announcement')),
        dataset_id text,
        version bigint CHECK (version > 0),
        subject text NOT NULL,
        msg_id text NOT NULL UNIQUE,
        jws text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempted_at timestamptz,
        published_at timestamptz,
        stream_seq bigint,
        CONSTRAINT catalogue_outbox_dataset CHECK ((kind = 'key-announcement') = (dataset_id IS NULL AND version IS NULL))
      )`);
    await q.query(`CREATE INDEX catalogue_outbox_unpublished_idx ON catalogue_outbox (id) WHERE published_at IS NULL`);
    await q.query(`CREATE INDEX catalogue_outbox_dataset_idx ON catalogue_outbox (dataset_id, version)`);

    await q.query(`
      CREATE TABLE key_announcement (
        kid text PRIMARY KEY,
        previous_kid text NOT NULL,
        announced_at timestamptz NOT NULL DEFAULT now()
      )`);

    // A withdrawn dataset keeps its data but takes no new imports. Enforced in
    // the database so every writer (CLI import, future APIs) obeys it; the
    // import writes its import_run row first, so it fails before reading a line.
    await q.query(`
      CREATE FUNCTION littoral_refuse_withdrawn_import() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM catalogue_state WHERE dataset_id = NEW.dataset_id AND withdrawn) THEN
          RAISE EXCEPTION 'Dataset "%" is withdrawn from the catalogue; it takes no new imports (its data is kept). Import into another dataset instead.', NEW.dataset_id
            USING ERRCODE = 'LT001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER import_run_refuse_withdrawn BEFORE INSERT ON import_run
      FOR EACH ROW EXECUTE FUNCTION littoral_refuse_withdrawn_import()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS import_run_refuse_withdrawn ON import_run`);
    await q.query(`DROP FUNCTION IF EXISTS littoral_refuse_withdrawn_import()`);
    for (const t of ['key_announcement', 'catalogue_outbox', 'catalogue_state']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
