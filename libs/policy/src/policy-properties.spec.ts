// Property-based tests of the engine's invariants (fast-check).
import fc from 'fast-check';
import {
  applyToAggregateRows,
  applyToRecords,
  decide,
  levelRank,
  parseGrant,
  redact,
  snapPosition,
  type AccessLevel,
  type AccessRequest,
  type Decision,
  type Grant,
  type Requester,
} from './index.js';
import { audienceIncludes } from './policy-engine.js';
import { parseWindow, windowIsActive } from './grant-parser.js';
import { DATASET, NOW } from './spec-helpers.js';

const DAY = 86_400_000;
const COUNTRIES = ['TH', 'VN', 'JP', 'KR', 'ID'];
const ORGS = ['o1', 'o2', 'o3'];
const ROLES = ['analyst', 'admin', 'auditor'];
const FIELDS = ['species', 'cell', 'team_member_name', 'vessel', 'eventDate'];
const LEVELS: AccessLevel[] = ['METADATA', 'AGGREGATE', 'RECORDS'];
const PURPOSES = ['research', 'commercial', 'education'];

const subset = <T>(xs: readonly T[]): fc.Arbitrary<T[]> => fc.subarray([...xs], { minLength: 1 });
const instant = (fromDays: number, toDays: number): fc.Arbitrary<string> =>
  fc.integer({ min: fromDays, max: toDays }).map((d) => new Date(NOW.getTime() + d * DAY).toISOString());

const requesterArb: fc.Arbitrary<Requester> = fc.record(
  { country: fc.constantFrom(...COUNTRIES), organisation: fc.constantFrom(...ORGS), roles: fc.subarray(ROLES) },
  { requiredKeys: ['country', 'roles'] },
);

const audienceArb = fc.oneof(
  fc.constant({ kind: 'NETWORK' as const }),
  subset(COUNTRIES).map((countries) => ({ kind: 'COUNTRIES' as const, countries })),
  fc.record({ kind: fc.constant('ORGANISATIONS' as const), organisations: subset(ORGS), countries: subset(COUNTRIES) }, { requiredKeys: ['kind', 'organisations'] }),
  fc.record(
    { kind: fc.constant('ROLES' as const), roles: subset(ROLES), countries: subset(COUNTRIES), organisations: subset(ORGS) },
    { requiredKeys: ['kind', 'roles'] },
  ),
);

const constraintsArb = fc.record(
  {
    minGroupSize: fc.integer({ min: 1, max: 20 }),
    spatialPrecisionDeg: fc.constantFrom(1, 0.1, 0.01, 0.001, 0.25),
    redactedFields: fc.subarray(FIELDS.slice(2), { minLength: 1 }),
    allowedPurposes: subset(PURPOSES),
    embargoDays: fc.integer({ min: 0, max: 730 }),
    sensitiveSpeciesPrecisionDeg: fc.constantFrom(1, 0.1, 0.01, 0.001),
  },
  { requiredKeys: [] },
);

/** Valid grants, with windows that may or may not include NOW. */
const grantBodyArb = fc.record(
  {
    version: fc.integer({ min: 1, max: 3 }),
    datasetId: fc.constantFrom(DATASET, DATASET, 'ds-other'),
    audience: audienceArb,
    level: fc.constantFrom(...LEVELS),
    constraints: constraintsArb,
    validFrom: instant(-400, 30),
    validUntil: instant(1, 400),
    revokedAt: instant(-30, 30),
  },
  { requiredKeys: ['version', 'datasetId', 'audience', 'level', 'constraints'] },
);
const grantsArb = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map((id) => grantBodyArb.map((body) => ({ id, ...body })))))
  .map((gs) => gs.filter((g) => parseGrant(g).ok) as Grant[]);

const requestArb: fc.Arbitrary<AccessRequest> = fc.record({
  level: fc.constantFrom(...LEVELS),
  fields: fc.subarray(FIELDS),
  filters: fc.subarray(FIELDS, { maxLength: 1 }),
  groupBy: fc.subarray(FIELDS, { maxLength: 2 }),
});

const run = (grants: readonly unknown[], requester: Requester, purpose: string, request: AccessRequest): Decision =>
  decide({ datasetId: DATASET, datasetOwnerCountry: 'JP', requester, purpose, grants, request, now: NOW });

