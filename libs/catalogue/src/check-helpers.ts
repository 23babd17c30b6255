// Small structural checks shared by the entry and tombstone validators. Each
// returns a problem message naming the field, or undefined when it is fine.

/** Limits on received documents, so a hostile or broken node cannot make the hub store junk. */
export const LIMITS = {
  maxDepth: 6,
  maxArray: 1000,
  maxString: 20_000,
  title: 1_000,
  description: 20_000,
  name: 500,
  keywords: 100,
  keyword: 200,
  themes: 20,
  conformsTo: 50,
  measuredVariables: 500,
  distributions: 10,
  accessItems: 12,
} as const;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Absolute IRI (RFC 3987 scheme + no characters RDF forbids in IRIs).
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
export function isIri(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 2_000 && IRI.test(v);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
/** An xsd:dateTime with a time zone, e.g. `2025-03-15T08:00:00.000Z`. */
export function isIsoDateTime(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = ISO_DATE_TIME.exec(v);
  return !!m && isIsoDate(m[1]) && !Number.isNaN(Date.parse(v));
}

export function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

export function nonEmpty(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.trim().length > 0 && v.length <= max;
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** A JSON-LD language map with a non-empty English value. */
export function checkLanguageMap(v: unknown, field: string, max: number): string | undefined {
  const expected = `${field}: expected a language map with a non-empty English ("en") text of at most ${max} characters`;
  if (!isObject(v)) return expected;
  for (const [tag, text] of Object.entries(v)) {
    if (!LANGUAGE_TAG.test(tag)) return `${field}: "${tag.slice(0, 20)}" is not a language tag`;
    if (!nonEmpty(text, max)) return `${field}.${tag}: expected a non-empty text of at most ${max} characters`;
  }
  return nonEmpty(v.en, max) ? undefined : expected;
}

/** Unexpected keys of an object, as problems. */
export function unexpectedKeys(v: Record<string, unknown>, allowed: ReadonlySet<string>, prefix: string): string[] {
  return Object.keys(v)
    .filter((k) => !allowed.has(k))
    .map((k) => `${prefix}${k.slice(0, 60)}: unexpected field`);
}

/**
 * Walks a received document once, before anything else reads it: depth,
 * array lengths and string lengths are bounded, and only JSON values occur.
 */
export function checkShape(v: unknown, path: string, depth = 0): string[] {
  if (depth > LIMITS.maxDepth) return [`${path}: nested deeper than ${LIMITS.maxDepth} levels`];
  if (typeof v === 'string') return v.length > LIMITS.maxString ? [`${path}: text longer than ${LIMITS.maxString} characters`] : [];
  if (v === null || typeof v === 'boolean') return [];
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [`${path}: not a finite number`];
  if (Array.isArray(v)) {
    if (v.length > LIMITS.maxArray) return [`${path}: array of ${v.length} items exceeds the limit of ${LIMITS.maxArray}`];
    return v.flatMap((item, i) => checkShape(item, `${path}[${i}]`, depth + 1));
  }
  if (isObject(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    const keys = Object.keys(v);
    if (keys.length > LIMITS.maxArray) return [`${path}: object with ${keys.length} fields exceeds the limit of ${LIMITS.maxArray}`];
    return keys.flatMap((k) => checkShape(v[k], `${path}.${k.slice(0, 60)}`, depth + 1));
  }
  return [`${path}: not a JSON value`];
}

/** Structural equality of two JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
