import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MemberStatus = 'active' | 'revoked';

@Entity('member')
export class MemberEntity {
  @PrimaryColumn('text') country!: string;
  @Column('text', { name: 'node_id' }) nodeId!: string;
  @Column('text', { name: 'display_name' }) displayName!: string;
  @Column('text') status!: MemberStatus;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'last_seen_at', nullable: true }) lastSeenAt!: Date | null;
  @Column('integer', { name: 'entry_count' }) entryCount!: number;
}
