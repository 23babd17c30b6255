import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('bio_event')
export class BioEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('bigint', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('text', { name: 'event_type', nullable: true }) eventType!: string | null;
  @Column('timestamptz', { name: 'event_start', nullable: true }) eventStart!: Date | null;
  @Column('timestamptz', { name: 'event_end', nullable: true }) eventEnd!: Date | null;
  @Column('text', { name: 'date_verbatim', nullable: true }) dateVerbatim!: string | null;
  @Column('double precision', { nullable: true }) latitude!: number | null;
  @Column('double precision', { nullable: true }) longitude!: number | null;
  @Column('double precision', { name: 'coordinate_uncertainty_m', nullable: true }) coordinateUncertaintyM!: number | null;
  @Column('double precision', { name: 'min_depth_m', nullable: true }) minDepthM!: number | null;
  @Column('double precision', { name: 'max_depth_m', nullable: true }) maxDepthM!: number | null;
  @Column('text', { nullable: true }) locality!: string | null;
  @Column('text', { name: 'country_code', nullable: true }) countryCode!: string | null;
  @Column('text', { name: 'sampling_protocol', nullable: true }) samplingProtocol!: string | null;
  @Column('text', { nullable: true }) remarks!: string | null;
}

@Entity('bio_occurrence')
export class BioOccurrenceEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('bigint', { name: 'event_id', nullable: true }) eventId!: string | null;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('text', { name: 'scientific_name' }) scientificName!: string;
  @Column('text', { name: 'scientific_name_id', nullable: true }) scientificNameId!: string | null;
  @Column('text', { name: 'taxon_rank', nullable: true }) taxonRank!: string | null;
  @Column('text', { nullable: true }) kingdom!: string | null;
  @Column('text', { name: 'vernacular_name', nullable: true }) vernacularName!: string | null;
  @Column('timestamptz', { name: 'event_start', nullable: true }) eventStart!: Date | null;
  @Column('timestamptz', { name: 'event_end', nullable: true }) eventEnd!: Date | null;
  @Column('text', { name: 'date_verbatim', nullable: true }) dateVerbatim!: string | null;
  @Column('double precision', { nullable: true }) latitude!: number | null;
  @Column('double precision', { nullable: true }) longitude!: number | null;
  @Column('double precision', { name: 'coordinate_uncertainty_m', nullable: true }) coordinateUncertaintyM!: number | null;
  @Column('double precision', { name: 'min_depth_m', nullable: true }) minDepthM!: number | null;
  @Column('double precision', { name: 'max_depth_m', nullable: true }) maxDepthM!: number | null;
  @Column('integer', { name: 'individual_count', nullable: true }) individualCount!: number | null;
  @Column('double precision', { name: 'organism_quantity', nullable: true }) organismQuantity!: number | null;
  @Column('text', { name: 'organism_quantity_type', nullable: true }) organismQuantityType!: string | null;
  @Column('text', { name: 'basis_of_record' }) basisOfRecord!: string;
  @Column('text', { name: 'occurrence_status' }) occurrenceStatus!: string;
  @Column('text', { name: 'iucn_category', nullable: true }) iucnCategory!: string | null;
  @Column('boolean', { name: 'sensitive_flag' }) sensitiveFlag!: boolean;
  @Column({ type: 'boolean', insert: false, update: false }) sensitive!: boolean;
  @Column('text', { nullable: true }) locality!: string | null;
  @Column('text', { name: 'country_code', nullable: true }) countryCode!: string | null;
  @Column('text', { nullable: true }) remarks!: string | null;
}

@Entity('bio_measurement')
export class BioMeasurementEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('bigint', { name: 'event_id', nullable: true }) eventId!: string | null;
  @Column('bigint', { name: 'occurrence_id', nullable: true }) occurrenceId!: string | null;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('text', { name: 'measurement_type' }) measurementType!: string;
  @Column('text', { name: 'measurement_type_id', nullable: true }) measurementTypeId!: string | null;
  @Column('text', { name: 'measurement_value', nullable: true }) measurementValue!: string | null;
  @Column('text', { name: 'measurement_value_id', nullable: true }) measurementValueId!: string | null;
  @Column('text', { name: 'measurement_unit', nullable: true }) measurementUnit!: string | null;
  @Column('text', { name: 'measurement_unit_id', nullable: true }) measurementUnitId!: string | null;
}
