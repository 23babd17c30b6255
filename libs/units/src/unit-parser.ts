// Free-text unit → accepted unit. Source files spell the same unit in many
// ways (NCEI `pieces kg-1 d.w.`, DOER `microplastic/kg sediment dry wt.`,
// `pieces per m³` …). We normalise the text, read it into a structure
// (count-or-mass numerator, typed denominators, dry/wet basis), derive a
// structural key and look that key up in the closed registry.
import { LittoralError } from '@littoral/contracts';
import { describe } from './number-guards.js';
import { CANONICAL_UNITS, isUnitFamily, type UnitFamily } from './unit-families.js';
import {
  UNIT_ENTRIES,
  entriesOfFamily,
  toUnit,
  type CountFlavour,
  type Unit,
  type UnitEntry,
} from './unit-registry.js';

type Dimension = 'volume' | 'area' | 'mass' | 'length' | 'individual' | 'time';
type Basis = 'dw' | 'ww';

interface Denominator {
  readonly dim: Dimension;
  /** Normalised symbol, e.g. `m3`, `L`, `kg`, `100 m` is `m` with multiplier 100. */
  readonly symbol: string;
  readonly multiplier: number;
}

type Numerator = { readonly kind: 'count'; readonly flavour: CountFlavour } | { readonly kind: 'mass'; readonly symbol: string };

interface Shape {
  readonly numerator: Numerator;
  readonly denominators: readonly Denominator[];
  readonly basis: Basis | undefined;
}

type Token =
  | { readonly t: 'num'; readonly value: number }
  | { readonly t: 'word'; readonly word: string; readonly exp: number | undefined }
  | { readonly t: 'slash' };

/** Result of reading text: an accepted unit, or why it is not one. */
type Resolution = { readonly ok: true; readonly entry: UnitEntry } | { readonly ok: false; readonly reason: string; readonly family?: UnitFamily };

const COUNT_WORDS: Readonly<Record<string, CountFlavour>> = {
  pieces: 'pieces', piece: 'pieces', pcs: 'pieces', pc: 'pieces',
  items: 'items', item: 'items', particles: 'items', particle: 'items', mp: 'items', mps: 'items',
  microplastic: 'items', microplastics: 'items', nurdles: 'items', nurdle: 'items',
};

const MASS_WORDS: Readonly<Record<string, string>> = {
  kg: 'kg', kilogram: 'kg', kilograms: 'kg',
  g: 'g', gram: 'g', grams: 'g',
  mg: 'mg', milligram: 'mg', milligrams: 'mg',
  ug: 'ug', mcg: 'ug', microgram: 'ug', micrograms: 'ug',
  ng: 'ng', nanogram: 'ng', nanograms: 'ng',
};

const METRE_WORDS = new Set(['m', 'metre', 'metres', 'meter', 'meters']);
const KM_WORDS = new Set(['km', 'kilometre', 'kilometres', 'kilometer', 'kilometers']);
const LITRE_WORDS = new Set(['l', 'litre', 'litres', 'liter', 'liters']);
const ML_WORDS = new Set(['ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters']);
const MINUTE_WORDS = new Set(['min', 'mins', 'minute', 'minutes']);
const HOUR_WORDS = new Set(['h', 'hr', 'hrs', 'hour', 'hours']);
const DAY_WORDS = new Set(['d', 'day', 'days']);
const YEAR_WORDS = new Set(['y', 'yr', 'yrs', 'year', 'years']);
const INDIVIDUAL_WORDS = new Set(['individual', 'individuals', 'ind', 'indiv', 'organism', 'organisms']);
// Words that describe the matrix but do not change the unit.
const FILLER_WORDS = new Set(['of', 'sediment', 'sediments', 'sand', 'soil', 'tissue', 'sample', 'samples']);

const DIM_ORDER: readonly Dimension[] = ['volume', 'area', 'mass', 'length', 'individual', 'time'];

