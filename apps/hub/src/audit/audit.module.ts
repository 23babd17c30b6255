import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog, typeOrmAuditDatabase } from '@littoral/audit';

/**
 * The hub's own audit log (docs/audit.md): an injectable AuditLog over the hub
 * database (tables from migration 1765000000001). Global, so every feature
 * module records what it did in the same chain.
 */
@Global()
@Module({
  providers: [{ provide: AuditLog, inject: [DataSource], useFactory: (db: DataSource) => new AuditLog(typeOrmAuditDatabase(db)) }],
  exports: [AuditLog],
})
export class HubAuditModule {}
