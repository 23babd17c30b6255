import {
  cellCentre, type GridCell, type Manifest, type MergedBeachLitterRow, type MergedMicroplasticRow, type MergedRowBase, type MergedSpeciesRow, type OccurrenceRecord, type SampleRecord,
} from '@littoral/federation';
import type {
  BeachLitterSummaryRowObject, GridCellObject, MergedRowObject, MicroplasticSummaryRowObject, OccurrenceRecordObject, QueryManifestObject, SampleRecordObject, SpeciesSummaryRowObject,
} from './federation-results.types.js';

/**
 * GraphQL input objects → plain JSON for parseFederatedQuery: keys whose value
 * is null or undefined are dropped (an absent part), nulls inside lists are
 * kept (iucnCategories: null = none recorded).
 */
export function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? null : toPlain(v)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

function cell(c: GridCell | null | undefined): GridCellObject | null | undefined {
  if (c === undefined || c === null) return c;
  const centre = cellCentre(c);
  return { sizeDeg: c.sizeDeg, row: c.row, col: c.col, centreLatitude: centre.lat, centreLongitude: centre.lon };
}

function base<G>(r: MergedRowBase<G>): MergedRowObject {
  return { suppressed: r.suppressed, partial: r.partial, suppressedIn: r.suppressedIn, sources: r.sources };
}

export function toMicroplasticRow(r: MergedMicroplasticRow): MicroplasticSummaryRowObject {
  return {
    ...base(r),
    group: { ...r.group, cell: cell(r.group.cell) },
    samples: r.samples,
    particles: r.particles,
    concentrations: r.concentrations?.map((c) => ({ matrix: c.matrix, sizeClass: c.sizeClass, family: c.family, unit: c.unit, n: c.n, sum: c.sum, mean: c.mean, min: c.min, max: c.max, median: c.median })) ?? null,
  };
}

export function toBeachLitterRow(r: MergedBeachLitterRow): BeachLitterSummaryRowObject {
  const { per100mSketch: _sketch, group, suppressed: _s, partial: _p, suppressedIn: _i, sources: _o, ...figures } = r;
  return { ...base(r), group: { ...group }, ...figures };
}

export function toSpeciesRow(r: MergedSpeciesRow): SpeciesSummaryRowObject {
  return {
    ...base(r),
    group: { ...r.group, cell: cell(r.group.cell) },
    occurrences: r.occurrences,
    individuals: r.individuals,
    countedOccurrences: r.countedOccurrences,
    richness: r.richness,
    taxa: r.taxa,
    iucn: r.iucn,
  };
}

export function toManifest(m: Manifest): QueryManifestObject {
  return { complete: m.complete, nodes: m.nodes.map((n) => ({ ...n, datasets: n.datasets.map((d) => ({ ...d })) })) };
}

/** Whitelisted copy of an occurrence record (absent fields become null). */
export function toOccurrenceRecord(r: OccurrenceRecord): OccurrenceRecordObject {
  return {
    country: r.country, datasetId: r.datasetId, occurrenceKey: r.occurrenceKey, scientificName: r.scientificName,
    scientificNameId: r.scientificNameId ?? null, taxonRank: r.taxonRank ?? null, kingdom: r.kingdom ?? null, eventDate: r.eventDate ?? null,
    decimalLatitude: r.decimalLatitude ?? null, decimalLongitude: r.decimalLongitude ?? null,
    coordinateUncertaintyInMeters: r.coordinateUncertaintyInMeters ?? null, coordinatePrecision: r.coordinatePrecision ?? null,
    individualCount: r.individualCount ?? null, basisOfRecord: r.basisOfRecord, iucnCategory: r.iucnCategory ?? null, dataGeneralizations: r.dataGeneralizations ?? null,
  };
}

/** Whitelisted copy of a sample record (absent fields become null). */
export function toSampleRecord(r: SampleRecord): SampleRecordObject {
  return {
    country: r.country, datasetId: r.datasetId, sampleKey: r.sampleKey, siteType: r.siteType, siteName: r.siteName ?? null, matrix: r.matrix,
    device: r.device ?? null, meshSizeMm: r.meshSizeMm ?? null, sampledAt: r.sampledAt ?? null, latitude: r.latitude ?? null, longitude: r.longitude ?? null,
    coordinatePrecisionDeg: r.coordinatePrecisionDeg ?? null, particles: r.particles ?? null,
    concentrations: r.concentrations?.map((c) => ({ sizeClass: c.sizeClass, family: c.family, unit: c.unit, value: c.value })) ?? null,
  };
}
