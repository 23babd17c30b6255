import type { MigrationInterface, QueryRunner } from 'typeorm';

// The node's tamper-evident audit log (docs/audit.md): an append-only hash
// chain of entries and the signed checkpoints of its head. Neither table can
// be changed or emptied: statement triggers refuse UPDATE, DELETE and TRUNCATE
// for every role (only a superuser or the owner disabling the trigger gets
// past them, and verification then finds what they did).

export class AuditLog1764460000004 implements MigrationInterface {
  name = 'AuditLog1764460000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entry (
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
      )`);
    await q.query(`CREATE INDEX audit_entry_time_idx ON audit_entry (time)`);
    await q.query(`CREATE INDEX audit_entry_correlation_idx ON audit_entry (correlation_id)`);

    // origin: this node's country for its own checkpoints (a hub stores every member's).
    await q.query(`
      CREATE TABLE audit_checkpoint (
        origin text NOT NULL CHECK (origin ~ '^([A-Z]{2}|hub)$'),
        seq bigint NOT NULL CHECK (seq > 0),
        head text NOT NULL CHECK (head ~ '^[0-9a-f]{64}$'),
        time timestamptz NOT NULL,
        kid text NOT NULL,
        jws text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (origin, seq)
      )`);

    await q.query(`
      CREATE FUNCTION littoral_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'The audit log is append-only: % on % is refused (entries and checkpoints can never be changed or removed)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'LTA01', HINT = 'Export what you need with littoral audit export; check the log with littoral audit verify.';
      END $$`);
    for (const table of ['audit_entry', 'audit_checkpoint']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION littoral_audit_append_only()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // Dropping the tables (not their rows) is the only way back; it destroys the log, as a down migration must.
    await q.query(`DROP TABLE IF EXISTS audit_checkpoint`);
    await q.query(`DROP TABLE IF EXISTS audit_entry`);
    await q.query(`DROP FUNCTION IF EXISTS littoral_audit_append_only()`);
  }
}
