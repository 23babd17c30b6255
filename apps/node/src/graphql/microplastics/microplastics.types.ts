import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Colour, Device, IdMethod, Matrix, Polymer, Shape, SiteType, SizeClass } from '@littoral/contracts';
import type { UnitFamily } from '@littoral/units';
import {
  ColourEnum, DeviceEnum, IdMethodEnum, MatrixEnum, PolymerEnum, ShapeEnum, SiteTypeEnum, SizeClassEnum, UnitFamilyEnum,
} from '../common/enums.js';
import { BoundingBoxInput, Connection } from '@littoral/graphql';

@ObjectType('Site', { description: 'A microplastics monitoring site' })
export class SiteObject {
  @Field(() => ID) id!: string;
  @Field(() => String) datasetId!: string;
  @Field(() => String, { description: 'Key of the site in its source file' }) sourceKey!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => SiteTypeEnum) siteType!: SiteType;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) countryCode!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true }) waterBody!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => Float, { nullable: true }) latitude!: number | null;
  @Field(() => Float, { nullable: true }) longitude!: number | null;
}

@ObjectType('ParticleCount', { description: 'Particles counted in one cell of size class × polymer × shape × colour' })
export class ParticleCountObject {
  @Field(() => ID) id!: string;
  @Field(() => SizeClassEnum, { nullable: true }) sizeClass!: SizeClass | null;
  @Field(() => PolymerEnum, { nullable: true }) polymer!: Polymer | null;
  @Field(() => ShapeEnum, { nullable: true }) shape!: Shape | null;
  @Field(() => ColourEnum, { nullable: true }) colour!: Colour | null;
  @Field(() => String, { nullable: true }) categoryVerbatim!: string | null;
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true }) massMg!: number | null;
}

@ObjectType('Concentration', { description: 'A concentration of one unit family, converted to its canonical unit' })
export class ConcentrationObject {
  @Field(() => ID) id!: string;
  @Field(() => SizeClassEnum, { nullable: true }) sizeClass!: SizeClass | null;
  @Field(() => Float, { nullable: true }) sizeMinMm!: number | null;
  @Field(() => Float, { nullable: true }) sizeMaxMm!: number | null;
  @Field(() => UnitFamilyEnum) unitFamily!: UnitFamily;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => String) unit!: string;
  @Field(() => Float, { nullable: true }) originalValue!: number | null;
  @Field(() => String) originalUnit!: string;
  @Field(() => Int, { nullable: true }) particleCount!: number | null;
  @Field(() => String, { description: 'NONE | WIND_MIXING' }) correction!: string;
  @Field(() => Boolean, { description: 'Computed by the node from counts, not reported by the source' }) derived!: boolean;
  @Field(() => String, { nullable: true }) concentrationClass!: string | null;
}

@ObjectType('Sample', { description: 'A microplastics sample with its particle counts and concentrations' })
export class SampleObject {
  @Field(() => ID) id!: string;
  @Field(() => String) datasetId!: string;
  @Field(() => ID) siteId!: string;
  @Field(() => SiteObject) site!: SiteObject;
  @Field(() => String) sourceKey!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) sampledAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) sampledUntil!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Local time offset at the site when sampled' }) utcOffsetMinutes!: number | null;
  @Field(() => String, { nullable: true }) dateVerbatim!: string | null;
  @Field(() => MatrixEnum) matrix!: Matrix;
  @Field(() => DeviceEnum, { nullable: true }) device!: Device | null;
  @Field(() => String, { nullable: true }) deviceVerbatim!: string | null;
  @Field(() => Float, { nullable: true }) meshSizeMm!: number | null;
  @Field(() => Float, { nullable: true }) volumeM3!: number | null;
  @Field(() => Float, { nullable: true }) areaM2!: number | null;
  @Field(() => Float, { nullable: true }) massKg!: number | null;
  @Field(() => String, { nullable: true, description: 'DRY | WET' }) massBasis!: string | null;
  @Field(() => Float, { nullable: true }) depthM!: number | null;
  @Field(() => Float, { nullable: true, description: "Sample position; null means the site's position applies" }) latitude!: number | null;
  @Field(() => Float, { nullable: true }) longitude!: number | null;
  @Field(() => Float, { nullable: true }) sizeMinMm!: number | null;
  @Field(() => Float, { nullable: true }) sizeMaxMm!: number | null;
  @Field(() => IdMethodEnum, { nullable: true }) idMethod!: IdMethod | null;
  @Field(() => String, { nullable: true }) methodRef!: string | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => [ParticleCountObject]) particleCounts!: ParticleCountObject[];
  @Field(() => [ConcentrationObject]) concentrations!: ConcentrationObject[];
}

@ObjectType('SiteConnection')
export class SiteConnection extends Connection(SiteObject, 'Site') {}

@ObjectType('SampleConnection')
export class SampleConnection extends Connection(SampleObject, 'Sample') {}

@InputType('SiteFilter')
export class SiteFilterInput {
  @Field(() => String, { nullable: true }) datasetId?: string | null;
  @Field(() => SiteTypeEnum, { nullable: true }) siteType?: SiteType | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. TH' }) country?: string | null;
  @Field(() => BoundingBoxInput, { nullable: true, description: 'Sites positioned inside this box' }) bbox?: BoundingBoxInput | null;
}

@InputType('SampleFilter')
export class SampleFilterInput {
  @Field(() => String, { nullable: true }) datasetId?: string | null;
  @Field(() => ID, { nullable: true }) siteId?: string | null;
  @Field(() => MatrixEnum, { nullable: true }) matrix?: Matrix | null;
  @Field(() => DeviceEnum, { nullable: true }) device?: Device | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'sampledAt on or after this instant' }) from?: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'sampledAt on or before this instant' }) to?: Date | null;
  @Field(() => BoundingBoxInput, { nullable: true, description: "Samples whose own position, or else their site's, is inside this box" })
  bbox?: BoundingBoxInput | null;
}