function normalise(text: string): string {
  return (
    text
      .normalize('NFKC') // ³ → 3, ² → 2, µ → μ, full-width letters → ASCII
      .toLowerCase()
      .replace(/μ/g, 'u')
      .replace(/[\u2212\u2010-\u2015]/g, '-')
      .replace(/\^|\*\*/g, '') // m^3, m^-3, m**3
      .replace(/[·•×*,;]/g, ' ')
      .replace(/\bd\s*\.\s*w\b\.?|\bdwt\b/g, ' dw ')
      .replace(/\bw\s*\.\s*w\b\.?|\bwwt\b/g, ' ww ')
      .replace(/\bdry(?:\s*(?:wt|wgt|weight|mass))?\b/g, ' dw ')
      .replace(/\bwet(?:\s*(?:wt|wgt|weight|mass))?\b/g, ' ww ')
      .replace(/\bper\b/g, ' / ')
      .replace(/\bcubic\s+(?:metres?|meters?|m)\b/g, 'm3')
      .replace(/\b(?:square|sq)\s+(?:kilometres?|kilometers?|km)\b/g, 'km2')
      .replace(/\b(?:square|sq)\s+(?:metres?|meters?|m)\b/g, 'm2')
      // Dots that are not decimal points (`wt.`, `ind.`) carry no meaning.
      .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
      .replace(/[()[\]]/g, ' ')
  );
}

function tokenise(s: string): Token[] | undefined {
  const tokens: Token[] = [];
  const re = /(\d+(?:\.\d+)?)|([a-z]+)(-?\d+)?|(\/)|(\S)/g;
  for (const m of s.matchAll(re)) {
    if (m[1] !== undefined) tokens.push({ t: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ t: 'word', word: m[2], exp: m[3] === undefined ? undefined : Number(m[3]) });
    else if (m[4] !== undefined) tokens.push({ t: 'slash' });
    else return undefined; // a character no unit contains
  }
  return tokens;
}

/** A unit word in a denominator, with its positive power (m3 = m^3). */
function dimensionOf(word: string, power: number): Omit<Denominator, 'multiplier'> | undefined {
  if (METRE_WORDS.has(word)) {
    if (power === 1) return { dim: 'length', symbol: 'm' };
    if (power === 2) return { dim: 'area', symbol: 'm2' };
    if (power === 3) return { dim: 'volume', symbol: 'm3' };
    return undefined;
  }
  if (KM_WORDS.has(word)) {
    if (power === 1) return { dim: 'length', symbol: 'km' };
    if (power === 2) return { dim: 'area', symbol: 'km2' };
    return undefined;
  }
  if (word === 'cm' && power === 2) return { dim: 'area', symbol: 'cm2' };
  if (word === 'cm' && power === 3) return { dim: 'volume', symbol: 'mL' };
  if (word === 'dm' && power === 3) return { dim: 'volume', symbol: 'L' };
  if (power !== 1) return undefined;
  if (word === 'ha' || word === 'hectare' || word === 'hectares') return { dim: 'area', symbol: 'ha' };
  if (LITRE_WORDS.has(word)) return { dim: 'volume', symbol: 'L' };
  if (ML_WORDS.has(word)) return { dim: 'volume', symbol: 'mL' };
  const mass = MASS_WORDS[word];
  if (mass !== undefined) return { dim: 'mass', symbol: mass };
  if (MINUTE_WORDS.has(word)) return { dim: 'time', symbol: 'min' };
  if (HOUR_WORDS.has(word)) return { dim: 'time', symbol: 'h' };
  if (DAY_WORDS.has(word)) return { dim: 'time', symbol: 'day' };
  if (YEAR_WORDS.has(word)) return { dim: 'time', symbol: 'year' };
  if (INDIVIDUAL_WORDS.has(word)) return { dim: 'individual', symbol: 'individual' };
  return undefined;
}

const NOT_A_UNIT = 'it is not read as a count or mass per volume, area, mass, length, individual or time';

