import {
  COLOURS, DEVICES, ID_METHODS, MATRICES, POLYMERS, SHAPES, SITE_TYPES, SIZE_CLASSES, SIZE_CLASS_RANGES_MM,
  resolveCountry, type Matrix, type RowError, type SizeClass,
} from '@littoral/contracts';
import { concentrationFromCount, toCanonical, type UnitFamily } from '@littoral/units';
import type { CanonicalRow, ValidationContext } from './types.js';
import { RowChecker } from './values.js';

/** One validated microplastics row: site, sample, and a count cell and/or a concentration. */
export interface MicroplasticsRecord {
  line: number;
  siteKey: string;
  siteName: string | null;
  siteType: string;
  countryCode: string | null;
  city: string | null;
  waterBody: string | null;
  region: string | null;
  siteLat: number | null;
  siteLon: number | null;
  sampleKey: string;
  sampledAt: Date | null;
  sampledUntil: Date | null;
  utcOffsetMinutes: number | null;
  dateVerbatim: string | null;
  matrix: string;
  device: string | null;
  deviceVerbatim: string | null;
  meshSizeMm: number | null;
  volumeM3: number | null;
  areaM2: number | null;
  massKg: number | null;
  massBasis: string | null;
  depthM: number | null;
  sampleLat: number | null;
  sampleLon: number | null;
  sizeMinMm: number | null;
  sizeMaxMm: number | null;
  idMethod: string | null;
  methodRef: string | null;
  notes: string | null;
  count: null | { sizeClass: string | null; polymer: string | null; shape: string | null; colour: string | null; category: string | null; count: number; massMg: number | null };
  concentration: null | {
    sizeClass: string | null; sizeMinMm: number | null; sizeMaxMm: number | null; family: UnitFamily; value: number | null; unit: string;
    originalValue: number | null; originalUnit: string; particleCount: number | null; correction: string; derived: boolean; concentrationClass: string | null;
  };
}

const DEVICE_ALIASES: Readonly<Record<string, (typeof DEVICES)[number]>> = {
  'manta net': 'MANTA', 'manta trawl': 'MANTA', 'neuston net': 'NEUSTON', 'avani net': 'AVANI', 'avani trawl': 'AVANI',
  'plankton net': 'PLANKTON', 'bongo net': 'PLANKTON', bucket: 'BULK', 'grab sampler': 'GRAB', 'van veen grab': 'GRAB',
};
const WATER: readonly Matrix[] = ['SW_SURF', 'SW_COL', 'RW_SURF'];
const SOLID: readonly Matrix[] = ['SED_SEA', 'SED_RIV', 'BEACH'];

export type Validated<T> = { ok: true; record: T } | { ok: false; errors: RowError[] };

