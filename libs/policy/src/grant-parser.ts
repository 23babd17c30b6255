// Validates grants read from untrusted JSON (database rows, GraphQL input,
// CLI files). Nothing is coerced and nothing unknown is ignored: an unknown
// key, a misspelt level or a malformed value yields problems, and the engine
// treats such a grant as unusable (deny), never as "the valid part of it".
import { ISO_ALPHA2 } from '@littoral/contracts';
import { isAccessLevel } from './access-level.js';
import type { Audience, Grant, GrantConstraints, GrantParseResult, GrantProblem } from './grant.js';
import { parseInstant } from './instant.js';

/** Smallest and largest grid sizes accepted, in degrees (below 1e-6° floating-point snapping is unreliable). */
export const MIN_PRECISION_DEG = 1e-6;
export const MAX_PRECISION_DEG = 180;
const MAX_GROUP_SIZE = 1_000_000;
const MAX_EMBARGO_DAYS = 36_500;

const GRANT_KEYS = ['id', 'version', 'datasetId', 'audience', 'level', 'constraints', 'validFrom', 'validUntil', 'revokedAt'];
const CONSTRAINT_KEYS = [
  'minGroupSize',
  'spatialPrecisionDeg',
  'redactedFields',
  'allowedPurposes',
  'embargoDays',
  'sensitiveSpeciesPrecisionDeg',
];

type Problems = GrantProblem[];
type Json = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(obj: Json, allowed: readonly string[], prefix: string, problems: Problems): void {
  for (const key of Object.keys(obj).sort()) {
    if (!allowed.includes(key)) problems.push({ path: `${prefix}${key}`, message: `unknown key; expected one of ${allowed.join(', ')}` });
  }
}

function nonEmptyString(v: unknown, path: string, problems: Problems): string | undefined {
  if (typeof v === 'string' && v.trim() !== '' && v === v.trim()) return v;
  problems.push({ path, message: 'expected a non-empty string without surrounding spaces' });
  return undefined;
}

/** A non-empty list of distinct non-empty strings; `check` may add a per-item rule. */
function stringList(
  v: unknown,
  path: string,
  problems: Problems,
  check?: (item: string) => string | undefined,
  fold: (s: string) => string = (s) => s,
): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0) {
    problems.push({ path, message: 'expected a non-empty list of strings' });
    return undefined;
  }
  const before = problems.length;
  const seen = new Set<string>();
  v.forEach((item: unknown, i) => {
    const s = nonEmptyString(item, `${path}[${i}]`, problems);
    if (s === undefined) return;
    const wrong = check?.(s);
    if (wrong) problems.push({ path: `${path}[${i}]`, message: wrong });
    if (seen.has(fold(s))) problems.push({ path: `${path}[${i}]`, message: `duplicate entry ${JSON.stringify(s)}` });
    seen.add(fold(s));
  });
  return problems.length === before ? (v as string[]).slice() : undefined;
}

const countryCheck = (s: string): string | undefined =>
  /^[A-Z]{2}$/.test(s) && ISO_ALPHA2.has(s) ? undefined : `expected an ISO 3166-1 alpha-2 code in capitals, such as TH; got ${JSON.stringify(s)}`;

function optionalList(obj: Json, key: string, prefix: string, problems: Problems, check?: (s: string) => string | undefined): string[] | undefined {
  return obj[key] === undefined ? undefined : stringList(obj[key], `${prefix}${key}`, problems, check);
}

/** Parses an audience; exported for the engine, which needs it even when the rest of a grant is broken. */
export function parseAudience(v: unknown, problems: Problems = []): Audience | undefined {
  const before = problems.length;
  if (!isObject(v)) {
    problems.push({ path: 'audience', message: 'expected an object with a kind' });
    return undefined;
  }
  const p = 'audience.';
  switch (v['kind']) {
    case 'NETWORK':
      unknownKeys(v, ['kind'], p, problems);
      return problems.length === before ? { kind: 'NETWORK' } : undefined;
    case 'COUNTRIES': {
      unknownKeys(v, ['kind', 'countries'], p, problems);
      const countries = stringList(v['countries'], `${p}countries`, problems, countryCheck);
      return problems.length === before && countries ? { kind: 'COUNTRIES', countries } : undefined;
    }
    case 'ORGANISATIONS': {
      unknownKeys(v, ['kind', 'organisations', 'countries'], p, problems);
      const organisations = stringList(v['organisations'], `${p}organisations`, problems);
      const countries = optionalList(v, 'countries', p, problems, countryCheck);
      if (problems.length !== before || !organisations) return undefined;
      return countries ? { kind: 'ORGANISATIONS', organisations, countries } : { kind: 'ORGANISATIONS', organisations };
    }
    case 'ROLES': {
      unknownKeys(v, ['kind', 'roles', 'countries', 'organisations'], p, problems);
      const roles = stringList(v['roles'], `${p}roles`, problems);
      const countries = optionalList(v, 'countries', p, problems, countryCheck);
      const organisations = optionalList(v, 'organisations', p, problems);
      if (problems.length !== before || !roles) return undefined;
      return { kind: 'ROLES', roles, ...(countries ? { countries } : {}), ...(organisations ? { organisations } : {}) };
    }
    default:
      problems.push({ path: `${p}kind`, message: 'expected NETWORK, COUNTRIES, ORGANISATIONS or ROLES' });
      return undefined;
  }
}

