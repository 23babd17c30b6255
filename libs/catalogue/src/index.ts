/**
 * Dataset catalogue entries of the Littoral network (DOMAIN §4): DCAT 3 /
 * DCAT-AP 3.0.1 JSON-LD with an embedded context, built by nodes, checked by
 * the hub, and merged into the hub's regional `dcat:Catalog`. Pure functions
 * over plain data: no framework, no database, no clock (dates are passed in).
 * Signing is not done here; see docs/catalogue.md.
 */
export type {
  DatasetStats, AccessLevel, AudienceClass, AccessSummaryItem, CatalogueEntryInput, CatalogueEntry, Tombstone, EntryCheck,
  TombstoneCheck, VerifiedEntry, HubDescription,
} from './types.js';
export { buildCatalogueEntry } from './entry-builder.js';
export { checkCatalogueEntry } from './entry-check.js';
export { buildTombstone, checkTombstone } from './tombstone.js';
export { buildRegionalCatalogue } from './regional-catalogue.js';
export { datasetIdentifier, parseDatasetIdentifier } from './identifiers.js';
export { bboxToWkt, wktToBbox } from './wkt.js';
export {
  CATALOGUE_CONTEXT, TOMBSTONE_CONTEXT, LITTORAL_NS, LITTORAL_THEME_SCHEME, LITTORAL_THEMES, EU_THEME_SCHEME, themesFor,
} from './vocabulary.js';
export type { ThemeConcept } from './vocabulary.js';
