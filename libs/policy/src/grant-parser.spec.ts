import { parseGrant } from './index.js';
import { grant } from './spec-helpers.js';

describe('parseGrant', () => {
  it('accepts a complete grant and returns a fresh copy', () => {
    const raw = grant({
      audience: { kind: 'ORGANISATIONS', organisations: ['vn-vasi'], countries: ['VN'] },
      level: 'RECORDS',
      constraints: {
        minGroupSize: 5,
        spatialPrecisionDeg: 0.1,
        redactedFields: ['team_member_name'],
        allowedPurposes: ['research'],
        embargoDays: 365,
        sensitiveSpeciesPrecisionDeg: 0.01,
      },
      validFrom: '2025-01-01',
      validUntil: '2026-01-01T00:00:00+07:00',
      revokedAt: '2027-01-01T00:00:00Z',
    });
    const r = parseGrant(raw);
    expect(r).toEqual({ ok: true, grant: raw });
    if (r.ok) expect(r.grant.audience).not.toBe(raw['audience']);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['typo in a constraint key', { constraints: { minGroupSise: 5 } }, 'constraints.minGroupSise', /unknown key/],
    ['typo in validUntil', { validUnitl: '2026-01-01' }, 'validUnitl', /unknown key/],
    ['level in lower case', { level: 'records' }, 'level', /METADATA, AGGREGATE or RECORDS/],
    ['k of zero', { constraints: { minGroupSize: 0 } }, 'constraints.minGroupSize', /integer from 1/],
    ['k as text', { constraints: { minGroupSize: '5' } }, 'constraints.minGroupSize', /integer/],
    ['fractional k', { constraints: { minGroupSize: 2.5 } }, 'constraints.minGroupSize', /integer/],
    ['negative precision', { constraints: { spatialPrecisionDeg: -0.1 } }, 'constraints.spatialPrecisionDeg', /grid size/],
    ['zero precision', { constraints: { spatialPrecisionDeg: 0 } }, 'constraints.spatialPrecisionDeg', /grid size/],
    ['NaN sensitive precision', { constraints: { sensitiveSpeciesPrecisionDeg: Number.NaN } }, 'constraints.sensitiveSpeciesPrecisionDeg', /grid size/],
    ['negative embargo', { constraints: { embargoDays: -1 } }, 'constraints.embargoDays', /integer from 0/],
    ['empty purposes', { constraints: { allowedPurposes: [] } }, 'constraints.allowedPurposes', /non-empty list/],
    ['redacted field not a string', { constraints: { redactedFields: [3] } }, 'constraints.redactedFields[0]', /non-empty string/],
    ['duplicate redacted field', { constraints: { redactedFields: ['a', 'A'] } }, 'constraints.redactedFields[1]', /duplicate/],
    ['constraints as a list', { constraints: [] }, 'constraints', /object/],
    ['unknown audience kind', { audience: { kind: 'EVERYONE' } }, 'audience.kind', /NETWORK, COUNTRIES/],
    ['lower-case country', { audience: { kind: 'COUNTRIES', countries: ['th'] } }, 'audience.countries[0]', /alpha-2/],
    ['unassigned country', { audience: { kind: 'COUNTRIES', countries: ['XX'] } }, 'audience.countries[0]', /alpha-2/],
    ['empty audience list', { audience: { kind: 'ROLES', roles: [] } }, 'audience.roles', /non-empty list/],
    ['extra audience key', { audience: { kind: 'NETWORK', countries: ['TH'] } }, 'audience.countries', /unknown key/],
    ['date without zone', { validFrom: '2025-01-01T00:00:00' }, 'validFrom', /ISO 8601/],
    ['impossible date', { validUntil: '2025-02-30' }, 'validUntil', /ISO 8601/],
    ['window backwards', { validFrom: '2026-01-01', validUntil: '2025-01-01' }, 'validUntil', /after validFrom/],
    ['version zero', { version: 0 }, 'version', /integer from 1/],
    ['missing id', { id: undefined }, 'id', /non-empty string/],
    ['padded dataset id', { datasetId: ' ds-1' }, 'datasetId', /surrounding spaces/],
  ])('rejects %s', (_name, over, path, message) => {
    const r = parseGrant(grant(over));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each([null, 'grant', 42, [], undefined])('rejects %p as not a grant object', (v) => {
    expect(parseGrant(v)).toEqual({ ok: false, problems: [{ path: '', message: 'expected a grant object' }] });
  });

  it('reports every problem at once', () => {
    const r = parseGrant(grant({ level: 'ALL', constraints: { k: 5, embargoDays: 'soon' } }));
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['level', 'constraints.k', 'constraints.embargoDays']);
  });
});
