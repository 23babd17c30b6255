import type { Grant } from '@littoral/policy';
import { currentGrants, explainAccess, grantStatus, summarizeAccess } from './grant-rules';
import type { GrantVersion } from './grant-version';

const ASEAN = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN', 'TL'];
const NOW = new Date('2025-06-01T00:00:00Z');
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

const grant = (over: Partial<Grant> & { id: string }): Grant => ({
  version: 1, datasetId: 'jp-coast', audience: { kind: 'COUNTRIES', countries: ASEAN }, level: 'AGGREGATE', constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 }, ...over,
});
const actor = { subject: 'admin@jp', country: 'JP', organisation: null, roles: ['admin'] };
const version = (g: Grant, seq: number, at: string): GrantVersion => ({
  grantId: g.id, version: g.version, seq, datasetId: g.datasetId, action: g.version === 1 ? 'CREATE' : g.revokedAt ? 'REVOKE' : 'CHANGE',
  grant: g, before: null, changedBy: actor, changedAt: new Date(at), reason: 'test',
});

describe('grantStatus', () => {
  it.each<[Partial<Grant>, string]>([
    [{}, 'ACTIVE'],
    [{ validFrom: '2025-06-01' }, 'ACTIVE'], // inclusive
    [{ validFrom: '2025-06-01T00:00:01Z' }, 'SCHEDULED'],
    [{ validUntil: '2025-06-01' }, 'EXPIRED'], // exclusive
    [{ validUntil: '2025-06-01T09:00:00+07:00' }, 'ACTIVE'],
    [{ revokedAt: '2025-06-01T00:00:00Z' }, 'REVOKED'],
    [{ revokedAt: '2025-07-01T00:00:00Z' }, 'ACTIVE'],
  ])('%j → %s', (window, status) => {
    expect(grantStatus(grant({ id: A, ...window }), NOW)).toBe(status);
  });
});

describe('currentGrants', () => {
  it('keeps the latest version of each grant, in order of creation, with who created it', () => {
    const versions = [
      version(grant({ id: B }), 2, '2025-01-02T00:00:00Z'),
      version(grant({ id: A }), 1, '2025-01-01T00:00:00Z'),
      version(grant({ id: A, version: 2, level: 'RECORDS' }), 3, '2025-02-01T00:00:00Z'),
      version(grant({ id: B, version: 2, revokedAt: '2025-03-01T00:00:00Z' }), 4, '2025-03-01T00:00:00Z'),
    ];
    const current = currentGrants(versions, NOW);
    expect(current.map((g) => [g.grantId, g.version, g.status, g.grant.level, g.createdAt.toISOString(), g.changedAt.toISOString()])).toEqual([
      [A, 2, 'ACTIVE', 'RECORDS', '2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z'],
      [B, 2, 'REVOKED', 'AGGREGATE', '2025-01-02T00:00:00.000Z', '2025-03-01T00:00:00.000Z'],
    ]);
  });
});

describe('summarizeAccess', () => {
  it('lists levels per audience class of the grants in force, never grantees or constraints', () => {
    const summary = summarizeAccess([
      grant({ id: A }),
      grant({ id: B, audience: { kind: 'ORGANISATIONS', organisations: ['vn-vasi'], countries: ['VN'] }, level: 'RECORDS' }),
      grant({ id: 'c', audience: { kind: 'NETWORK' }, level: 'METADATA', constraints: {} }),
      grant({ id: 'd', audience: { kind: 'COUNTRIES', countries: ['KR'] }, level: 'AGGREGATE' }),
      grant({ id: 'e', level: 'RECORDS', validFrom: '2026-01-01' }), // not yet
      grant({ id: 'f', level: 'RECORDS', audience: { kind: 'ROLES', roles: ['analyst'] }, revokedAt: '2025-05-01T00:00:00Z' }),
    ], NOW);
    expect(summary).toEqual([
      { level: 'METADATA', audience: 'NETWORK' },
      { level: 'AGGREGATE', audience: 'COUNTRIES' },
      { level: 'RECORDS', audience: 'ORGANISATIONS' },
    ]);
    expect(JSON.stringify(summary)).not.toMatch(/vn-vasi|VN|KR|minGroupSize/);
  });

  it('uses only the latest version of a grant', () => {
    expect(summarizeAccess([grant({ id: A, version: 2, revokedAt: '2025-05-01' }), grant({ id: A })], NOW)).toEqual([]);
  });
});

describe('explainAccess (the real engine)', () => {
  const base = { datasetId: 'jp-coast', ownerCountry: 'JP', purpose: 'research', now: NOW };
  const jpAsean = grant({ id: A, version: 2 });

  it('Japan shares AGGREGATE with ASEAN at 0.1°, k = 5: a Thai analyst gets AGGREGATE', () => {
    const e = explainAccess({ ...base, requester: { country: 'TH', roles: ['analyst'] }, grants: [jpAsean] });
    expect(e).toMatchObject({
      allowed: true, requestedLevel: 'AGGREGATE', level: 'AGGREGATE', highestLevel: 'AGGREGATE',
      constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 },
      decidingGrants: [{ grantId: A, version: 2 }],
      reasons: [`AGGREGATE allowed under grant ${A}`],
    });
  });

  it('denies RECORDS naming the highest level available', () => {
    const e = explainAccess({ ...base, requester: { country: 'TH', roles: ['analyst'] }, level: 'RECORDS', grants: [jpAsean] });
    expect(e).toMatchObject({ allowed: false, requestedLevel: 'RECORDS', level: null, highestLevel: 'AGGREGATE', decidingGrants: [] });
    expect(e.reasons).toEqual(['you asked for RECORDS; the highest level available to you for this purpose is AGGREGATE']);
  });

  it('denies a Korean analyst with the safe reason', () => {
    const e = explainAccess({ ...base, requester: { country: 'KR', roles: ['analyst'] }, grants: [jpAsean] });
    expect(e).toMatchObject({ allowed: false, requestedLevel: 'METADATA', highestLevel: null, reasons: ['no grant gives you access to this dataset'] });
  });

  it('refuses a redacted field the request would read', () => {
    const g = grant({ id: A, constraints: { redactedFields: ['vessel'] } });
    const e = explainAccess({ ...base, requester: { country: 'TH', roles: [] }, fields: ['Vessel'], grants: [g] });
    expect(e).toMatchObject({ allowed: false, highestLevel: 'AGGREGATE', reasons: ["field 'Vessel' is redacted for you and cannot be requested"] });
  });
});
