import type { LitterCodeSystem, LitterSizeClass, SurveyProtocol, TeamType } from '@littoral/contracts';
import type { BeachAreaEntity, TeamEntity } from '../../database/entities/index.js';
import { checkCountry, checkDate, checkRange, checkRecordId } from '../common/filter-checks.js';
import type { ItemCountRow, SurveyFilter, SurveyRecord } from './beach-litter.reader.js';
import type { BeachAreaObject, LitterItemCountObject, SurveyFilterInput, SurveyObject, TeamObject } from './beach-litter.types.js';

export function toBeachAreaObject(e: BeachAreaEntity): BeachAreaObject {
  return {
    id: e.id,
    datasetId: e.datasetId,
    sourceKey: e.sourceKey,
    name: e.name,
    countryCode: e.countryCode,
    startLatitude: e.startLatitude,
    startLongitude: e.startLongitude,
    endLatitude: e.endLatitude,
    endLongitude: e.endLongitude,
    lengthM: e.lengthM,
    areaM2: e.areaM2,
    substrate: e.substrate,
    locationType: e.locationType,
  };
}

export function toTeamObject(e: TeamEntity): TeamObject {
  return { id: e.id, sourceKey: e.sourceKey, name: e.name, teamType: e.teamType as TeamType | null };
}

export function toLitterItemCountObject(r: ItemCountRow): LitterItemCountObject {
  return {
    id: r.id,
    codeSystem: r.codeSystem as LitterCodeSystem,
    code: r.code,
    label: r.label,
    material: r.material,
    sizeClass: r.sizeClass as LitterSizeClass | null,
    count: r.count,
    weightKg: r.weightKg,
  };
}

export function toSurveyObject(r: SurveyRecord): SurveyObject {
  const s = r.survey;
  return {
    id: s.id,
    datasetId: s.datasetId,
    sourceKey: s.sourceKey,
    surveyDate: s.surveyDate,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    protocol: s.protocol as SurveyProtocol | null,
    isMonitoring: s.isMonitoring,
    surveyedLengthM: s.surveyedLengthM,
    surveyedAreaM2: s.surveyedAreaM2,
    meanWidthM: s.meanWidthM,
    volunteers: s.volunteers,
    volunteerHours: s.volunteerHours,
    bags: s.bags,
    totalWeightKg: s.totalWeightKg,
    eventTypeVerbatim: s.eventTypeVerbatim,
    notes: s.notes,
    beachArea: toBeachAreaObject(r.beachArea),
    team: r.team ? toTeamObject(r.team) : null,
    itemCounts: r.itemCounts.map(toLitterItemCountObject),
  };
}

export function toSurveyFilter(input: SurveyFilterInput | null | undefined): SurveyFilter {
  const f: SurveyFilter = {};
  if (!input) return f;
  if (input.datasetId != null) f.datasetId = input.datasetId;
  if (input.beachId != null) f.beachId = checkRecordId(input.beachId, 'filter.beachId');
  if (input.from != null) f.from = checkDate(input.from, 'filter.from');
  if (input.to != null) f.to = checkDate(input.to, 'filter.to');
  checkRange(f.from, f.to, 'filter');
  if (input.isMonitoring != null) f.isMonitoring = input.isMonitoring;
  if (input.country != null) f.country = checkCountry(input.country, 'filter.country');
  return f;
}
