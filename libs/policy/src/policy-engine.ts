// The decision: given verified claims, a purpose, the dataset's grants and
// the shape of a request, which level is allowed under which constraints.
// Deny by default; anything that cannot be evaluated denies.
import { ISO_ALPHA2, LittoralError } from '@littoral/contracts';
import { type AccessLevel, isAccessLevel, levelRank } from './access-level.js';
import type { Audience, Grant } from './grant.js';
import { parseAudience, parseGrant, parseWindow, windowIsActive } from './grant-parser.js';

/** Default grid for sensitive species: DOMAIN §3.5 category 2 (high), one decimal. */
export const SENSITIVE_SPECIES_DEFAULT_PRECISION_DEG = 0.1;

/** Verified claims of whoever asks (from the node's authentication, never from the request body). */
export interface Requester {
  /** ISO 3166-1 alpha-2 code of the requester's member country. */
  readonly country: string;
  readonly organisation?: string;
  readonly roles: readonly string[];
}

/** The shape of a request: level and every field it reads, filters, groups or sorts on. */
export interface AccessRequest {
  readonly level: AccessLevel;
  readonly fields: readonly string[];
  readonly filters: readonly string[];
  readonly groupBy: readonly string[];
  readonly sortBy?: readonly string[];
}

/** Constraints the node must apply to what it returns. */
export interface EffectiveConstraints {
  /** Aggregate groups with a count below this are suppressed; 1 means no suppression. */
  readonly minGroupSize: number;
  /** Grid size positions are snapped to, or null for positions as collected. */
  readonly spatialPrecisionDeg: number | null;
  /** Grid size for sensitive species: never finer than `spatialPrecisionDeg`. */
  readonly sensitiveSpeciesPrecisionDeg: number;
  /** Redacted field names, lower-cased and sorted. */
  readonly redactedFields: readonly string[];
  /** Records dated less than this many days before `now` are withheld; 0 means no embargo. */
  readonly embargoDays: number;
}

/** The engine's answer. `reasons` are safe to show the requester. */
export interface Decision {
  readonly allowed: boolean;
  /** The level allowed (the requested one), or null when denied. */
  readonly level: AccessLevel | null;
  /** The deciding grant (smallest id among the grants that decided), or null when denied. */
  readonly grantId: string | null;
  /** Every grant whose constraints were combined, sorted by id; empty when denied. */
  readonly grantIds: readonly string[];
  readonly constraints: EffectiveConstraints;
  readonly reasons: readonly string[];
}

/** Everything {@link decide} needs; `grants` are untrusted and parsed here. */
export interface DecisionInput {
  readonly datasetId: string;
  /** ISO alpha-2 code of the country whose node owns the dataset. It gets no implicit access. */
  readonly datasetOwnerCountry: string;
  readonly requester: Requester;
  readonly purpose: string;
  readonly grants: readonly unknown[];
  readonly request: AccessRequest;
  readonly now: Date;
}

/** Constraints carried by a denial: the strictest possible. Enforcement returns nothing for a denial anyway. */
export const DENIED_CONSTRAINTS: EffectiveConstraints = Object.freeze({
  minGroupSize: Number.MAX_SAFE_INTEGER,
  spatialPrecisionDeg: 180,
  sensitiveSpeciesPrecisionDeg: 180,
  redactedFields: Object.freeze([]) as readonly string[],
  embargoDays: 0,
});

const NO_GRANT = 'no grant gives you access to this dataset';

function deny(...reasons: string[]): Decision {
  return { allowed: false, level: null, grantId: null, grantIds: [], constraints: DENIED_CONSTRAINTS, reasons };
}

const fold = (s: string): string => s.trim().toLowerCase();

