import { IUCN_CATEGORIES, LittoralError, isCode, type BasisOfRecord } from '@littoral/contracts';
import type { BioOccurrenceEntity } from '../../database/entities/index.js';
import { checkInstant, checkRange, checkText } from '../common/filter-checks.js';
import type { OccurrenceFilter } from './occurrences.reader.js';
import type { OccurrenceFilterInput, OccurrenceObject } from './occurrences.types.js';
import { checkBboxFilter } from '@littoral/graphql';

export function toOccurrenceObject(e: BioOccurrenceEntity): OccurrenceObject {
  return {
    id: e.id,
    datasetId: e.datasetId,
    eventId: e.eventId,
    sourceKey: e.sourceKey,
    scientificName: e.scientificName,
    scientificNameId: e.scientificNameId,
    taxonRank: e.taxonRank,
    kingdom: e.kingdom,
    vernacularName: e.vernacularName,
    eventStart: e.eventStart,
    eventEnd: e.eventEnd,
    dateVerbatim: e.dateVerbatim,
    latitude: e.latitude,
    longitude: e.longitude,
    coordinateUncertaintyM: e.coordinateUncertaintyM,
    minDepthM: e.minDepthM,
    maxDepthM: e.maxDepthM,
    individualCount: e.individualCount,
    organismQuantity: e.organismQuantity,
    organismQuantityType: e.organismQuantityType,
    basisOfRecord: e.basisOfRecord as BasisOfRecord,
    occurrenceStatus: e.occurrenceStatus,
    iucnCategory: e.iucnCategory,
    sensitive: e.sensitive,
    locality: e.locality,
    countryCode: e.countryCode,
    remarks: e.remarks,
  };
}

export function toOccurrenceFilter(input: OccurrenceFilterInput | null | undefined): OccurrenceFilter {
  const f: OccurrenceFilter = {};
  if (!input) return f;
  if (input.datasetId != null) f.datasetId = input.datasetId;
  if (input.scientificName != null) f.scientificName = checkText(input.scientificName, 'filter.scientificName');
  if (input.basisOfRecord != null) f.basisOfRecord = input.basisOfRecord;
  if (input.iucnCategory != null) {
    if (!isCode(IUCN_CATEGORIES, input.iucnCategory)) {
      throw new LittoralError('INPUT_INVALID', `filter.iucnCategory "${input.iucnCategory}" must be one of ${IUCN_CATEGORIES.join(', ')}`, { argument: 'filter.iucnCategory' });
    }
    f.iucnCategory = input.iucnCategory;
  }
  if (input.sensitive != null) f.sensitive = input.sensitive;
  if (input.from != null) f.from = checkInstant(input.from, 'filter.from');
  if (input.to != null) f.to = checkInstant(input.to, 'filter.to');
  checkRange(f.from, f.to, 'filter');
  if (input.bbox != null) f.bbox = checkBboxFilter(input.bbox);
  return f;
}
