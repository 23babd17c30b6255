// Measurements of the *same* sample that some conversions need (DOMAIN §1.9:
// "only with the named extra information from the same sample").

/**
 * Extra measurements of one sample. Every field is optional; a conversion that
 * needs a missing field throws `UNIT_CONVERSION_INVALID` naming it.
 */
export interface SampleContext {
  /** Filtered water volume in m³ (flowmeter, or mouth area × tow distance). */
  volumeM3?: number | null;
  /** Sampled area in m² (net width × tow distance at sea; quadrat or transect area on a beach). */
  areaM2?: number | null;
  /** Mass of the sample in kg; see {@link SampleContext.massBasis}. */
  massKg?: number | null;
  /** Whether {@link SampleContext.massKg} was weighed dry or wet. */
  massBasis?: 'DRY' | 'WET' | null;
  /** Net immersion depth in m, i.e. the depth of the sampled surface layer. */
  immersionDepthM?: number | null;
  /** Surveyed beach length in m. */
  surveyedLengthM?: number | null;
  /** Measured mean beach width in m. */
  meanWidthM?: number | null;
  /** Water fraction of the wet mass, 0 ≤ f < 1 (measured moisture content). */
  moistureFraction?: number | null;
}

/** What a context field means, for error messages. */
export const CONTEXT_FIELD_LABELS: Readonly<Record<keyof SampleContext, string>> = {
  volumeM3: 'the filtered water volume (context.volumeM3, in m3)',
  areaM2: 'the sampled area (context.areaM2, in m2)',
  massKg: 'the sample mass (context.massKg, in kg)',
  massBasis: 'the mass basis of the sample (context.massBasis)',
  immersionDepthM: 'the sampled layer depth (net immersion depth, context.immersionDepthM, in m)',
  surveyedLengthM: 'the surveyed beach length (context.surveyedLengthM, in m)',
  meanWidthM: 'the measured mean beach width (context.meanWidthM, in m)',
  moistureFraction: 'the measured moisture content (context.moistureFraction, water fraction of the wet mass)',
};

type NumericField = Exclude<keyof SampleContext, 'massBasis'>;

/**
 * Reads a numeric context field that must lie in a range. Returns the number,
 * or a phrase saying what is wrong with it ("it is missing", "got -2").
 */
export function readContextNumber(
  ctx: SampleContext | null | undefined,
  field: NumericField,
  accept: (n: number) => boolean,
): number | { problem: string } {
  const raw: unknown = ctx?.[field];
  if (raw === undefined || raw === null) return { problem: 'it is missing' };
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return { problem: `got ${typeof raw === 'number' ? raw : typeof raw}` };
  if (!accept(raw)) return { problem: `got ${raw}` };
  return raw;
}
