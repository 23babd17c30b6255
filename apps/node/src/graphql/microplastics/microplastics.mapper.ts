import type { Colour, Device, IdMethod, Matrix, Polymer, Shape, SiteType, SizeClass } from '@littoral/contracts';
import type { UnitFamily } from '@littoral/units';
import type { MpConcentrationEntity, MpParticleCountEntity, MpSiteEntity } from '../../database/entities/index.js';
import { checkCountry, checkInstant, checkRange, checkRecordId } from '../common/filter-checks.js';
import type { SampleFilter, SampleRecord, SiteFilter } from './microplastics.reader.js';
import type { ConcentrationObject, ParticleCountObject, SampleFilterInput, SampleObject, SiteFilterInput, SiteObject } from './microplastics.types.js';
import { checkBboxFilter } from '@littoral/graphql';

// Entity → GraphQL type, field by field (codes are constrained by the schema's
// CHECKs to the same vocabularies), and GraphQL filter → checked filter.

export function toSiteObject(e: MpSiteEntity): SiteObject {
  return {
    id: e.id,
    datasetId: e.datasetId,
    sourceKey: e.sourceKey,
    name: e.name,
    siteType: e.siteType as SiteType,
    countryCode: e.countryCode,
    city: e.city,
    waterBody: e.waterBody,
    region: e.region,
    latitude: e.latitude,
    longitude: e.longitude,
  };
}

export function toParticleCountObject(e: MpParticleCountEntity): ParticleCountObject {
  return {
    id: e.id,
    sizeClass: e.sizeClass as SizeClass | null,
    polymer: e.polymer as Polymer | null,
    shape: e.shape as Shape | null,
    colour: e.colour as Colour | null,
    categoryVerbatim: e.categoryVerbatim,
    count: e.count,
    massMg: e.massMg,
  };
}

export function toConcentrationObject(e: MpConcentrationEntity): ConcentrationObject {
  return {
    id: e.id,
    sizeClass: e.sizeClass as SizeClass | null,
    sizeMinMm: e.sizeMinMm,
    sizeMaxMm: e.sizeMaxMm,
    unitFamily: e.unitFamily as UnitFamily,
    value: e.value,
    unit: e.unit,
    originalValue: e.originalValue,
    originalUnit: e.originalUnit,
    particleCount: e.particleCount,
    correction: e.correction,
    derived: e.derived,
    concentrationClass: e.concentrationClass,
  };
}

export function toSampleObject(r: SampleRecord): SampleObject {
  const s = r.sample;
  return {
    id: s.id,
    datasetId: s.datasetId,
    siteId: s.siteId,
    site: toSiteObject(r.site),
    sourceKey: s.sourceKey,
    sampledAt: s.sampledAt,
    sampledUntil: s.sampledUntil,
    utcOffsetMinutes: s.utcOffsetMinutes,
    dateVerbatim: s.dateVerbatim,
    matrix: s.matrix as Matrix,
    device: s.device as Device | null,
    deviceVerbatim: s.deviceVerbatim,
    meshSizeMm: s.meshSizeMm,
    volumeM3: s.volumeM3,
    areaM2: s.areaM2,
    massKg: s.massKg,
    massBasis: s.massBasis,
    depthM: s.depthM,
    latitude: s.latitude,
    longitude: s.longitude,
    sizeMinMm: s.sizeMinMm,
    sizeMaxMm: s.sizeMaxMm,
    idMethod: s.idMethod as IdMethod | null,
    methodRef: s.methodRef,
    notes: s.notes,
    particleCounts: r.particleCounts.map(toParticleCountObject),
    concentrations: r.concentrations.map(toConcentrationObject),
  };
}

export function toSiteFilter(input: SiteFilterInput | null | undefined): SiteFilter {
  const f: SiteFilter = {};
  if (!input) return f;
  if (input.datasetId != null) f.datasetId = input.datasetId;
  if (input.siteType != null) f.siteType = input.siteType;
  if (input.country != null) f.country = checkCountry(input.country, 'filter.country');
  if (input.bbox != null) f.bbox = checkBboxFilter(input.bbox);
  return f;
}

export function toSampleFilter(input: SampleFilterInput | null | undefined): SampleFilter {
  const f: SampleFilter = {};
  if (!input) return f;
  if (input.datasetId != null) f.datasetId = input.datasetId;
  if (input.siteId != null) f.siteId = checkRecordId(input.siteId, 'filter.siteId');
  if (input.matrix != null) f.matrix = input.matrix;
  if (input.device != null) f.device = input.device;
  if (input.from != null) f.from = checkInstant(input.from, 'filter.from');
  if (input.to != null) f.to = checkInstant(input.to, 'filter.to');
  checkRange(f.from, f.to, 'filter');
  if (input.bbox != null) f.bbox = checkBboxFilter(input.bbox);
  return f;
}
