import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('dataset')
export class DatasetEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text') theme!: string;
  @Column('text', { array: true }) keywords!: string[];
  @Column('text') license!: string;
  @Column('text', { nullable: true }) publisher!: string | null;
  @Column('text', { name: 'contact_name', nullable: true }) contactName!: string | null;
  @Column('text', { name: 'contact_email', nullable: true }) contactEmail!: string | null;
  @Column('text', { name: 'conforms_to', array: true }) conformsTo!: string[];
  @Column('double precision', { name: 'area_west', nullable: true }) areaWest!: number | null;
  @Column('double precision', { name: 'area_south', nullable: true }) areaSouth!: number | null;
  @Column('double precision', { name: 'area_east', nullable: true }) areaEast!: number | null;
  @Column('double precision', { name: 'area_north', nullable: true }) areaNorth!: number | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'modified_at' }) modifiedAt!: Date;
  @Column('timestamptz', { name: 'data_modified_at', nullable: true }) dataModifiedAt!: Date | null;
}
