// The audit log's tables, version 1, for the node's and the hub's migrations
// (docs/audit.md): an append-only hash chain of entries and the signed
// checkpoints of its head. Neither table can be changed or emptied: statement
// triggers refuse UPDATE, DELETE and TRUNCATE for every role (only a superuser
// or the owner disabling the trigger gets past them, and verification then
// finds what they did).
//
// FROZEN: migrations that ran must replay identically. A schema change is a
// new AUDIT_SCHEMA_V2 used by new migrations, never an edit here.

/** Statements creating the audit tables, in order. */
export const AUDIT_SCHEMA_V1_UP: readonly string[] = Object.freeze([
  `CREATE TABLE audit_entry (
    seq bigint PRIMARY KEY CHECK (seq > 0),
    time timestamptz NOT NULL,
    actor_subject text NOT NULL,
    actor_country text,
    actor_organisation text,
    actor_roles jsonb NOT NULL,
    action text NOT NULL,
    purpose text,
    datasets jsonb NOT NULL,
    decision text NOT NULL,
    reason text,
    result_size bigint,
    policy_version text,
    correlation_id uuid NOT NULL,
    request_hash text,
    prev_hash text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
  )`,
  `CREATE INDEX audit_entry_time_idx ON audit_entry (time)`,
  `CREATE INDEX audit_entry_correlation_idx ON audit_entry (correlation_id)`,
  // origin: a node's country for its own checkpoints; the hub stores every member's and its own as 'hub'.
  `CREATE TABLE audit_checkpoint (
    origin text NOT NULL CHECK (origin ~ '^([A-Z]{2}|hub)$'),
    seq bigint NOT NULL CHECK (seq > 0),
    head text NOT NULL CHECK (head ~ '^[0-9a-f]{64}$'),
    time timestamptz NOT NULL,
    kid text NOT NULL,
    jws text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, seq)
  )`,
  `CREATE FUNCTION littoral_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % on % is refused (entries and checkpoints can never be changed or removed)', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'LTA01', HINT = 'Export what you need with littoral audit export; check the log with littoral audit verify.';
  END $$`,
  ...['audit_entry', 'audit_checkpoint'].flatMap((table) => [
    `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION littoral_audit_append_only()`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`,
  ]),
]);

/** Statements removing them: dropping the tables (not their rows) is the only way back, and it destroys the log. */
export const AUDIT_SCHEMA_V1_DOWN: readonly string[] = Object.freeze([
  `DROP TABLE IF EXISTS audit_checkpoint`,
  `DROP TABLE IF EXISTS audit_entry`,
  `DROP FUNCTION IF EXISTS littoral_audit_append_only()`,
]);