function isStringArray(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function validRequester(r: unknown): r is Requester {
  if (typeof r !== 'object' || r === null) return false;
  const { country, organisation, roles } = r as Record<string, unknown>;
  return (
    typeof country === 'string' &&
    ISO_ALPHA2.has(country) &&
    (organisation === undefined || (typeof organisation === 'string' && organisation !== '')) &&
    isStringArray(roles)
  );
}

function validRequest(r: unknown): r is AccessRequest {
  if (typeof r !== 'object' || r === null) return false;
  const q = r as Record<string, unknown>;
  return isAccessLevel(q['level']) && isStringArray(q['fields']) && isStringArray(q['filters']) && isStringArray(q['groupBy']) &&
    (q['sortBy'] === undefined || isStringArray(q['sortBy']));
}

/** Whether the audience includes the requester; every stated condition must hold. */
export function audienceIncludes(audience: Audience, requester: Requester): boolean {
  const inCountries = (c?: readonly string[]): boolean => c === undefined || c.includes(requester.country);
  const inOrgs = (o?: readonly string[]): boolean => o === undefined || (requester.organisation !== undefined && o.includes(requester.organisation));
  switch (audience.kind) {
    case 'NETWORK':
      return true;
    case 'COUNTRIES':
      return audience.countries.includes(requester.country);
    case 'ORGANISATIONS':
      return inOrgs(audience.organisations) && inCountries(audience.countries);
    case 'ROLES':
      return audience.roles.some((r) => requester.roles.includes(r)) && inCountries(audience.countries) && inOrgs(audience.organisations);
  }
}

/** The constraints one grant imposes on its own. */
function constraintsOf(grant: Grant): EffectiveConstraints {
  const c = grant.constraints;
  const spatial = c.spatialPrecisionDeg ?? null;
  return {
    minGroupSize: c.minGroupSize ?? 1,
    spatialPrecisionDeg: spatial,
    sensitiveSpeciesPrecisionDeg: Math.max(c.sensitiveSpeciesPrecisionDeg ?? SENSITIVE_SPECIES_DEFAULT_PRECISION_DEG, spatial ?? 0),
    redactedFields: [...new Set((c.redactedFields ?? []).map(fold))].sort(),
    embargoDays: c.embargoDays ?? 0,
  };
}

/** The strictest value of each constraint across grants (ties at the deciding level). */
function strictest(all: readonly EffectiveConstraints[]): EffectiveConstraints {
  const spatial = all.map((c) => c.spatialPrecisionDeg).filter((p): p is number => p !== null);
  return {
    minGroupSize: Math.max(...all.map((c) => c.minGroupSize)),
    spatialPrecisionDeg: spatial.length > 0 ? Math.max(...spatial) : null,
    sensitiveSpeciesPrecisionDeg: Math.max(...all.map((c) => c.sensitiveSpeciesPrecisionDeg)),
    redactedFields: [...new Set(all.flatMap((c) => c.redactedFields))].sort(),
    embargoDays: Math.max(...all.map((c) => c.embargoDays)),
  };
}

type Screened =
  | { readonly kind: 'usable'; readonly grant: Grant }
  | { readonly kind: 'irrelevant' }
  | { readonly kind: 'broken' };

/**
 * Sorts one raw grant: usable, irrelevant to this requester and dataset, or
 * broken in a way that might concern them. A broken grant is irrelevant only
 * when the parts we can still read show it cannot apply (another dataset,
 * another audience, or not active now).
 */
function screen(raw: unknown, datasetId: string, requester: Requester, now: number): Screened {
  const parsed = parseGrant(raw);
  if (parsed.ok) return { kind: 'usable', grant: parsed.grant };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { kind: 'broken' };
  const obj = raw as Record<string, unknown>;
  if (typeof obj['datasetId'] === 'string' && obj['datasetId'] !== datasetId) return { kind: 'irrelevant' };
  const audience = parseAudience(obj['audience']);
  if (audience && !audienceIncludes(audience, requester)) return { kind: 'irrelevant' };
  const window = parseWindow(obj);
  if (window && !windowIsActive(window, now)) return { kind: 'irrelevant' };
  return { kind: 'broken' };
}

/** Keeps the highest version of each grant id; two different grants with one id and version are a conflict. */
function latestVersions(grants: readonly Grant[]): { grants: Grant[]; conflict: boolean } {
  const byId = new Map<string, Grant>();
  let conflict = false;
  for (const g of grants) {
    const seen = byId.get(g.id);
    if (!seen || g.version > seen.version) byId.set(g.id, g);
    else if (g.version === seen.version && canonical(g) !== canonical(seen)) conflict = true;
  }
  return { grants: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), conflict };
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function purposeAllowed(grant: Grant, purpose: string): boolean {
  const allowed = grant.constraints.allowedPurposes;
  return allowed === undefined || allowed.some((p) => fold(p) === fold(purpose));
}

/** The first redacted field the request uses, with how it is used. */
function redactedUse(request: AccessRequest, redacted: readonly string[]): string | undefined {
  const uses: [readonly string[], string][] = [
    [request.fields, 'requested'],
    [request.filters, 'filtered on'],
    [request.groupBy, 'grouped on'],
    [request.sortBy ?? [], 'sorted on'],
  ];
  for (const [names, verb] of uses) {
    const hit = names.find((n) => redacted.includes(fold(n)));
    if (hit !== undefined) return `field '${hit}' is redacted for you and cannot be ${verb}`;
  }
  return undefined;
}

/**
 * Decides whether `requester` may make `request` on the dataset, and under
 * which constraints. Never throws because of grants or claims: anything it
 * cannot evaluate denies, with a reason that is safe to show (it never
 * describes grants meant for other audiences). Throws `INPUT_INVALID` only for
 * programming errors: an invalid `now`, dataset id or owner country.
 *
 * Precedence: among the usable, active, matching grants whose purposes allow
 * the stated purpose, the highest level decides; when several share that
 * level, the strictest value of each of their constraints applies. The request
 * must not ask for more than that level, and must not use a redacted field.
 */
export function decide(input: DecisionInput): Decision {
  const { datasetId, datasetOwnerCountry, now } = input;
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) throw new LittoralError('INPUT_INVALID', 'now must be a valid Date');
  if (typeof datasetId !== 'string' || datasetId === '') throw new LittoralError('INPUT_INVALID', 'datasetId must be a non-empty string');
  if (typeof datasetOwnerCountry !== 'string' || !ISO_ALPHA2.has(datasetOwnerCountry)) {
    throw new LittoralError('INPUT_INVALID', 'datasetOwnerCountry must be an ISO 3166-1 alpha-2 code in capitals, such as TH');
  }
  try {
    return evaluate(input, now.getTime());
  } catch {
    // An exception while evaluating is something we could not evaluate: deny.
    return deny('access could not be evaluated; access is denied');
  }
}

