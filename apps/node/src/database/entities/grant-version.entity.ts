import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of a sharing grant (append-only; migration 1764460000003). Never the API type: see grants/grant-version.mapper.ts. */
@Entity('grant_version')
export class GrantVersionEntity {
  @PrimaryColumn('uuid', { name: 'grant_id' }) grantId!: string;
  @PrimaryColumn('integer') version!: number;
  /** bigint: read as a string by pg, converted by the mapper. */
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('text') action!: string;
  @Column('text', { name: 'changed_by_subject' }) changedBySubject!: string;
  @Column('text', { name: 'changed_by_country', nullable: true }) changedByCountry!: string | null;
  @Column('text', { name: 'changed_by_organisation', nullable: true }) changedByOrganisation!: string | null;
  @Column('text', { name: 'changed_by_roles', array: true }) changedByRoles!: string[];
  @Column('timestamptz', { name: 'changed_at' }) changedAt!: Date;
  @Column('text') reason!: string;
  @Column('jsonb', { nullable: true }) before!: Record<string, unknown> | null;
  /** This version's grant, exactly in the policy `Grant` contract. */
  @Column('jsonb') after!: Record<string, unknown>;
}