/** The grants that may contribute: right dataset, audience includes the requester, active now. */
const contributing = (grants: readonly Grant[], r: Requester): Grant[] =>
  grants.filter(
    (g) => g.datasetId === DATASET && audienceIncludes(g.audience, r) && windowIsActive(parseWindow(g as never) ?? {}, NOW.getTime()),
  );

/** Ways to break an otherwise valid grant. */
const corruptionArb = fc.constantFrom<(g: Record<string, unknown>) => Record<string, unknown>>(
  (g) => ({ ...g, constraints: { ...(g['constraints'] as object), minGroupSise: 5 } }),
  (g) => ({ ...g, constraints: { ...(g['constraints'] as object), spatialPrecisionDeg: -1 } }),
  (g) => ({ ...g, constraints: { ...(g['constraints'] as object), embargoDays: '365' } }),
  (g) => ({ ...g, level: 'ALL' }),
  (g) => ({ ...g, validUnitl: '2030-01-01' }),
  (g) => ({ ...g, version: 'one' }),
  (g) => ({ ...g, constraints: 'none' }),
  (g) => ({ ...g, audience: { kind: 'NETWORK', extra: true } }),
);

const settings = { numRuns: 300 };

describe('decision invariants', () => {
  it('never more than granted: an allowed level is at most the highest level of a valid, active, matching grant', () => {
    fc.assert(
      fc.property(grantsArb, requesterArb, fc.constantFrom(...PURPOSES), requestArb, (grants, r, purpose, request) => {
        const d = run(grants, r, purpose, request);
        if (!d.allowed) return d.level === null && d.grantId === null;
        const max = Math.max(-1, ...contributing(grants, r).map((g) => levelRank(g.level)));
        return d.level !== null && levelRank(d.level) <= max && d.level === request.level && d.grantIds.includes(d.grantId as string);
      }),
      settings,
    );
  });

  it('deny by default: with no valid, active, matching grant the request is denied', () => {
    fc.assert(
      fc.property(grantsArb, requesterArb, fc.constantFrom(...PURPOSES), requestArb, (grants, r, purpose, request) => {
        const others = grants.filter((g) => !contributing(grants, r).includes(g));
        return !run(others, r, purpose, request).allowed;
      }),
      settings,
    );
  });

  it('expired, not-yet-valid and revoked grants never contribute: adding them changes nothing', () => {
    const inactive = fc.oneof(
      fc.record({ validUntil: instant(-400, 0) }),
      fc.record({ validFrom: instant(1, 400) }),
      fc.record({ revokedAt: instant(-400, 0) }),
    );
    fc.assert(
      fc.property(grantsArb, grantBodyArb, inactive, requesterArb, requestArb, (grants, body, window, r, request) => {
        const { validFrom: _f, validUntil: _u, revokedAt: _r, ...timeless } = body;
        const dead = { ...timeless, ...window, id: 'z-inactive' };
        fc.pre(parseGrant(dead).ok);
        const withDead = run([...grants, dead], r, 'research', request);
        const without = run(grants, r, 'research', request);
        // Only the wording of a denial may change (it may say the requester's own access expired).
        expect(withDead.allowed ? withDead : { ...withDead, reasons: [] }).toEqual(without.allowed ? without : { ...without, reasons: [] });
      }),
      settings,
    );
  });

  it('a malformed grant never allows anything on its own', () => {
    fc.assert(
      fc.property(grantBodyArb, corruptionArb, requesterArb, fc.constantFrom(...PURPOSES), requestArb, (body, corrupt, r, purpose, request) => {
        return !run([corrupt({ id: 'x', ...body })], r, purpose, request).allowed;
      }),
      settings,
    );
  });

  it('a malformed grant that may concern the requester denies even alongside valid grants', () => {
    fc.assert(
      fc.property(grantsArb, corruptionArb, requesterArb, requestArb, (grants, corrupt, r, request) => {
        const broken = corrupt({ id: 'x', version: 1, datasetId: DATASET, audience: { kind: 'NETWORK' }, level: 'RECORDS', constraints: {} });
        return !run([...grants, broken], r, 'research', request).allowed;
      }),
      settings,
    );
  });

  it('grants for other audiences are invisible: adding them changes neither the decision nor its reasons', () => {
    fc.assert(
      fc.property(grantsArb, grantBodyArb, requesterArb, requestArb, (grants, body, r, request) => {
        const foreign = { ...body, id: 'z-foreign', audience: { kind: 'COUNTRIES', countries: COUNTRIES.filter((c) => c !== r.country) } };
        fc.pre(parseGrant(foreign).ok);
        expect(run([...grants, foreign], r, 'research', request)).toEqual(run(grants, r, 'research', request));
      }),
      settings,
    );
  });

  it('decisions are deterministic and independent of grant order', () => {
    fc.assert(
      fc.property(
        grantsArb.chain((gs) => fc.tuple(fc.constant(gs), fc.shuffledSubarray(gs, { minLength: gs.length, maxLength: gs.length }))),
        requesterArb,
        fc.constantFrom(...PURPOSES),
        requestArb,
        ([grants, shuffled], r, purpose, request) => {
          expect(run(shuffled, r, purpose, request)).toEqual(run(grants, r, purpose, request));
        },
      ),
      settings,
    );
  });

  it('an allowed request never uses a redacted field, and snapped grids are never finer than any deciding grant allows', () => {
    fc.assert(
      fc.property(grantsArb, requesterArb, requestArb, (grants, r, request) => {
        const d = run(grants, r, 'research', request);
        if (!d.allowed) return true;
        const used = [...request.fields, ...request.filters, ...request.groupBy].map((f) => f.toLowerCase());
        const deciding = grants.filter((g) => d.grantIds.includes(g.id));
        return (
          used.every((f) => !d.constraints.redactedFields.includes(f)) &&
          deciding.every((g) => (g.constraints.spatialPrecisionDeg ?? 0) <= (d.constraints.spatialPrecisionDeg ?? 0)) &&
          d.constraints.sensitiveSpeciesPrecisionDeg >= (d.constraints.spatialPrecisionDeg ?? 0)
        );
      }),
      settings,
    );
  });
});

