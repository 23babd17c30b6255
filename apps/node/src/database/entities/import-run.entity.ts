import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RowError } from '@littoral/contracts';

@Entity('import_run')
export class ImportRunEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('text') kind!: string;
  @Column('text') format!: string;
  @Column('text', { name: 'file_name' }) fileName!: string;
  @Column('text', { name: 'file_sha256' }) fileSha256!: string;
  @Column('text') status!: string;
  @Column('integer', { name: 'rows_read' }) rowsRead!: number;
  @Column('integer', { name: 'rows_stored' }) rowsStored!: number;
  @Column('integer', { name: 'rows_rejected' }) rowsRejected!: number;
  @Column('integer', { name: 'rows_duplicate' }) rowsDuplicate!: number;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'finished_at' }) finishedAt!: Date;
  @Column('text', { nullable: true }) message!: string | null;
  @Column('jsonb') errors!: RowError[];
  @Column('jsonb') options!: Record<string, unknown>;
}
