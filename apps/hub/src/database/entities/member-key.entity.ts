import { Column, Entity, PrimaryColumn } from 'typeorm';

export type KeySource = 'admin' | 'announcement';

@Entity('member_key')
export class MemberKeyEntity {
  @PrimaryColumn('text') kid!: string;
  @Column('text') country!: string;
  @Column('jsonb') jwk!: Record<string, unknown>;
  @Column('timestamptz', { name: 'valid_from', nullable: true }) validFrom!: Date | null;
  @Column('timestamptz', { name: 'valid_until', nullable: true }) validUntil!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'compromised_at', nullable: true }) compromisedAt!: Date | null;
  @Column('text') source!: KeySource;
  @Column('text', { name: 'announced_by', nullable: true }) announcedBy!: string | null;
  @Column('timestamptz', { name: 'added_at' }) addedAt!: Date;
}
