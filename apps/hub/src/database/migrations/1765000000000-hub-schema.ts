import type { MigrationInterface, QueryRunner } from 'typeorm';

// The hub's regional catalogue and member registry. The hub holds catalogue
// entries and keys, never national data. Every stored entry names the key that
// signed it through a composite foreign key (country, kid), so an entry can
// only ever be attributed to a key of its own country.

const COUNTRY = `~ '^[A-Z]{2}$'`;
const KID = `~ '^[A-Za-z0-9_-]{43}$'`; // RFC 7638 SHA-256 thumbprint, base64url

export class HubSchema1765000000000 implements MigrationInterface {
  name = 'HubSchema1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member (
        country text PRIMARY KEY CHECK (country ${COUNTRY}),
        node_id text NOT NULL UNIQUE CHECK (node_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        display_name text NOT NULL CHECK (length(btrim(display_name)) > 0),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_seen_at timestamptz,
        entry_count integer NOT NULL DEFAULT 0 CHECK (entry_count >= 0),
        CONSTRAINT member_revoked_at CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);

    await q.query(`
      CREATE TABLE member_key (
        kid text PRIMARY KEY CHECK (kid ${KID}),
        country text NOT NULL REFERENCES member(country),
        jwk jsonb NOT NULL CHECK (jsonb_typeof(jwk) = 'object' AND NOT (jwk ? 'd')),
        valid_from timestamptz,
        valid_until timestamptz,
        revoked_at timestamptz,
        compromised_at timestamptz,
        source text NOT NULL CHECK (source IN ('admin', 'announcement')),
        announced_by text,
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT member_key_country_kid UNIQUE (country, kid),
        CONSTRAINT member_key_validity CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until),
        CONSTRAINT member_key_announced CHECK ((source = 'announcement') = (announced_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX member_key_country_idx ON member_key (country)`);

    // One row per (country, dataset): the last verified entry, and the newest
    // accepted version (an entry or a tombstone). A tombstone keeps the entry
    // it withdrew; a tombstone for a dataset never seen keeps no entry.
    await q.query(`
      CREATE TABLE catalogue_entry (
        identifier text PRIMARY KEY CHECK (length(identifier) BETWEEN 1 AND 2048),
        country text NOT NULL REFERENCES member(country),
        dataset_id text NOT NULL CHECK (dataset_id ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
        version bigint NOT NULL CHECK (version >= 0),
        jws text,
        entry jsonb,
        kid text,
        issued_at timestamptz,
        verified_at timestamptz,
        received_at timestamptz NOT NULL,
        stream_seq bigint,
        withdrawn boolean NOT NULL DEFAULT false,
        withdrawn_at timestamptz,
        tombstone_jws text,
        tombstone_kid text,
        title text,
        description text,
        themes text[] NOT NULL DEFAULT '{}',
        keywords text[] NOT NULL DEFAULT '{}',
        bbox_west double precision CHECK (bbox_west BETWEEN -180 AND 180),
        bbox_south double precision CHECK (bbox_south BETWEEN -90 AND 90),
        bbox_east double precision CHECK (bbox_east BETWEEN -180 AND 180),
        bbox_north double precision CHECK (bbox_north BETWEEN -90 AND 90),
        temporal_start date,
        temporal_end date,
        CONSTRAINT catalogue_entry_dataset UNIQUE (country, dataset_id),
        CONSTRAINT catalogue_entry_signer FOREIGN KEY (country, kid) REFERENCES member_key (country, kid),
        CONSTRAINT catalogue_entry_tombstone_signer FOREIGN KEY (country, tombstone_kid) REFERENCES member_key (country, kid),
        CONSTRAINT catalogue_entry_has_entry CHECK (
          (entry IS NOT NULL AND jws IS NOT NULL AND kid IS NOT NULL AND issued_at IS NOT NULL AND verified_at IS NOT NULL)
          OR (entry IS NULL AND jws IS NULL AND kid IS NULL AND issued_at IS NULL AND verified_at IS NULL AND withdrawn)),
        CONSTRAINT catalogue_entry_withdrawn CHECK (withdrawn = (tombstone_jws IS NOT NULL AND tombstone_kid IS NOT NULL AND withdrawn_at IS NOT NULL)),
        CONSTRAINT catalogue_entry_bbox CHECK (
          (bbox_west IS NULL AND bbox_south IS NULL AND bbox_east IS NULL AND bbox_north IS NULL)
          OR (bbox_west IS NOT NULL AND bbox_south IS NOT NULL AND bbox_east IS NOT NULL AND bbox_north IS NOT NULL AND bbox_south <= bbox_north))
      )`);
    await q.query(`CREATE INDEX catalogue_entry_themes_idx ON catalogue_entry USING gin (themes)`);
    await q.query(`CREATE INDEX catalogue_entry_temporal_idx ON catalogue_entry (temporal_start, temporal_end)`);

    // Append-only: what was refused (and trust changes), for administrators and auditors.
    // `country` is the country a message claimed (its subject), not a verified one.
    await q.query(`
      CREATE TABLE security_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL CHECK (kind ~ '^[A-Z_]{3,64}$'),
        country text,
        subject text,
        reason_code text CHECK (reason_code ~ '^[A-Z_]{3,64}$'),
        detail text NOT NULL,
        kid text,
        stream text,
        msg_seq bigint,
        actor text,
        CONSTRAINT security_event_message CHECK ((stream IS NULL) = (msg_seq IS NULL))
      )`);
    // A redelivered message (its ack was lost) is recorded once.
    await q.query(`CREATE UNIQUE INDEX security_event_message_idx ON security_event (stream, msg_seq) WHERE msg_seq IS NOT NULL`);
    await q.query(`CREATE INDEX security_event_country_idx ON security_event (country, id)`);
    await q.query(`
      CREATE FUNCTION security_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'security_event is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER security_event_no_change BEFORE UPDATE OR DELETE ON security_event FOR EACH ROW EXECUTE FUNCTION security_event_append_only()`);
    await q.query(`CREATE TRIGGER security_event_no_truncate BEFORE TRUNCATE ON security_event FOR EACH STATEMENT EXECUTE FUNCTION security_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['security_event', 'catalogue_entry', 'member_key', 'member']) await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS security_event_append_only()`);
  }
}
