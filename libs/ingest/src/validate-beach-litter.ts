import { LITTER_CODE_SYSTEMS, LITTER_SIZE_CLASSES, SURVEY_PROTOCOLS, TEAM_TYPES, resolveCountry } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext } from './types.js';
import { RowChecker } from './values.js';
import type { Validated } from './validate-microplastics.js';

/** Longest shore segment we accept as one survey: longer ones are data-entry errors (EEA quirk). */
export const MAX_SURVEYED_LENGTH_M = 10_000;

export interface BeachLitterRecord {
  line: number;
  beachKey: string;
  beachName: string | null;
  countryCode: string | null;
  startLat: number | null;
  startLon: number | null;
  endLat: number | null;
  endLon: number | null;
  beachLengthM: number | null;
  beachAreaM2: number | null;
  substrate: string | null;
  locationType: string | null;
  teamKey: string | null;
  teamName: string | null;
  teamType: string | null;
  surveyKey: string;
  surveyDate: string;
  startedAt: Date | null;
  endedAt: Date | null;
  protocol: string | null;
  isMonitoring: boolean;
  surveyedLengthM: number | null;
  surveyedAreaM2: number | null;
  meanWidthM: number | null;
  volunteers: number | null;
  volunteerHours: number | null;
  bags: number | null;
  totalWeightKg: number | null;
  eventType: string | null;
  notes: string | null;
  item: null | { codeSystem: string; code: string; sizeClass: string | null; count: number; weightKg: number | null };
}

/** Validates one canonical beach-litter row. */
export function validateBeachLitterRow(row: CanonicalRow, ctx: ValidationContext): Validated<BeachLitterRecord> {
  const c = new RowChecker(row, ctx);
  const beachKey = c.text('beach_id', true);
  const countryRaw = c.text('country');
  const countryCode = countryRaw === null ? null : (resolveCountry(countryRaw) ?? null);
  if (countryRaw !== null && countryCode === null) c.fail('country', `unknown country "${countryRaw}"`, 'an ISO 3166-1 alpha-2 code or a country name');
  const start = c.position('start_latitude', 'start_longitude');
  const end = c.position('end_latitude', 'end_longitude');
  const surveyKey = c.text('survey_id', true);
  const date = c.when('survey_date', true);
  if (date && date.end && date.end.getTime() - date.start.getTime() > 86_400_000) c.fail('survey_date', 'not a single day', 'a date YYYY-MM-DD');
  const startedAt = c.when('started_at');
  const endedAt = c.when('ended_at');
  const teamTypeAliases = { agency: 'GOVERNMENT', government: 'GOVERNMENT', ngo: 'NGO' } as const;
  const teamType = c.code('team_type', TEAM_TYPES, { aliases: teamTypeAliases });
  const isMonitoring = c.boolean('is_monitoring', true);
  const surveyedLengthM = c.number('surveyed_length_m', { min: 0, exclusiveMin: true, max: MAX_SURVEYED_LENGTH_M, expected: `a length in metres > 0 and at most ${MAX_SURVEYED_LENGTH_M}` });
  const codeRaw = c.text('item_code');
  const codeSystem = c.code('code_system', LITTER_CODE_SYSTEMS) ?? 'JLIST';
  let item: BeachLitterRecord['item'] = null;
  const count = c.integer('item_count', { min: 0, required: codeRaw !== null });
  const weightKg = c.number('item_weight_kg', { min: 0 });
  const sizeClass = c.code('size_class', LITTER_SIZE_CLASSES);
  if (codeRaw !== null) {
    const code = codeRaw.toUpperCase();
    if (!ctx.litterCodes.has(`${codeSystem}:${code}`)) c.fail('item_code', `unknown litter code "${codeRaw}" in ${codeSystem}`, `a ${codeSystem} code (see docs/import.md)`);
    else if (count !== null) item = { codeSystem, code, sizeClass, count, weightKg };
  } else if (c.raw('item_count') !== '') {
    c.fail('item_code', 'an item count needs an item code', 'a litter item code', '');
  }
  const record = {
    line: row.line,
    beachKey: beachKey!, beachName: c.text('beach_name'), countryCode,
    startLat: start?.lat ?? null, startLon: start?.lon ?? null, endLat: end?.lat ?? null, endLon: end?.lon ?? null,
    beachLengthM: c.number('beach_length_m', { min: 0, exclusiveMin: true }), beachAreaM2: c.number('beach_area_m2', { min: 0, exclusiveMin: true }),
    substrate: c.text('substrate'), locationType: c.text('location_type'),
    teamKey: c.text('team_id'), teamName: c.text('team_name'), teamType,
    surveyKey: surveyKey!, surveyDate: date ? localDate(date) : '',
    startedAt: startedAt?.start ?? null, endedAt: endedAt?.start ?? null,
    protocol: c.code('protocol', SURVEY_PROTOCOLS), isMonitoring: isMonitoring!,
    surveyedLengthM, surveyedAreaM2: c.number('surveyed_area_m2', { min: 0, exclusiveMin: true }), meanWidthM: c.number('mean_width_m', { min: 0, exclusiveMin: true }),
    volunteers: c.integer('volunteers', { min: 0 }), volunteerHours: c.number('volunteer_hours', { min: 0 }), bags: c.integer('bags', { min: 0 }),
    totalWeightKg: c.number('total_weight_kg', { min: 0 }), eventType: c.text('event_type'), notes: c.text('notes'),
    item,
  };
  if (startedAt && endedAt && endedAt.start < startedAt.start) c.fail('ended_at', 'survey ends before it starts', 'a time after started_at');
  if (c.errors.length) return { ok: false, errors: c.errors };
  return { ok: true, record };
}

/** The calendar day as written (a date-time with an offset keeps its local day). */
function localDate(when: { start: Date; offsetMinutes: number | null }): string {
  return new Date(when.start.getTime() + (when.offsetMinutes ?? 0) * 60_000).toISOString().slice(0, 10);
}