/** Validates one canonical microplastics row (pure: the clock and dataset facts come in `ctx`). */
export function validateMicroplasticsRow(row: CanonicalRow, ctx: ValidationContext): Validated<MicroplasticsRecord> {
  const c = new RowChecker(row, ctx);
  const siteKey = c.text('site_id', true);
  const siteType = c.code('site_type', SITE_TYPES, { required: true });
  const countryRaw = c.text('country');
  const countryCode = countryRaw === null ? null : (resolveCountry(countryRaw) ?? null);
  if (countryRaw !== null && countryCode === null) c.fail('country', `unknown country "${countryRaw}"`, 'an ISO 3166-1 alpha-2 code or a country name');
  const sitePos = c.position('site_latitude', 'site_longitude');
  const sampleKey = c.text('sample_id', true);
  const when = c.when('sampled_at', true);
  const until = c.when('sampled_until');
  const matrix = c.code('matrix', MATRICES, { required: true });
  const device = c.code('device', DEVICES, { aliases: DEVICE_ALIASES });
  const meshSizeMm = c.number('mesh_size_mm', { min: 0, exclusiveMin: true });
  const volumeM3 = c.number('volume_m3', { min: 0, exclusiveMin: true });
  const areaM2 = c.number('area_m2', { min: 0, exclusiveMin: true });
  const massKg = c.number('mass_kg', { min: 0, exclusiveMin: true });
  const massBasis = c.code('mass_basis', ['DRY', 'WET'] as const, { required: massKg !== null });
  const depthM = c.number('depth_m', { min: 0 });
  const samplePos = c.position('sample_latitude', 'sample_longitude');
  const sizeMinMm = c.number('size_min_mm', { min: 0 });
  const sizeMaxMm = c.number('size_max_mm', { min: 0, exclusiveMin: true });
  if (sizeMinMm !== null && sizeMaxMm !== null && sizeMinMm >= sizeMaxMm) c.fail('size_max_mm', `size window ${sizeMinMm}–${sizeMaxMm} mm is empty`, 'size_max_mm greater than size_min_mm');
  const idMethod = c.code('id_method', ID_METHODS);
  const sizeClass = c.code('size_class', SIZE_CLASSES);
  const polymer = c.code('polymer', POLYMERS);
  const shape = c.code('shape', SHAPES);
  const colour = c.code('colour', COLOURS);
  const category = c.text('category');
  const count = c.integer('count', { min: 0 });
  const massMg = c.number('particle_mass_mg', { min: 0 });
  const concRaw = c.text('concentration');
  const unitRaw = c.text('concentration_unit', concRaw !== null);
  const concentrationClass = c.text('concentration_class');
  const correction = c.code('correction', ['NONE', 'WIND_MIXING'] as const) ?? 'NONE';
  if (until && when && (until.end ?? until.start) < when.start) c.fail('sampled_until', 'sampling ends before it starts', 'a date-time after sampled_at');

  const hasCell = polymer !== null || shape !== null || colour !== null || category !== null;
  if (count === null && concRaw === null && c.raw('count') === '' && c.raw('concentration') === '') {
    c.fail('count', 'row has neither a particle count nor a concentration', 'count and/or concentration', '');
  }
  if (hasCell && count === null && c.raw('count') === '') c.fail('count', 'a polymer/shape/colour/category cell needs a count', 'an integer >= 0', '');

  // Result size window: the row's own limits, else its size class.
  const classRange = sizeClass ? SIZE_CLASS_RANGES_MM[sizeClass as SizeClass] : null;
  const winMin = sizeMinMm ?? classRange?.[0] ?? null;
  const winMax = sizeMaxMm ?? (classRange && Number.isFinite(classRange[1]) ? classRange[1] : null);
  if (winMin !== null && winMax !== null && winMin >= winMax && !(sizeMinMm !== null && sizeMaxMm !== null)) {
    const field = sizeMinMm !== null ? 'size_min_mm' : 'size_max_mm';
    c.fail(field, `size window ${winMin}–${winMax} mm is empty with size class ${sizeClass}`, `a limit inside ${sizeClass} (${classRange![0]}–${classRange![1]} mm)`);
  }

  let concentration: MicroplasticsRecord['concentration'] = null;
  if (concRaw !== null && unitRaw !== null) {
    const value = c.number('concentration', { min: 0 });
    if (value !== null) {
      try {
        const canon = toCanonical(value, unitRaw);
        if (matrix && !familyFits(matrix, canon.family)) {
          c.fail('concentration_unit', `unit ${unitRaw} (${canon.family}) does not fit matrix ${matrix}`, expectedFamilies(matrix));
        } else {
          concentration = { sizeClass, sizeMinMm: winMin, sizeMaxMm: winMax, family: canon.family, value: canon.value, unit: canon.unit, originalValue: value, originalUnit: unitRaw, particleCount: hasCell ? null : count, correction, derived: false, concentrationClass };
        }
      } catch (e) {
        // An unknown unit is the unit's fault; a value the conversion cannot represent is the value's.
        if ((e as { code?: string }).code === 'UNIT_UNKNOWN') c.fail('concentration_unit', (e as Error).message, 'a known concentration unit (see docs/import.md)');
        else c.fail('concentration', (e as Error).message, 'a concentration of ordinary size');
      }
    }
  }
  if (!concentration && count !== null && !hasCell && matrix && c.errors.length === 0) {
    const family = derivableFamily(matrix, { volumeM3, areaM2, massKg, massBasis });
    if (family) {
      try {
        const d = concentrationFromCount(count, family, { volumeM3, areaM2, massKg, massBasis });
        concentration = { sizeClass, sizeMinMm: winMin, sizeMaxMm: winMax, family: d.family, value: d.value, unit: d.unit, originalValue: count, originalUnit: 'count', particleCount: count, correction: 'NONE', derived: true, concentrationClass };
      } catch (e) {
        c.fail('count', `cannot derive a concentration: ${(e as Error).message}`, 'a sampled volume, area or mass of ordinary size');
      }
    }
  }

  if (c.errors.length) return { ok: false, errors: c.errors };
  return {
    ok: true,
    record: {
      line: row.line,
      siteKey: siteKey!, siteName: c.text('site_name'), siteType: siteType!, countryCode, city: c.text('city'), waterBody: c.text('water_body'), region: c.text('region'),
      siteLat: sitePos?.lat ?? null, siteLon: sitePos?.lon ?? null,
      sampleKey: sampleKey!, sampledAt: when?.start ?? null, sampledUntil: until ? (until.end ?? until.start) : (when?.end ?? null), utcOffsetMinutes: when?.offsetMinutes ?? null,
      dateVerbatim: when?.verbatim ?? null, matrix: matrix!, device, deviceVerbatim: device && c.raw('device') !== device ? c.raw('device') : null,
      meshSizeMm, volumeM3, areaM2, massKg, massBasis, depthM, sampleLat: samplePos?.lat ?? null, sampleLon: samplePos?.lon ?? null,
      sizeMinMm: winMin, sizeMaxMm: winMax, idMethod, methodRef: c.text('method_ref'), notes: c.text('notes'),
      count: count === null ? null : { sizeClass, polymer, shape, colour, category, count, massMg },
      concentration,
    },
  };
}

