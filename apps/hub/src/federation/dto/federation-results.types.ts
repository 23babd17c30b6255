import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

// What analysts get back: merged rows attributed to their sources, and the
// completeness manifest. Counts that can exceed 2^31 are Float.

@ObjectType('GridCell', { description: 'Cell of the grid anchored at (−90°, −180°): row = floor((lat+90)/size), col = floor((lon+180)/size)' })
export class GridCellObject {
  @Field(() => Float) sizeDeg!: number;
  @Field(() => Int) row!: number;
  @Field(() => Int) col!: number;
  @Field(() => Float, { description: 'Centre of the cell (display only)' }) centreLatitude!: number;
  @Field(() => Float) centreLongitude!: number;
}

@ObjectType('RowSource', { description: 'A country and its datasets behind a merged row' })
export class RowSourceObject {
  @Field() country!: string;
  @Field(() => [String]) datasets!: string[];
}

@ObjectType('DatasetUsed', { description: 'A dataset a node used, for attribution' })
export class DatasetUsedObject {
  @Field() id!: string;
  @Field() version!: string;
  @Field({ description: 'SPDX licence identifier' }) licence!: string;
  @Field() citation!: string;
}

@ObjectType('ManifestNode', { description: 'What happened at one node asked' })
export class ManifestNodeObject {
  @Field() country!: string;
  @Field({ description: 'OK, DENIED, PARTIAL, TIMEOUT, ERROR or UNREACHABLE' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Access level the node applied' }) level!: string | null;
  @Field(() => Int, { description: 'Groups the node suppressed (small cells)' }) suppressedGroups!: number;
  @Field(() => Int, { nullable: true, description: 'Round trip measured by the hub, ms; null on TIMEOUT' }) latencyMs!: number | null;
  @Field(() => Int, { nullable: true, description: 'The node\'s own compute time, ms' }) nodeQueryMs!: number | null;
  @Field(() => String, { nullable: true, description: 'Newest data modification among the datasets used' }) freshness!: string | null;
  @Field(() => [DatasetUsedObject]) datasets!: DatasetUsedObject[];
  @Field(() => String, { nullable: true, description: 'Why the status is not OK (safe to show)' }) reason!: string | null;
}

@ObjectType('QueryManifest')
export class QueryManifestObject {
  @Field({ description: 'Every node asked answered OK and suppressed nothing: the figures are totals' }) complete!: boolean;
  @Field(() => [ManifestNodeObject]) nodes!: ManifestNodeObject[];
}

@ObjectType({ isAbstract: true })
export abstract class MergedRowObject {
  @Field({ description: 'Every node that has this group suppressed it: figures are null' }) suppressed!: boolean;
  @Field({ description: 'Some node suppressed this group: figures cover the others only — never a total' }) partial!: boolean;
  @Field(() => [String]) suppressedIn!: string[];
  @Field(() => [RowSourceObject]) sources!: RowSourceObject[];
}

@ObjectType('MicroplasticGroup', { description: 'The group key: only the dimensions grouped by are set; null = not recorded' })
export class MicroplasticGroupObject {
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => Int, { nullable: true }) month?: number | null;
  @Field(() => String, { nullable: true }) siteType?: string | null;
  @Field(() => String, { nullable: true }) matrix?: string | null;
  @Field(() => String, { nullable: true }) polymer?: string | null;
  @Field(() => String, { nullable: true }) sizeClass?: string | null;
  @Field(() => String, { nullable: true }) shape?: string | null;
  @Field(() => GridCellObject, { nullable: true }) cell?: GridCellObject | null;
}

@ObjectType('ConcentrationSummary', { description: 'Concentrations of one matrix, size class and unit family, in the family\'s canonical unit' })
export class ConcentrationSummaryObject {
  @Field() matrix!: string;
  @Field(() => String, { nullable: true }) sizeClass!: string | null;
  @Field() family!: string;
  @Field() unit!: string;
  @Field(() => Int) n!: number;
  @Field(() => Float) sum!: number;
  @Field(() => Float, { description: 'Σsum / Σn over every contributing node' }) mean!: number;
  @Field(() => Float) min!: number;
  @Field(() => Float) max!: number;
  @Field(() => Float, { nullable: true, description: 'From the merged sketch, within 1 % of the lower median' }) median!: number | null;
}

@ObjectType('MicroplasticSummaryRow')
export class MicroplasticSummaryRowObject extends MergedRowObject {
  @Field(() => MicroplasticGroupObject) group!: MicroplasticGroupObject;
  @Field(() => Int, { nullable: true }) samples!: number | null;
  @Field(() => Float, { nullable: true }) particles!: number | null;
  @Field(() => [ConcentrationSummaryObject], { nullable: true }) concentrations!: ConcentrationSummaryObject[] | null;
}

@ObjectType('MicroplasticSummaryResult')
export class MicroplasticSummaryResultObject {
  @Field({ description: 'Shared with every node\'s answer and audit entry' }) correlationId!: string;
  @Field({ description: 'Same as manifest.complete' }) complete!: boolean;
  @Field(() => [MicroplasticSummaryRowObject]) rows!: MicroplasticSummaryRowObject[];
  @Field(() => QueryManifestObject) manifest!: QueryManifestObject;
}

@ObjectType('BeachLitterGroup')
export class BeachLitterGroupObject {
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => String, { nullable: true, description: '<country>/<dataset>/<beach>' }) site?: string | null;
  @Field(() => String, { nullable: true }) category?: string | null;
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => Int, { nullable: true }) month?: number | null;
  @Field(() => String, { nullable: true }) teamType?: string | null;
}

