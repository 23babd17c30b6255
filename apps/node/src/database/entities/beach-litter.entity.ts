import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('litter_code')
export class LitterCodeEntity {
  @PrimaryColumn('text', { name: 'code_system' }) codeSystem!: string;
  @PrimaryColumn('text') code!: string;
  @Column('text') material!: string;
  @Column('text') label!: string;
}

@Entity('bl_beach_area')
export class BeachAreaEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text', { name: 'country_code', nullable: true }) countryCode!: string | null;
  @Column('double precision', { name: 'start_latitude', nullable: true }) startLatitude!: number | null;
  @Column('double precision', { name: 'start_longitude', nullable: true }) startLongitude!: number | null;
  @Column('double precision', { name: 'end_latitude', nullable: true }) endLatitude!: number | null;
  @Column('double precision', { name: 'end_longitude', nullable: true }) endLongitude!: number | null;
  @Column('double precision', { name: 'length_m', nullable: true }) lengthM!: number | null;
  @Column('double precision', { name: 'area_m2', nullable: true }) areaM2!: number | null;
  @Column('text', { nullable: true }) substrate!: string | null;
  @Column('text', { name: 'location_type', nullable: true }) locationType!: string | null;
}

@Entity('bl_team')
export class TeamEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text', { name: 'team_type', nullable: true }) teamType!: string | null;
}

@Entity('bl_survey')
export class SurveyEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('bigint', { name: 'beach_area_id' }) beachAreaId!: string;
  @Column('bigint', { name: 'team_id', nullable: true }) teamId!: string | null;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('date', { name: 'survey_date' }) surveyDate!: string;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Column('text', { nullable: true }) protocol!: string | null;
  @Column('boolean', { name: 'is_monitoring' }) isMonitoring!: boolean;
  @Column('double precision', { name: 'surveyed_length_m', nullable: true }) surveyedLengthM!: number | null;
  @Column('double precision', { name: 'surveyed_area_m2', nullable: true }) surveyedAreaM2!: number | null;
  @Column('double precision', { name: 'mean_width_m', nullable: true }) meanWidthM!: number | null;
  @Column('integer', { nullable: true }) volunteers!: number | null;
  @Column('double precision', { name: 'volunteer_hours', nullable: true }) volunteerHours!: number | null;
  @Column('integer', { nullable: true }) bags!: number | null;
  @Column('double precision', { name: 'total_weight_kg', nullable: true }) totalWeightKg!: number | null;
  @Column('text', { name: 'event_type_verbatim', nullable: true }) eventTypeVerbatim!: string | null;
  @Column('text', { nullable: true }) notes!: string | null;
}

@Entity('bl_item_count')
export class ItemCountEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'dataset_id' }) datasetId!: string;
  @Column('bigint', { name: 'survey_id' }) surveyId!: string;
  @Column('text', { name: 'code_system' }) codeSystem!: string;
  @Column('text') code!: string;
  @Column('text', { name: 'size_class', nullable: true }) sizeClass!: string | null;
  @Column('integer') count!: number;
  @Column('double precision', { name: 'weight_kg', nullable: true }) weightKg!: number | null;
}
