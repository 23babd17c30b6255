import type { BoundingBox, RowError } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext } from './types.js';
import { truncate } from './delimited-source.js';

/**
 * Collects the problems of one canonical row while its fields are parsed.
 * Every problem names the line, the user's column, the value and what was expected.
 */
export class RowChecker {
  readonly errors: RowError[] = [];

  constructor(
    readonly row: CanonicalRow,
    readonly ctx: ValidationContext,
  ) {}

  raw(field: string): string {
    return (this.row.values[field] ?? '').trim();
  }

  fail(field: string, reason: string, expected?: string, value = this.raw(field)): void {
    this.errors.push({ line: this.row.line, file: this.row.file, column: this.row.columns[field] ?? field, value: truncate(value), reason, expected });
  }

  text(field: string, required = false): string | null {
    const v = this.raw(field);
    if (v === '') {
      if (required && !this.ctx.allowEmpty.has(field)) this.fail(field, `missing required field ${field}`, 'a value');
      return null;
    }
    return v;
  }

  number(field: string, opts: { required?: boolean; min?: number; max?: number; exclusiveMin?: boolean; expected?: string } = {}): number | null {
    const v = this.text(field, opts.required);
    if (v === null) return null;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) {
      this.fail(field, /^\d+,\d+$/.test(v) ? 'not a number (decimal comma)' : 'not a number', opts.expected ?? "a decimal number with '.' as decimal separator");
      return null;
    }
    const n = Number(v);
    if (!Number.isFinite(n) || (n !== 0 && Math.abs(n) < Number.MIN_VALUE * 1e16)) {
      this.fail(field, 'number out of representable range', opts.expected ?? 'a decimal number of ordinary size');
      return null;
    }
    const range = opts.expected ?? describeRange(opts);
    if (opts.min !== undefined && (opts.exclusiveMin ? n <= opts.min : n < opts.min)) {
      this.fail(field, n < 0 && opts.min >= 0 ? 'negative value' : 'out of range', range);
      return null;
    }
    if (opts.max !== undefined && n > opts.max) {
      this.fail(field, 'out of range', range);
      return null;
    }
    return n;
  }

  integer(field: string, opts: { required?: boolean; min?: number } = {}): number | null {
    const v = this.text(field, opts.required);
    if (v === null) return null;
    if (!/^[+-]?\d+(\.0+)?$/.test(v)) {
      this.fail(field, 'not a whole number', 'an integer');
      return null;
    }
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n > 2147483647) {
      this.fail(field, 'too large', 'an integer up to 2147483647');
      return null;
    }
    if (opts.min !== undefined && n < opts.min) {
      this.fail(field, n < 0 ? 'negative count' : 'out of range', `an integer >= ${opts.min}`);
      return null;
    }
    return n;
  }

  code<T extends string>(field: string, codes: readonly T[], opts: { required?: boolean; aliases?: Readonly<Record<string, T>> } = {}): T | null {
    const v = this.text(field, opts.required);
    if (v === null) return null;
    const hit = (codeIndex(codes).get(v) ?? codeIndex(codes).get(v.toUpperCase().replace(/[\s-]+/g, '_'))) as T | undefined ?? ownAlias(opts.aliases, v.toLowerCase());
    if (!hit) {
      this.fail(field, `unknown code "${v}"`, `one of ${codes.join(', ')}`);
      return null;
    }
    return hit;
  }

  boolean(field: string, required = false): boolean | null {
    const v = this.text(field, required);
    if (v === null) return null;
    const l = v.toLowerCase();
    if (['true', 't', 'yes', 'y', '1'].includes(l)) return true;
    if (['false', 'f', 'no', 'n', '0'].includes(l)) return false;
    this.fail(field, 'not a boolean', 'true or false');
    return null;
  }

  /** A latitude/longitude pair: both or neither, in range, not at (0,0), inside the declared area. */
  position(latField: string, lonField: string, required = false): { lat: number; lon: number } | null {
    const lat = this.number(latField, { required, min: -90, max: 90, expected: 'decimal degrees between -90 and 90' });
    const lon = this.number(lonField, { required, min: -180, max: 180, expected: 'decimal degrees between -180 and 180' });
    const latRaw = this.raw(latField);
    const lonRaw = this.raw(lonField);
    if ((latRaw === '') !== (lonRaw === '')) {
      const missing = latRaw === '' ? latField : lonField;
      this.fail(missing, 'position incomplete: latitude and longitude must be given together', 'a value', '');
      return null;
    }
    if (lat === null || lon === null) return null;
    if (Math.abs(lat) < 0.01 && Math.abs(lon) < 0.01) {
      this.fail(latField, `position (${lat}, ${lon}) is at 0°,0° — a missing or mis-scaled coordinate`, 'the real position in decimal degrees', `${latRaw}, ${lonRaw}`);
      return null;
    }
    const area = this.ctx.declaredArea;
    if (area && !inBox(area, lat, lon)) {
      const hint = inBox(area, lat, -lon) ? ' (the longitude has the wrong sign?)' : inBox(area, -lat, lon) ? ' (the latitude has the wrong sign?)' : '';
      this.fail(lonField, `position (${lat}, ${lon}) is outside the dataset's declared area${hint}`, `longitude ${area.west}..${area.east}, latitude ${area.south}..${area.north}`, `${latRaw}, ${lonRaw}`);
      return null;
    }
    return { lat, lon };
  }

  /** An ISO 8601 date, date-time with offset, year, year-month or interval. Never in the future. */
  when(field: string, required = false): ParsedWhen | null {
    const v = this.text(field, required);
    if (v === null) return null;
    const parsed = parseWhenCached(v);
    if (typeof parsed === 'string') {
      this.fail(field, parsed, 'ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss]±hh:mm, or start/end');
      return null;
    }
    if (parsed.start.getTime() > this.ctx.now.getTime()) {
      this.fail(field, 'date is in the future', `a date up to ${this.ctx.now.toISOString().slice(0, 10)}`);
      return null;
    }
    return parsed;
  }
}

