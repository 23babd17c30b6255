import { decide, DENIED_CONSTRAINTS } from './index.js';
import { analyst, ask, caught, DATASET, decideWith, grant, NOW } from './spec-helpers.js';

const BROKEN = 'a grant on this dataset could not be evaluated; access is denied until an administrator corrects it';

describe('decide', () => {
  it('denies with no grants at all, with the strictest constraints', () => {
    expect(decideWith({ grants: [] })).toEqual({
      allowed: false, level: null, grantId: null, grantIds: [], constraints: DENIED_CONSTRAINTS,
      reasons: ['no grant gives you access to this dataset'],
    });
  });

  it('ignores grants on other datasets', () => {
    expect(decideWith({ grants: [grant({ datasetId: 'ds-2' })] }).allowed).toBe(false);
  });

  it.each([
    ['not yet valid', { validFrom: '2025-11-01T00:00:01Z' }, false],
    ['valid from exactly now', { validFrom: '2025-11-01T00:00:00Z' }, true],
    ['expiring exactly now (exclusive end)', { validUntil: '2025-11-01T00:00:00Z' }, false],
    ['expiring a second later', { validUntil: '2025-11-01T00:00:01Z' }, true],
    ['revoked exactly now', { revokedAt: '2025-11-01' }, false],
    ['revocation scheduled for later', { revokedAt: '2025-12-01' }, true],
  ])('a grant %s: allowed = %p', (_name, window, allowed) => {
    const d = decideWith({ grants: [grant(window)] });
    expect(d.allowed).toBe(allowed);
    if (!allowed) expect(d.reasons).toEqual(['your access to this dataset is not valid at this time (not yet valid, expired or revoked)']);
  });

  it('uses the highest version of a grant: a revoking version wins over the original', () => {
    const v1 = grant({ version: 1, level: 'RECORDS' });
    const v2 = grant({ version: 2, level: 'RECORDS', revokedAt: '2025-10-01' });
    expect(decideWith({ grants: [v2, v1] }).allowed).toBe(false);
    expect(decideWith({ grants: [v1, grant({ version: 2, level: 'METADATA' })], request: ask('AGGREGATE') }).allowed).toBe(false);
  });

  it('denies when two different grants share an id and version, accepts exact duplicates', () => {
    expect(decideWith({ grants: [grant(), grant({ level: 'RECORDS' })] }).reasons).toEqual([BROKEN]);
    expect(decideWith({ grants: [grant(), grant()] }).allowed).toBe(true);
  });

  it('ignores a broken grant that provably cannot concern the requester', () => {
    const valid = grant({ id: 'ok' });
    const typo = { minGroupSise: 5 };
    const cases = [
      grant({ id: 'x', datasetId: 'ds-2', constraints: typo }),
      grant({ id: 'x', audience: { kind: 'COUNTRIES', countries: ['KR'] }, constraints: typo }),
      grant({ id: 'x', validUntil: '2025-01-01', constraints: typo }),
    ];
    for (const broken of cases) expect(decideWith({ grants: [valid, broken] }).allowed).toBe(true);
  });

  it('denies when a broken grant may concern the requester', () => {
    for (const broken of [grant({ id: 'x', constraints: { minGroupSise: 5 } }), grant({ id: 'x', audience: { kind: 'TEAM' } }), null, 'grant', []]) {
      expect(decideWith({ grants: [grant({ id: 'ok' }), broken] }).reasons).toEqual([BROKEN]);
    }
  });

  it('compares purposes trimmed and case-insensitively', () => {
    const g = grant({ constraints: { allowedPurposes: ['Research'] } });
    expect(decideWith({ grants: [g], purpose: ' research ' }).allowed).toBe(true);
    expect(decideWith({ grants: [g], purpose: 'commerce' }).allowed).toBe(false);
  });

  it('a purpose-restricted higher grant does not hide a lower unrestricted one', () => {
    const grants = [grant({ id: 'meta' , level: 'METADATA' }), grant({ id: 'rec', level: 'RECORDS', constraints: { allowedPurposes: ['research'] } })];
    expect(decideWith({ grants, purpose: 'commercial', request: ask('METADATA') })).toMatchObject({ allowed: true, grantId: 'meta' });
    expect(decideWith({ grants, purpose: 'commercial', request: ask('RECORDS') }).reasons).toEqual([
      'you asked for RECORDS; the highest level available to you for this purpose is METADATA',
    ]);
  });

  it('matches ROLES audiences on any role, narrowed by country and organisation', () => {
    const g = grant({ audience: { kind: 'ROLES', roles: ['auditor'], countries: ['TH'], organisations: ['th-dmcr'] } });
    expect(decideWith({ grants: [g], requester: analyst('TH', 'th-dmcr', ['analyst', 'auditor']) }).allowed).toBe(true);
    expect(decideWith({ grants: [g], requester: analyst('TH', 'th-dmcr', ['analyst']) }).allowed).toBe(false);
    expect(decideWith({ grants: [g], requester: analyst('TH', 'th-pcd', ['auditor']) }).allowed).toBe(false);
    expect(decideWith({ grants: [g], requester: analyst('VN', 'th-dmcr', ['auditor']) }).allowed).toBe(false);
  });

  it('reasons never reveal grants meant for others', () => {
    const foreign = grant({ id: 'secret-kr-deal', audience: { kind: 'COUNTRIES', countries: ['KR'] }, level: 'RECORDS' });
    const d = decideWith({ grants: [foreign] });
    expect(d.reasons.join(' ')).not.toMatch(/KR|secret|RECORDS/);
  });

  it.each([
    ['a requester without roles', { requester: { country: 'TH' } as never }, 'your verified identity is incomplete; access is denied'],
    ['an unknown country', { requester: analyst('XX') }, 'your verified identity is incomplete; access is denied'],
    ['an empty purpose', { purpose: '  ' }, 'state the purpose of use'],
    ['a malformed request', { request: { level: 'ALL' } as never }, 'the request is malformed; expected a level and lists of fields, filters and groupings'],
  ])('denies %s', (_name, over, reason) => {
    expect(decideWith({ grants: [grant()], ...over })).toMatchObject({ allowed: false, reasons: [reason] });
  });

  it('denies, rather than throws, when evaluating throws', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    expect(decideWith({ grants: [hostile] })).toMatchObject({ allowed: false });
  });

  it.each([
    ['an invalid now', { now: new Date('nope') }],
    ['an empty dataset id', { datasetId: '' }],
    ['a lower-case owner country', { datasetOwnerCountry: 'jp' }],
  ])('throws INPUT_INVALID for %s (a programming error)', (_name, over) => {
    expect(caught(() => decideWith({ grants: [], ...over })).code).toBe('INPUT_INVALID');
  });

  it('lets a metadata request through without field checks beyond redaction', () => {
    const d = decide({
      datasetId: DATASET, datasetOwnerCountry: 'TH', requester: analyst('JP'), purpose: 'research', now: NOW,
      grants: [grant({ level: 'METADATA', constraints: { redactedFields: ['vessel'] } })], request: ask('METADATA', { fields: ['title'] }),
    });
    expect(d).toMatchObject({ allowed: true, level: 'METADATA', constraints: { redactedFields: ['vessel'] } });
  });
});
