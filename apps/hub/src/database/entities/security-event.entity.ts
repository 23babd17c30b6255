import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
@Entity('security_event')
export class SecurityEventEntity {
  @PrimaryColumn('bigint') id!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') kind!: string;
  @Column('text', { nullable: true }) country!: string | null;
  @Column('text', { nullable: true }) subject!: string | null;
  @Column('text', { name: 'reason_code', nullable: true }) reasonCode!: string | null;
  @Column('text') detail!: string;
  @Column('text', { nullable: true }) kid!: string | null;
  @Column('text', { nullable: true }) stream!: string | null;
  @Column('bigint', { name: 'msg_seq', nullable: true }) msgSeq!: string | null;
  @Column('text', { nullable: true }) actor!: string | null;
}
