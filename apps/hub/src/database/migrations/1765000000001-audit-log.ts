import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_SCHEMA_V1_DOWN, AUDIT_SCHEMA_V1_UP } from '@littoral/audit';

// The hub's tamper-evident audit log (docs/audit.md): the same frozen tables
// on every node and on the hub.

export class AuditLog1765000000001 implements MigrationInterface {
  name = 'AuditLog1765000000001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_SCHEMA_V1_UP) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_SCHEMA_V1_DOWN) await q.query(sql);
  }
}
