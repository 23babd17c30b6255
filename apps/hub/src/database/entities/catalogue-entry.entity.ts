import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One dataset of the regional catalogue: its last verified entry and newest accepted version. */
@Entity('catalogue_entry')
export class CatalogueEntryEntity {
  @PrimaryColumn('text') identifier!: string;
  @Column('text') country!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  /** bigint: pg returns it as a string. */
  @Column('bigint') version!: string;
  @Column('text', { nullable: true }) jws!: string | null;
  @Column('jsonb', { nullable: true }) entry!: Record<string, unknown> | null;
  @Column('text', { nullable: true }) kid!: string | null;
  /** The signer's iat: a key compromised at or before it no longer vouches for the entry. */
  @Column('timestamptz', { name: 'issued_at', nullable: true }) issuedAt!: Date | null;
  @Column('timestamptz', { name: 'verified_at', nullable: true }) verifiedAt!: Date | null;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
  @Column('bigint', { name: 'stream_seq', nullable: true }) streamSeq!: string | null;
  @Column('boolean') withdrawn!: boolean;
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) withdrawnAt!: Date | null;
  @Column('text', { name: 'tombstone_jws', nullable: true }) tombstoneJws!: string | null;
  @Column('text', { name: 'tombstone_kid', nullable: true }) tombstoneKid!: string | null;
  @Column('text', { nullable: true }) title!: string | null;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text', { array: true }) themes!: string[];
  @Column('text', { array: true }) keywords!: string[];
  @Column('double precision', { name: 'bbox_west', nullable: true }) bboxWest!: number | null;
  @Column('double precision', { name: 'bbox_south', nullable: true }) bboxSouth!: number | null;
  @Column('double precision', { name: 'bbox_east', nullable: true }) bboxEast!: number | null;
  @Column('double precision', { name: 'bbox_north', nullable: true }) bboxNorth!: number | null;
  @Column('date', { name: 'temporal_start', nullable: true }) temporalStart!: string | null;
  @Column('date', { name: 'temporal_end', nullable: true }) temporalEnd!: string | null;
}