@ObjectType('LitterCategoryCount')
export class LitterCategoryCountObject {
  @Field() category!: string;
  @Field(() => Float) items!: number;
  @Field(() => Float, { nullable: true }) weightKg!: number | null;
}

@ObjectType('BeachLitterSummaryRow')
export class BeachLitterSummaryRowObject extends MergedRowObject {
  @Field(() => BeachLitterGroupObject) group!: BeachLitterGroupObject;
  @Field(() => Int, { nullable: true }) surveys!: number | null;
  @Field(() => Float, { nullable: true }) items!: number | null;
  @Field(() => Float, { nullable: true }) weightKg!: number | null;
  @Field(() => Int, { nullable: true }) weighedSurveys!: number | null;
  @Field(() => Float, { nullable: true }) volunteers!: number | null;
  @Field(() => Float, { nullable: true }) lengthM!: number | null;
  @Field(() => Float, { nullable: true }) lengthItems!: number | null;
  @Field(() => Float, { nullable: true }) areaM2!: number | null;
  @Field(() => Float, { nullable: true }) areaItems!: number | null;
  @Field(() => Float, { nullable: true, description: 'Σ items / Σ length × 100, monitoring surveys' }) itemsPer100m!: number | null;
  @Field(() => Float, { nullable: true }) itemsPerM2!: number | null;
  @Field(() => Float, { nullable: true, description: 'Median of per-survey items/100 m (merged sketch)' }) medianItemsPer100m!: number | null;
  @Field(() => [LitterCategoryCountObject], { nullable: true }) categories!: LitterCategoryCountObject[] | null;
  @Field(() => [LitterCategoryCountObject], { nullable: true }) topCategories!: LitterCategoryCountObject[] | null;
}

@ObjectType('BeachLitterSummaryResult')
export class BeachLitterSummaryResultObject {
  @Field() correlationId!: string;
  @Field() complete!: boolean;
  @Field(() => [BeachLitterSummaryRowObject]) rows!: BeachLitterSummaryRowObject[];
  @Field(() => QueryManifestObject) manifest!: QueryManifestObject;
}

@ObjectType('SpeciesGroup')
export class SpeciesGroupObject {
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => GridCellObject, { nullable: true }) cell?: GridCellObject | null;
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => String, { nullable: true }) kingdom?: string | null;
  @Field(() => String, { nullable: true }) taxonRank?: string | null;
  @Field(() => String, { nullable: true }) taxon?: string | null;
}

@ObjectType('IucnCount')
export class IucnCountObject {
  @Field(() => String, { nullable: true, description: 'null = no category recorded' }) category!: string | null;
  @Field(() => Float) occurrences!: number;
}

@ObjectType('SpeciesSummaryRow')
export class SpeciesSummaryRowObject extends MergedRowObject {
  @Field(() => SpeciesGroupObject) group!: SpeciesGroupObject;
  @Field(() => Float, { nullable: true }) occurrences!: number | null;
  @Field(() => Float, { nullable: true }) individuals!: number | null;
  @Field(() => Float, { nullable: true }) countedOccurrences!: number | null;
  @Field(() => Int, { nullable: true, description: 'Distinct taxa over every contributing node (union)' }) richness!: number | null;
  @Field(() => [String], { nullable: true }) taxa!: string[] | null;
  @Field(() => [IucnCountObject], { nullable: true }) iucn!: IucnCountObject[] | null;
}