function familyFits(matrix: string, family: UnitFamily): boolean {
  if ((WATER as readonly string[]).includes(matrix)) return ['VOLUME', 'AREA_SEA', 'EFFORT', 'MASS_CONC_VOLUME', 'MASS_CONC_AREA'].includes(family);
  if ((SOLID as readonly string[]).includes(matrix)) return ['MASS_DRY', 'MASS_WET', 'AREA_BEACH', 'EFFORT', 'MASS_CONC_MASS', 'LENGTH_BEACH'].includes(family);
  if (matrix === 'BIOTA') return ['PER_INDIVIDUAL', 'MASS_WET', 'MASS_DRY'].includes(family);
  if (matrix === 'AIR') return ['FLUX_AREA_TIME', 'FLUX_TIME'].includes(family);
  return false;
}

function expectedFamilies(matrix: string): string {
  if ((WATER as readonly string[]).includes(matrix)) return 'a water unit such as pieces/m3 or pieces/km2';
  if ((SOLID as readonly string[]).includes(matrix)) return 'a sediment unit such as items/kg dw or items/m2';
  if (matrix === 'BIOTA') return 'items/individual or items/kg ww';
  return 'items/m2/day';
}

/** Which concentration a bare total count yields, given what was sampled (DOMAIN §1.9). */
function derivableFamily(matrix: string, s: { volumeM3: number | null; areaM2: number | null; massKg: number | null; massBasis: string | null }): UnitFamily | null {
  if ((WATER as readonly string[]).includes(matrix)) return s.volumeM3 ? 'VOLUME' : s.areaM2 ? 'AREA_SEA' : null;
  if ((SOLID as readonly string[]).includes(matrix)) {
    if (s.massKg && s.massBasis) return s.massBasis === 'DRY' ? 'MASS_DRY' : 'MASS_WET';
    return s.areaM2 ? 'AREA_BEACH' : null;
  }
  return null;
}