/** Reads normalised text into a shape, or says what is wrong with it. */
function readShape(text: string): Shape | string {
  // `items/(m2/day)` means items·day/m2; nobody means that, so refuse rather than guess.
  if (/\([^)]*\/[^)]*\)/.test(text)) return 'a slash inside parentheses is ambiguous';
  const tokens = tokenise(normalise(text));
  if (tokens === undefined) return 'it contains a character no accepted unit uses';
  let basis: Basis | undefined;
  let numerator: Numerator | undefined;
  const denominators: Denominator[] = [];
  let afterSlash = false;
  let pendingMultiplier: number | undefined;
  let segmentHasUnit = false;

  for (const tok of tokens) {
    if (tok.t === 'slash') {
      if (numerator === undefined) return 'it does not start with a count word (pieces, items, particles, mp) or a mass (ng, µg, mg, g, kg)';
      if (afterSlash && !segmentHasUnit) return 'it has an empty denominator';
      if (pendingMultiplier !== undefined) return `the number ${pendingMultiplier} is not followed by a unit`;
      afterSlash = true;
      segmentHasUnit = false;
      continue;
    }
    if (tok.t === 'num') {
      if (!afterSlash || pendingMultiplier !== undefined || !(tok.value > 0)) return NOT_A_UNIT;
      pendingMultiplier = tok.value;
      continue;
    }
    const { word, exp } = tok;
    if (word === 'dw' || word === 'ww') {
      if (basis !== undefined && basis !== word) return 'it names both a dry and a wet mass basis';
      basis = word;
      continue;
    }
    if (FILLER_WORDS.has(word)) continue;
    if (numerator === undefined) {
      const flavour = exp === undefined ? COUNT_WORDS[word] : undefined;
      const mass = exp === undefined ? MASS_WORDS[word] : undefined;
      if (flavour !== undefined) numerator = { kind: 'count', flavour };
      else if (mass !== undefined) numerator = { kind: 'mass', symbol: mass };
      else return `"${word}${exp ?? ''}" is not a count word (pieces, items, particles, mp) or a mass (ng, µg, mg, g, kg)`;
      continue;
    }
    // Before the first slash only negative powers are denominators (`kg-1`, `m-3`, `d-1`).
    let power: number;
    if (afterSlash) {
      if (exp !== undefined && exp <= 0) return `"${word}${exp}" has a negative power after a slash`;
      power = exp ?? 1;
    } else {
      if (exp === undefined || exp >= 0) return `"${word}${exp ?? ''}" follows the numerator without a slash or a negative power`;
      power = -exp;
    }
    const dim = dimensionOf(word, power);
    if (dim === undefined) return `"${word}${power === 1 ? '' : power}" is not a known unit of volume, area, mass, length, time or individuals`;
    denominators.push({ ...dim, multiplier: pendingMultiplier ?? 1 });
    pendingMultiplier = undefined;
    segmentHasUnit = true;
  }
  if (numerator === undefined) return 'it does not start with a count word (pieces, items, particles, mp) or a mass (ng, µg, mg, g, kg)';
  if (pendingMultiplier !== undefined) return `the number ${pendingMultiplier} is not followed by a unit`;
  if (afterSlash && !segmentHasUnit) return 'it has an empty denominator';
  if (denominators.length === 0) return 'it has no denominator (a concentration is a count or mass per something)';
  const dims = denominators.map((d) => d.dim);
  if (new Set(dims).size !== dims.length) return 'it repeats a dimension in the denominator';
  denominators.sort((a, b) => DIM_ORDER.indexOf(a.dim) - DIM_ORDER.indexOf(b.dim));
  return { numerator, denominators, basis };
}

function keyOf(shape: Shape): string {
  const num = shape.numerator.kind === 'count' ? 'N' : shape.numerator.symbol;
  const den = shape.denominators.map((d) => (d.multiplier === 1 ? d.symbol : `${d.multiplier} ${d.symbol}`));
  return `${num}/${den.join('/')}${shape.basis === undefined ? '' : ` ${shape.basis}`}`;
}

const BASIS_MISSING =
  'a per-mass unit must state its mass basis: dry (dw, d.w., dry wt.) or wet (ww, w.w., wet wt.)';

/** Which family a shape belongs to, or why none fits. */
function familyOf(shape: Shape): UnitFamily | string {
  const { numerator, basis } = shape;
  const dims = shape.denominators.map((d) => d.dim).join('+');
  const needsMass = dims === 'mass';
  if (basis !== undefined && !needsMass) return 'a dry/wet basis only applies to a per-mass unit';
  if (needsMass && basis === undefined) return BASIS_MISSING;
  if (numerator.kind === 'mass') {
    if (dims === 'volume') return 'MASS_CONC_VOLUME';
    if (dims === 'area') return 'MASS_CONC_AREA';
    if (dims === 'mass') {
      return basis === 'dw' ? 'MASS_CONC_MASS' : 'mass concentrations in a mass matrix are accepted on a dry basis only (e.g. mg/kg dw)';
    }
    return 'a mass is accepted per volume, per area or per dry mass only';
  }
  switch (dims) {
    case 'volume':
      return 'VOLUME';
    case 'area': {
      const [area] = shape.denominators;
      if (area?.symbol === 'km2') return 'AREA_SEA';
      return numerator.flavour === 'pieces' ? 'AREA_SEA' : 'AREA_BEACH';
    }
    case 'mass':
      return basis === 'dw' ? 'MASS_DRY' : 'MASS_WET';
    case 'length':
      return 'LENGTH_BEACH';
    case 'individual':
      return 'PER_INDIVIDUAL';
    case 'time': {
      const [time] = shape.denominators;
      if (time?.symbol === 'min') return 'EFFORT';
      if (time?.symbol === 'day') return 'FLUX_TIME';
      return `a count per time is accepted only as search effort (${CANONICAL_UNITS.EFFORT}) or as a flux (${CANONICAL_UNITS.FLUX_TIME})`;
    }
    case 'area+time':
      return 'FLUX_AREA_TIME';
    default:
      return NOT_A_UNIT;
  }
}

