// What a summary query reads, filters and groups on, in the field names
// administrators write in grants (`redactedFields`). The names are those of the
// canonical import templates (docs/templates/*.csv) and, for occurrences, the
// Darwin Core terms — the names a data owner already knows. The policy engine
// denies a request that filters or groups on a redacted field, so this mapping
// is what makes redaction bite on summaries (docs/node-summaries.md).
import type { AccessRequest } from '@littoral/policy';
import type {
  BeachLitterFilter,
  BeachLitterSummaryQuery,
  MicroplasticFilter,
  MicroplasticSummaryQuery,
  RecordQuery,
  SpeciesFilter,
  SpeciesSummaryQuery,
  SummaryQuery,
} from '@littoral/federation';

type FieldMap<K extends string> = Readonly<Record<K, readonly string[]>>;

/** Microplastics filter keys → grant field names. */
export const MICROPLASTIC_FILTER_FIELDS: FieldMap<keyof MicroplasticFilter> = {
  countries: ['country'],
  bbox: ['site_latitude', 'site_longitude', 'sample_latitude', 'sample_longitude'],
  timeRange: ['sampled_at'],
  siteTypes: ['site_type'],
  matrices: ['matrix'],
  devices: ['device'],
  meshSizeMm: ['mesh_size_mm'],
  sizeClasses: ['size_class'],
  polymers: ['polymer'],
  shapes: ['shape'],
};
/** Microplastics grouping dimensions → grant field names. */
export const MICROPLASTIC_GROUP_FIELDS: FieldMap<MicroplasticSummaryQuery['groupBy']['by'][number]> = {
  COUNTRY: ['country'],
  YEAR: ['sampled_at'],
  MONTH: ['sampled_at'],
  SITE_TYPE: ['site_type'],
  MATRIX: ['matrix'],
  POLYMER: ['polymer'],
  SIZE_CLASS: ['size_class'],
  SHAPE: ['shape'],
  GRID: ['site_latitude', 'site_longitude', 'sample_latitude', 'sample_longitude'],
};
/** Fields every microplastics summary reads to compute its figures. */
export const MICROPLASTIC_READ_FIELDS = ['sample_id', 'count', 'concentration', 'concentration_unit'] as const;

export const BEACH_LITTER_FILTER_FIELDS: FieldMap<keyof BeachLitterFilter> = {
  countries: ['country'],
  bbox: ['start_latitude', 'start_longitude'],
  timeRange: ['survey_date'],
  teamTypes: ['team_type'],
  protocols: ['protocol'],
  categories: ['code_system', 'item_code'],
  litterSizeClasses: ['size_class'],
  monitoringOnly: ['is_monitoring'],
};
export const BEACH_LITTER_GROUP_FIELDS: FieldMap<BeachLitterSummaryQuery['groupBy']['by'][number]> = {
  COUNTRY: ['country'],
  SITE: ['beach_id'],
  CATEGORY: ['code_system', 'item_code'],
  YEAR: ['survey_date'],
  MONTH: ['survey_date'],
  TEAM_TYPE: ['team_type'],
};
/** Figures of a beach-litter row and the fields they come from. */
export const BEACH_LITTER_READ_FIELDS = [
  'survey_id', 'item_count', 'item_weight_kg', 'total_weight_kg', 'volunteers', 'surveyed_length_m', 'surveyed_area_m2', 'is_monitoring', 'code_system', 'item_code',
] as const;

export const SPECIES_FILTER_FIELDS: FieldMap<keyof SpeciesFilter> = {
  countries: ['countryCode'],
  bbox: ['decimalLatitude', 'decimalLongitude'],
  timeRange: ['eventDate'],
  kingdoms: ['kingdom'],
  scientificNames: ['scientificName'],
  iucnCategories: ['iucnRedListCategory'],
  basisOfRecord: ['basisOfRecord'],
  depthM: ['minimumDepthInMeters', 'maximumDepthInMeters'],
};
export const SPECIES_GROUP_FIELDS: FieldMap<SpeciesSummaryQuery['groupBy']['by'][number]> = {
  COUNTRY: ['countryCode'],
  GRID: ['decimalLatitude', 'decimalLongitude'],
  YEAR: ['eventDate'],
  KINGDOM: ['kingdom'],
  TAXON_RANK: ['taxonRank'],
  TAXON: ['scientificName', 'scientificNameID'],
};
/** Figures of a species row: occurrences, individuals, taxa (richness), IUCN breakdown. */
export const SPECIES_READ_FIELDS = ['occurrenceID', 'individualCount', 'scientificName', 'scientificNameID', 'iucnRedListCategory', 'occurrenceStatus'] as const;

const unique = (names: Iterable<string>): string[] => [...new Set(names)];

function build(
  filter: object,
  by: readonly string[],
  filterFields: Readonly<Record<string, readonly string[]>>,
  groupFields: Readonly<Record<string, readonly string[]>>,
  read: readonly string[],
): AccessRequest {
  const used = Object.entries(filter).filter(([, v]) => v !== undefined).map(([k]) => k);
  return {
    level: 'AGGREGATE',
    fields: [...read],
    filters: unique(used.flatMap((k) => filterFields[k] ?? [])),
    groupBy: unique(by.flatMap((d) => groupFields[d] ?? [])),
    sortBy: [],
  };
}

/**
 * The access request of a summary query, to pass to `decide` for each
 * candidate dataset: level AGGREGATE, the fields its figures read, and the
 * fields its filters and groupings use.
 */
export function accessRequestFor(query: SummaryQuery): AccessRequest {
  switch (query.kind) {
    case 'microplasticSummary':
      return build(query.filter, query.groupBy.by, MICROPLASTIC_FILTER_FIELDS, MICROPLASTIC_GROUP_FIELDS, MICROPLASTIC_READ_FIELDS);
    case 'beachLitterSummary':
      return build(query.filter, query.groupBy.by, BEACH_LITTER_FILTER_FIELDS, BEACH_LITTER_GROUP_FIELDS, BEACH_LITTER_READ_FIELDS);
    case 'speciesSummary':
      return build(query.filter, query.groupBy.by, SPECIES_FILTER_FIELDS, SPECIES_GROUP_FIELDS, SPECIES_READ_FIELDS);
  }
}

/**
 * Fields a record MUST carry (the contract's required fields, in grant field
 * names): a grant redacting one of them denies record queries on that dataset.
 * Every other field of a record is optional and simply left out when redacted.
 */
export const SAMPLE_RECORD_REQUIRED_FIELDS = ['sample_id', 'site_type', 'matrix'] as const;
export const OCCURRENCE_RECORD_REQUIRED_FIELDS = ['occurrenceID', 'scientificName', 'basisOfRecord'] as const;

/**
 * The access request of a record query: level RECORDS, the required fields it
 * reads and the fields its filters use (a filter on a redacted field denies the
 * dataset). Records come in the node's internal order, so nothing is sorted on.
 */
export function accessRequestForRecords(query: RecordQuery): AccessRequest {
  const [filterFields, read] = query.kind === 'samples'
    ? [MICROPLASTIC_FILTER_FIELDS, SAMPLE_RECORD_REQUIRED_FIELDS]
    : [SPECIES_FILTER_FIELDS, OCCURRENCE_RECORD_REQUIRED_FIELDS];
  const used = Object.entries(query.filter).filter(([, v]) => v !== undefined).map(([k]) => k);
  return {
    level: 'RECORDS',
    fields: [...read],
    filters: unique(used.flatMap((k) => (filterFields as Readonly<Record<string, readonly string[]>>)[k] ?? [])),
    groupBy: [],
    sortBy: [],
  };
}