describe('enforcement invariants', () => {
  const allowAggregate = (k: number): Decision => ({
    allowed: true, level: 'AGGREGATE', grantId: 'g', grantIds: ['g'], reasons: [],
    constraints: { minGroupSize: k, spatialPrecisionDeg: 0.1, sensitiveSpeciesPrecisionDeg: 0.1, redactedFields: [], embargoDays: 0 },
  });
  const columns = { countField: 'n', valueFields: ['total'], groupFields: ['region', 'year'] };

  it('a suppressed group looks identical whatever its true size (1..k-1), whatever the row order', () => {
    const others = fc.uniqueArray(
      fc.record({ region: fc.constantFrom('N', 'S', 'E'), year: fc.constantFrom(2023, 2024), n: fc.integer({ min: 0, max: 50 }) }),
      { selector: (r) => `${r.region}${r.year}`, maxLength: 5 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), others, fc.integer(), (k, rows, seed) => {
        const base = rows.map((r) => ({ ...r, total: r.n * 3 })); // region W never appears among the others
        const outputs = Array.from({ length: k - 1 }, (_, i) => {
          const small = { region: 'W', year: 2024, n: i + 1, total: (i + 1) * 3 };
          const all = [...base, small];
          const rotated = [...all.slice(Math.abs(seed) % all.length), ...all.slice(0, Math.abs(seed) % all.length)];
          return applyToAggregateRows(i % 2 ? rotated : all, allowAggregate(k), columns);
        });
        for (const out of outputs) expect(out).toEqual(outputs[0]);
        expect(outputs[0]).toContainEqual({ region: 'W', year: 2024, n: null, total: null, suppressed: true });
      }),
      settings,
    );
  });

  it('no line of a table ever holds exactly one suppressed cell (so none is recoverable from a total)', () => {
    const table = fc.uniqueArray(
      fc.record({ region: fc.constantFrom('N', 'S', 'E', 'W'), year: fc.constantFrom(2022, 2023, 2024), n: fc.integer({ min: 0, max: 20 }) }),
      { selector: (r) => `${r.region}${r.year}` },
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), table, (k, rows) => {
        const out = applyToAggregateRows(rows.map((r) => ({ ...r, total: r.n })), allowAggregate(k), columns);
        for (const other of ['year', 'region'] as const) {
          const lines = new Map<unknown, typeof out>();
          for (const row of out) lines.set(row[other], [...(lines.get(row[other]) ?? []), row]);
          for (const line of lines.values()) {
            if (line.length > 1) expect(line.filter((c) => c.suppressed).length).not.toBe(1);
          }
        }
        // Every visible count is at least k.
        return out.every((row) => row.suppressed || (row['n'] as number) >= k);
      }),
      settings,
    );
  });

  const lat = fc.double({ min: -90, max: 90, noNaN: true });
  const lon = fc.double({ min: -180, max: 180, noNaN: true });
  const precision = fc.oneof(fc.constantFrom(1, 0.1, 0.01, 0.001), fc.double({ min: 1e-4, max: 45, noNaN: true }));

  it('snapping is idempotent and lands within half a cell diagonal of the true point', () => {
    fc.assert(
      fc.property(lat, lon, precision, (y, x, p) => {
        const s = snapPosition(y, x, p);
        if (!s) return false;
        expect(snapPosition(s.lat, s.lon, p)).toEqual(s);
        const dx = x === 180 ? Math.min(Math.abs(s.lon - x), Math.abs(s.lon + 180)) : Math.abs(s.lon - x);
        return Math.hypot(s.lat - y, dx) <= (p * Math.SQRT2) / 2 + 1e-9 && Math.abs(s.lat) <= 90 && Math.abs(s.lon) <= 180;
      }),
      { numRuns: 1000 },
    );
  });

  it('snapping is never more precise than allowed: every point of a cell gives the same position', () => {
    fc.assert(
      fc.property(lat, lon, precision, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (y, x, p, fy, fx) => {
        const s = snapPosition(y, x, p);
        fc.pre(s !== null);
        // Another point of the same cell: the cell's lower-left corner plus a fraction of the cell.
        const cellLat = -90 + Math.floor((y + 90) / p) * p;
        const cellLon = -180 + Math.floor((x + 180) / p) * p;
        const other = { lat: Math.min(cellLat + (0.01 + 0.98 * fy) * p, 90), lon: Math.min(cellLon + (0.01 + 0.98 * fx) * p, 180) };
        fc.pre(Math.floor((other.lat + 90) / p) === Math.floor((y + 90) / p) && Math.floor((other.lon + 180) / p) === Math.floor((x + 180) / p));
        fc.pre(other.lat < 90 && other.lon < 180 && y < 90 && x < 180);
        expect(snapPosition(other.lat, other.lon, p)).toEqual(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('redacted fields never appear in output records, whatever their case', () => {
    const key = fc.constantFrom('name', 'NAME', 'Name', 'vessel', 'species', ' name');
    fc.assert(
      fc.property(fc.dictionary(key, fc.string()), fc.subarray(['name', 'vessel']), (record, fields) => {
        const out = redact(record, fields);
        return Object.keys(out).every((k) => !fields.includes(k.trim().toLowerCase()));
      }),
      settings,
    );
  });

  it('records out of applyToRecords carry no redacted field, no embargoed date and no finer position', () => {
    const recordArb = fc.record({
      id: fc.string(),
      team_member_name: fc.string(),
      decimalLatitude: fc.double({ min: -90, max: 90, noNaN: true }),
      decimalLongitude: fc.double({ min: -180, max: 180, noNaN: true }),
      eventDate: fc.integer({ min: -800, max: 0 }).map((d) => new Date(NOW.getTime() + d * DAY).toISOString()),
    });
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 10 }), fc.integer({ min: 0, max: 400 }), fc.constantFrom(1, 0.1, 0.01), (records, days, p) => {
        const d: Decision = {
          allowed: true, level: 'RECORDS', grantId: 'g', grantIds: ['g'], reasons: [],
          constraints: { minGroupSize: 1, spatialPrecisionDeg: p, sensitiveSpeciesPrecisionDeg: Math.max(p, 0.1), redactedFields: ['team_member_name'], embargoDays: days },
        };
        const cutoff = NOW.getTime() - days * DAY;
        for (const r of applyToRecords(records, d, NOW)) {
          expect(r).not.toHaveProperty('team_member_name');
          expect(Date.parse(r['eventDate'] as string)).toBeLessThanOrEqual(cutoff);
          const y = r['decimalLatitude'] as number;
          const x = r['decimalLongitude'] as number;
          expect(snapPosition(y, x, p)).toEqual({ lat: y, lon: x });
        }
      }),
      settings,
    );
  });
});
