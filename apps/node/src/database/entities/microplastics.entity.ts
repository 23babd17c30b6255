import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

// bigint ids come back from pg as strings; they stay strings everywhere.

@Entity('mp_site')
export class MpSiteEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text', { name: 'site_type' }) siteType!: string;
  @Column('text', { name: 'country_code', nullable: true }) countryCode!: string | null;
  @Column('text', { nullable: true }) city!: string | null;
  @Column('text', { name: 'water_body', nullable: true }) waterBody!: string | null;
  @Column('text', { nullable: true }) region!: string | null;
  @Column('double precision', { nullable: true }) latitude!: number | null;
  @Column('double precision', { nullable: true }) longitude!: number | null;
}

@Entity('mp_sample')
export class MpSampleEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('bigint', { name: 'site_id' }) siteId!: string;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('timestamptz', { name: 'sampled_at', nullable: true }) sampledAt!: Date | null;
  @Column('timestamptz', { name: 'sampled_until', nullable: true }) sampledUntil!: Date | null;
  @Column('smallint', { name: 'utc_offset_minutes', nullable: true }) utcOffsetMinutes!: number | null;
  @Column('text', { name: 'date_verbatim', nullable: true }) dateVerbatim!: string | null;
  @Column('text') matrix!: string;
  @Column('text', { nullable: true }) device!: string | null;
  @Column('text', { name: 'device_verbatim', nullable: true }) deviceVerbatim!: string | null;
  @Column('double precision', { name: 'mesh_size_mm', nullable: true }) meshSizeMm!: number | null;
  @Column('double precision', { name: 'volume_m3', nullable: true }) volumeM3!: number | null;
  @Column('double precision', { name: 'area_m2', nullable: true }) areaM2!: number | null;
  @Column('double precision', { name: 'mass_kg', nullable: true }) massKg!: number | null;
  @Column('text', { name: 'mass_basis', nullable: true }) massBasis!: string | null;
  @Column('double precision', { name: 'depth_m', nullable: true }) depthM!: number | null;
  @Column('double precision', { nullable: true }) latitude!: number | null;
  @Column('double precision', { nullable: true }) longitude!: number | null;
  @Column('double precision', { name: 'size_min_mm', nullable: true }) sizeMinMm!: number | null;
  @Column('double precision', { name: 'size_max_mm', nullable: true }) sizeMaxMm!: number | null;
  @Column('text', { name: 'id_method', nullable: true }) idMethod!: string | null;
  @Column('text', { name: 'method_ref', nullable: true }) methodRef!: string | null;
  @Column('text', { nullable: true }) notes!: string | null;
}

@Entity('mp_particle_count')
export class MpParticleCountEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('bigint', { name: 'sample_id' }) sampleId!: string;
  @Column('text', { name: 'size_class', nullable: true }) sizeClass!: string | null;
  @Column('text', { nullable: true }) polymer!: string | null;
  @Column('text', { nullable: true }) shape!: string | null;
  @Column('text', { nullable: true }) colour!: string | null;
  @Column('text', { name: 'category_verbatim', nullable: true }) categoryVerbatim!: string | null;
  @Column('integer') count!: number;
  @Column('double precision', { name: 'mass_mg', nullable: true }) massMg!: number | null;
}

@Entity('mp_concentration')
export class MpConcentrationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('bigint', { name: 'sample_id' }) sampleId!: string;
  @Column('text', { name: 'size_class', nullable: true }) sizeClass!: string | null;
  @Column('double precision', { name: 'size_min_mm', nullable: true }) sizeMinMm!: number | null;
  @Column('double precision', { name: 'size_max_mm', nullable: true }) sizeMaxMm!: number | null;
  @Column('text', { name: 'unit_family' }) unitFamily!: string;
  @Column('double precision', { nullable: true }) value!: number | null;
  @Column('text') unit!: string;
  @Column('double precision', { name: 'original_value', nullable: true }) originalValue!: number | null;
  @Column('text', { name: 'original_unit' }) originalUnit!: string;
  @Column('integer', { name: 'particle_count', nullable: true }) particleCount!: number | null;
  @Column('text') correction!: string;
  @Column('boolean') derived!: boolean;
  @Column('text', { name: 'concentration_class', nullable: true }) concentrationClass!: string | null;
}