// Code lists, indexed once by their upper-case spelling (rows look codes up millions of times).
const CODE_INDEXES = new WeakMap<readonly string[], Map<string, string>>();
function codeIndex(codes: readonly string[]): Map<string, string> {
  let index = CODE_INDEXES.get(codes);
  if (!index) {
    index = new Map(codes.map((c) => [c.toUpperCase(), c]));
    for (const c of codes) index.set(c, c);
    CODE_INDEXES.set(codes, index);
  }
  return index;
}

// Consecutive rows of a sample repeat its date: remember the last one parsed.
let lastWhenText: string | undefined;
let lastWhen: ParsedWhen | string = '';
function parseWhenCached(text: string): ParsedWhen | string {
  if (text !== lastWhenText) {
    lastWhen = parseWhen(text);
    lastWhenText = text;
  }
  return lastWhen;
}

/** An alias table entry, never an inherited Object member ("constructor", "__proto__"…). */
function ownAlias<T>(aliases: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return aliases && Object.hasOwn(aliases, key) ? aliases[key] : undefined;
}

function describeRange(o: { min?: number; max?: number; exclusiveMin?: boolean }): string {
  if (o.min !== undefined && o.max !== undefined) return `a number between ${o.min} and ${o.max}`;
  if (o.min !== undefined) return `a number ${o.exclusiveMin ? '>' : '>='} ${o.min}`;
  if (o.max !== undefined) return `a number <= ${o.max}`;
  return 'a number';
}

export function inBox(b: BoundingBox, lat: number, lon: number): boolean {
  if (lat < b.south || lat > b.north) return false;
  return b.west <= b.east ? lon >= b.west && lon <= b.east : lon >= b.west || lon <= b.east;
}

export interface ParsedWhen {
  start: Date;
  /** End of the period the value denotes (a day, month, year, or the interval end); null for an instant. */
  end: Date | null;
  /** UTC offset written in the source, in minutes (null when only a date was given). */
  offsetMinutes: number | null;
  verbatim: string;
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/** Parses one ISO 8601 value or interval; returns a reason string when it cannot. */
export function parseWhen(text: string): ParsedWhen | string {
  const parts = text.split('/');
  if (parts.length > 2) return 'unparseable date';
  const a = parsePoint(parts[0]);
  if (typeof a === 'string') return a;
  if (parts.length === 1) return { start: a.start, end: a.end, offsetMinutes: a.offset, verbatim: text };
  const b = parsePoint(parts[1]);
  if (typeof b === 'string') return b;
  const end = b.end ?? b.start;
  if (end.getTime() < a.start.getTime()) return 'interval ends before it starts';
  return { start: a.start, end, offsetMinutes: a.offset, verbatim: text };
}

function parsePoint(s: string): { start: Date; end: Date | null; offset: number | null } | string {
  const m = DATE_RE.exec(s.trim());
  if (!m) return 'unparseable date';
  const [, y, mo, d, h, mi, sec, frac, tz] = m;
  const year = Number(y);
  if (year < 1800) return 'date before 1800';
  if (mo === undefined) return { start: utc(year, 0, 1), end: utc(year + 1, 0, 1, -1), offset: null };
  const month = Number(mo);
  if (month < 1 || month > 12) return 'unparseable date: month out of range';
  if (d === undefined) return { start: utc(year, month - 1, 1), end: utc(year, month, 1, -1), offset: null };
  const day = Number(d);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || day < 1) return 'not a calendar date';
  if (h === undefined) return { start: probe, end: utc(year, month - 1, day + 1, -1), offset: null };
  if (tz === undefined) return 'date-time without a UTC offset (local time is ambiguous)';
  const hour = Number(h);
  const minute = Number(mi);
  const second = sec ? Number(sec) : 0;
  if (hour > 23 || minute > 59 || second > 59) return 'unparseable time';
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  if (tz !== 'Z' && Number(tz.slice(-2)) > 59) return 'UTC offset minutes out of range';
  const offset = tz === 'Z' ? 0 : (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(-2)));
  if (Math.abs(offset) > 14 * 60) return 'UTC offset out of range';
  const start = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60000);
  return { start, end: null, offset };
}

function utc(y: number, m: number, d: number, deltaMs = 0): Date {
  return new Date(Date.UTC(y, m, d) + deltaMs);
}