function integerIn(v: unknown, min: number, max: number, path: string, problems: Problems): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  problems.push({ path, message: `expected an integer from ${min} to ${max}` });
  return undefined;
}

function precision(v: unknown, path: string, problems: Problems): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= MIN_PRECISION_DEG && v <= MAX_PRECISION_DEG) return v;
  problems.push({ path, message: `expected a grid size in degrees from ${MIN_PRECISION_DEG} to ${MAX_PRECISION_DEG}, such as 0.1` });
  return undefined;
}

function parseConstraints(v: unknown, problems: Problems): GrantConstraints | undefined {
  if (v === undefined) return {};
  if (!isObject(v)) {
    problems.push({ path: 'constraints', message: 'expected an object' });
    return undefined;
  }
  const before = problems.length;
  const p = 'constraints.';
  unknownKeys(v, CONSTRAINT_KEYS, p, problems);
  const out: { -readonly [K in keyof GrantConstraints]: GrantConstraints[K] } = {};
  if (v['minGroupSize'] !== undefined) out.minGroupSize = integerIn(v['minGroupSize'], 1, MAX_GROUP_SIZE, `${p}minGroupSize`, problems);
  if (v['spatialPrecisionDeg'] !== undefined) out.spatialPrecisionDeg = precision(v['spatialPrecisionDeg'], `${p}spatialPrecisionDeg`, problems);
  if (v['sensitiveSpeciesPrecisionDeg'] !== undefined) {
    out.sensitiveSpeciesPrecisionDeg = precision(v['sensitiveSpeciesPrecisionDeg'], `${p}sensitiveSpeciesPrecisionDeg`, problems);
  }
  if (v['embargoDays'] !== undefined) out.embargoDays = integerIn(v['embargoDays'], 0, MAX_EMBARGO_DAYS, `${p}embargoDays`, problems);
  const lower = (s: string): string => s.toLowerCase();
  if (v['redactedFields'] !== undefined) out.redactedFields = stringList(v['redactedFields'], `${p}redactedFields`, problems, undefined, lower);
  if (v['allowedPurposes'] !== undefined) out.allowedPurposes = stringList(v['allowedPurposes'], `${p}allowedPurposes`, problems, undefined, lower);
  return problems.length === before ? out : undefined;
}

/** The validity window of a grant, read on its own so the engine can ignore inactive broken grants. */
export interface GrantWindow {
  readonly from?: number;
  readonly until?: number;
  readonly revokedAt?: number;
}

/** Parses `validFrom`, `validUntil` and `revokedAt` of a raw grant object. */
export function parseWindow(obj: Json, problems: Problems = []): GrantWindow | undefined {
  const before = problems.length;
  const read = (key: string): number | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    const ms = typeof v === 'string' ? parseInstant(v) : undefined;
    if (ms === undefined) problems.push({ path: key, message: 'expected an ISO 8601 date (2025-01-31) or date-time with a zone (2025-01-31T08:00:00Z)' });
    return ms;
  };
  const from = read('validFrom');
  const until = read('validUntil');
  const revokedAt = read('revokedAt');
  if (from !== undefined && until !== undefined && from >= until) {
    problems.push({ path: 'validUntil', message: 'expected validUntil to be after validFrom' });
  }
  if (problems.length !== before) return undefined;
  return { ...(from !== undefined ? { from } : {}), ...(until !== undefined ? { until } : {}), ...(revokedAt !== undefined ? { revokedAt } : {}) };
}

/** Whether a grant's window includes `now`: validFrom ≤ now < validUntil, and not revoked at or before now. */
export function windowIsActive(w: GrantWindow, now: number): boolean {
  if (w.from !== undefined && now < w.from) return false;
  if (w.until !== undefined && now >= w.until) return false;
  if (w.revokedAt !== undefined && now >= w.revokedAt) return false;
  return true;
}

/**
 * Validates an untrusted value as a {@link Grant}. Returns every problem found
 * (path and expectation), or the grant as a fresh plain object. Unknown keys
 * anywhere are problems, so a misspelt `validUntil` or `minGroupSise` can never
 * silently widen access.
 */
export function parseGrant(input: unknown): GrantParseResult {
  const problems: Problems = [];
  if (!isObject(input)) return { ok: false, problems: [{ path: '', message: 'expected a grant object' }] };
  unknownKeys(input, GRANT_KEYS, '', problems);
  const id = nonEmptyString(input['id'], 'id', problems);
  const version = integerIn(input['version'], 1, Number.MAX_SAFE_INTEGER, 'version', problems);
  const datasetId = nonEmptyString(input['datasetId'], 'datasetId', problems);
  const audience = parseAudience(input['audience'], problems);
  const level = input['level'];
  if (!isAccessLevel(level)) problems.push({ path: 'level', message: 'expected METADATA, AGGREGATE or RECORDS' });
  const constraints = parseConstraints(input['constraints'], problems);
  parseWindow(input, problems);
  if (problems.length > 0 || !id || !version || !datasetId || !audience || !isAccessLevel(level) || !constraints) {
    return { ok: false, problems };
  }
  const optional = (key: 'validFrom' | 'validUntil' | 'revokedAt'): Partial<Grant> =>
    typeof input[key] === 'string' ? { [key]: input[key] } : {};
  return {
    ok: true,
    grant: { id, version, datasetId, audience, level, constraints, ...optional('validFrom'), ...optional('validUntil'), ...optional('revokedAt') },
  };
}