@ObjectType('SpeciesSummaryResult')
export class SpeciesSummaryResultObject {
  @Field() correlationId!: string;
  @Field() complete!: boolean;
  @Field(() => [SpeciesSummaryRowObject]) rows!: SpeciesSummaryRowObject[];
  @Field(() => QueryManifestObject) manifest!: QueryManifestObject;
}

// Record pages (occurrences, samples): fields a node's grant redacts, or that
// were not recorded, are null. Positions are already generalised by the node.

@ObjectType('RecordPageInfo')
export class RecordPageInfoObject {
  @Field({ description: 'Some node still has records after this page' }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Opaque cursor for the next page: pass it as `after` with the same filter (valid 1 h, for you only)' }) endCursor!: string | null;
}

@ObjectType('OccurrenceRecord', { description: 'A present occurrence (Darwin Core terms), as the node\'s RECORDS grant allows: generalised and redacted by the node' })
export class OccurrenceRecordObject {
  @Field() country!: string;
  @Field() datasetId!: string;
  @Field({ description: 'The occurrenceID within its dataset' }) occurrenceKey!: string;
  @Field() scientificName!: string;
  @Field(() => String, { nullable: true }) scientificNameId!: string | null;
  @Field(() => String, { nullable: true }) taxonRank!: string | null;
  @Field(() => String, { nullable: true }) kingdom!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 8601 instant, or start/end' }) eventDate!: string | null;
  @Field(() => Float, { nullable: true }) decimalLatitude!: number | null;
  @Field(() => Float, { nullable: true }) decimalLongitude!: number | null;
  @Field(() => Float, { nullable: true }) coordinateUncertaintyInMeters!: number | null;
  @Field(() => Float, { nullable: true, description: 'Grid size in degrees the position was generalised to; null = as collected' }) coordinatePrecision!: number | null;
  @Field(() => Int, { nullable: true }) individualCount!: number | null;
  @Field() basisOfRecord!: string;
  @Field(() => String, { nullable: true }) iucnCategory!: string | null;
  @Field(() => String, { nullable: true }) dataGeneralizations!: string | null;
}

@ObjectType('OccurrencesPage')
export class OccurrencesPageObject {
  @Field() correlationId!: string;
  @Field({ description: 'Every node asked answered OK: nothing of theirs is missing from this page' }) complete!: boolean;
  @Field(() => [OccurrenceRecordObject], { description: 'By country, then each node\'s own order' }) records!: OccurrenceRecordObject[];
  @Field(() => RecordPageInfoObject) pageInfo!: RecordPageInfoObject;
  @Field(() => QueryManifestObject) manifest!: QueryManifestObject;
}

@ObjectType('SampleConcentration')
export class SampleConcentrationObject {
  @Field(() => String, { nullable: true, description: 'null = a whole-sample result' }) sizeClass!: string | null;
  @Field() family!: string;
  @Field() unit!: string;
  @Field(() => Float) value!: number;
}

@ObjectType('SampleRecord', { description: 'A microplastic sample, as the node\'s RECORDS grant allows: generalised and redacted by the node' })
export class SampleRecordObject {
  @Field() country!: string;
  @Field() datasetId!: string;
  @Field({ description: 'The sample_id within its dataset' }) sampleKey!: string;
  @Field() siteType!: string;
  @Field(() => String, { nullable: true }) siteName!: string | null;
  @Field() matrix!: string;
  @Field(() => String, { nullable: true }) device!: string | null;
  @Field(() => Float, { nullable: true }) meshSizeMm!: number | null;
  @Field(() => String, { nullable: true }) sampledAt!: string | null;
  @Field(() => Float, { nullable: true }) latitude!: number | null;
  @Field(() => Float, { nullable: true }) longitude!: number | null;
  @Field(() => Float, { nullable: true, description: 'Grid size in degrees the position was generalised to; null = as collected' }) coordinatePrecisionDeg!: number | null;
  @Field(() => Float, { nullable: true, description: 'Σ particle counts; null = none recorded (or not shared)' }) particles!: number | null;
  @Field(() => [SampleConcentrationObject], { nullable: true, description: 'Results without correction, in canonical units' }) concentrations!: SampleConcentrationObject[] | null;
}

@ObjectType('SamplesPage')
export class SamplesPageObject {
  @Field() correlationId!: string;
  @Field() complete!: boolean;
  @Field(() => [SampleRecordObject]) records!: SampleRecordObject[];
  @Field(() => RecordPageInfoObject) pageInfo!: RecordPageInfoObject;
  @Field(() => QueryManifestObject) manifest!: QueryManifestObject;
}