function resolve(text: string): Resolution {
  if (typeof text !== 'string') return { ok: false, reason: 'it is not text' };
  if (text.trim() === '') return { ok: false, reason: 'it is empty' };
  const shape = readShape(text);
  if (typeof shape === 'string') return { ok: false, reason: shape };
  const fam = familyOf(shape);
  if (!isUnitFamily(fam)) return { ok: false, reason: fam };
  const key = keyOf(shape);
  const flavour = shape.numerator.kind === 'count' ? shape.numerator.flavour : undefined;
  const found = entriesOfFamily(fam).find((e) => e.key === key && (e.flavour === undefined || e.flavour === flavour));
  if (found !== undefined) return { ok: true, entry: found };
  return { ok: false, family: fam, reason: `it reads as a ${fam} unit, but not one this library accepts` };
}

function unknownUnitError(text: string, reason: string, family?: UnitFamily): LittoralError {
  const shown = typeof text === 'string' ? `"${text}"` : describe(text);
  if (family !== undefined) {
    const accepted = entriesOfFamily(family).map((e) => e.id);
    return new LittoralError(
      'UNIT_UNKNOWN',
      `Unknown unit ${shown}: ${reason}; accepted ${family} units are ${accepted.join(', ')}.`,
      { unit: typeof text === 'string' ? text : shown, family, accepted },
    );
  }
  const canonical = Object.values(CANONICAL_UNITS);
  return new LittoralError(
    'UNIT_UNKNOWN',
    `Unknown unit ${shown}: ${reason}; expected a unit such as ${canonical.join(', ')}.`,
    { unit: typeof text === 'string' ? text : shown, accepted: canonical },
  );
}

/** Internal: the registry row for `text`, or a thrown UNIT_UNKNOWN. */
export function resolveEntry(text: string): UnitEntry {
  const r = resolve(text);
  if (r.ok) return r.entry;
  throw unknownUnitError(text, r.reason, r.family);
}

/**
 * Reads a unit written the way source files write it: case-insensitive,
 * tolerant of whitespace, `³`/`^3`/`3`, `²`, `per`, `d.w.`/`dry wt.`,
 * count words `pieces`, `pcs`, `particles`, `items`, `mp`, `microplastic`,
 * and exponent notation such as NCEI's `pieces kg-1 d.w.`.
 *
 * For per-m² densities the count word decides the family: `pieces`/`pcs`
 * (net-tow convention) give `AREA_SEA`, the others give `AREA_BEACH`.
 * A per-mass unit must state a dry or wet basis.
 *
 * @returns the unit in its normalised spelling, with family and factor to canonical.
 * @throws LittoralError `UNIT_UNKNOWN` naming the text and the units expected.
 */
export function parseUnit(text: string): Unit {
  return toUnit(resolveEntry(text));
}

/** Like {@link parseUnit}, but returns `undefined` instead of throwing. */
export function tryParseUnit(text: string): Unit | undefined {
  const r = resolve(text);
  return r.ok ? toUnit(r.entry) : undefined;
}

/**
 * The family of a unit written as text.
 * @throws LittoralError `UNIT_UNKNOWN` as {@link parseUnit}.
 */
export function familyOfUnit(text: string): UnitFamily {
  return resolveEntry(text).family;
}

// Every registry id must read back as itself, or the registry and parser disagree.
for (const e of UNIT_ENTRIES) {
  const r = resolve(e.id);
  if (!r.ok || r.entry !== e) throw new Error(`units registry: "${e.id}" does not parse to itself`);
}
