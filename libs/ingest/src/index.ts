/**
 * Import of monitoring, beach-litter and biodiversity files: format readers
 * that stream a source into canonical rows, and pure validators that turn a
 * canonical row into a typed record or precise errors. No database here.
 */
export type { CanonicalRow, ReaderItem, FormatReader, FormatOptions, FormatFactory, SourceHeader, ValidationContext } from './types.js';
export { CANONICAL_TABLES, MICROPLASTICS_FIELDS, BEACH_LITTER_FIELDS, OCCURRENCE_FIELDS, EVENT_FIELDS, MEASUREMENT_FIELDS, type FieldSpec } from './fields.js';
export { DelimitedSource, structuralErrors, type DelimitedRecord, type DelimitedSourceOptions } from './delimited-source.js';
export { canonicalFormat } from './canonical-format.js';
export { parseWhen, inBox, type ParsedWhen } from './values.js';
export { validateMicroplasticsRow, type MicroplasticsRecord, type Validated } from './validate-microplastics.js';
export { validateBeachLitterRow, MAX_SURVEYED_LENGTH_M, type BeachLitterRecord } from './validate-beach-litter.js';
export { validateDarwinCoreRow, type DarwinCoreRecord, type EventRecord, type OccurrenceRecord, type MeasurementRecord } from './validate-occurrences.js';
export { dwcaFormat } from './dwca-format.js';
export { mappingFormat, mappingAllowEmpty } from './mapping-format.js';
export { nceiFormat } from './ncei-format.js';