function evaluate(input: DecisionInput, now: number): Decision {
  const { requester, purpose, request, datasetId } = input;
  if (!validRequester(requester)) return deny('your verified identity is incomplete; access is denied');
  if (typeof purpose !== 'string' || purpose.trim() === '') return deny('state the purpose of use');
  if (!validRequest(request)) return deny('the request is malformed; expected a level and lists of fields, filters and groupings');
  if (!Array.isArray(input.grants)) return deny(NO_GRANT);

  const usable: Grant[] = [];
  for (const raw of input.grants) {
    const s = screen(raw, datasetId, requester, now);
    if (s.kind === 'broken') return deny('a grant on this dataset could not be evaluated; access is denied until an administrator corrects it');
    if (s.kind === 'usable') usable.push(s.grant);
  }
  const { grants, conflict } = latestVersions(usable);
  if (conflict) return deny('a grant on this dataset could not be evaluated; access is denied until an administrator corrects it');

  const mine = grants.filter((g) => g.datasetId === datasetId && audienceIncludes(g.audience, requester));
  if (mine.length === 0) return deny(NO_GRANT);
  const active = mine.filter((g) => windowIsActive(parseWindow(g as unknown as Record<string, unknown>) ?? {}, now));
  if (active.length === 0) return deny('your access to this dataset is not valid at this time (not yet valid, expired or revoked)');
  const eligible = active.filter((g) => purposeAllowed(g, purpose));
  if (eligible.length === 0) return deny(`the purpose '${purpose.trim()}' is not permitted for your access to this dataset`);

  const top = Math.max(...eligible.map((g) => levelRank(g.level)));
  const deciding = eligible.filter((g) => levelRank(g.level) === top);
  const granted = deciding[0]?.level as AccessLevel;
  if (levelRank(request.level) > top) {
    return deny(`you asked for ${request.level}; the highest level available to you for this purpose is ${granted}`);
  }
  const constraints = strictest(deciding.map(constraintsOf));
  const redacted = redactedUse(request, constraints.redactedFields);
  if (redacted) return deny(redacted);

  const ids = deciding.map((g) => g.id);
  return {
    allowed: true,
    level: request.level,
    grantId: ids[0] as string,
    grantIds: ids,
    constraints,
    reasons: [
      ids.length === 1
        ? `${request.level} allowed under grant ${ids[0]}`
        : `${request.level} allowed under grants ${ids.join(', ')}; the strictest of their constraints applies`,
    ],
  };
}
