// Realistic sovereignty scenarios from issue 4, end to end through the same
// engine: the decision, then its enforcement on rows.
import { applyToAggregateRows, applyToRecords, decide, type AccessRequest, type Decision, type Requester } from './index.js';
import { analyst, ask, DATASET, grant, NOW } from './spec-helpers.js';

const ASEAN = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN', 'TL'];

const japanAggregates = grant({
  id: 'jp-asean-aggregates',
  audience: { kind: 'COUNTRIES', countries: ASEAN },
  level: 'AGGREGATE',
  constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 },
});
const thailandEmbargo = grant({ id: 'th-network-records', level: 'RECORDS', constraints: { embargoDays: 365 } });
const indonesiaRedacts = grant({ id: 'id-network-records', level: 'RECORDS', constraints: { redactedFields: ['team_member_name'] } });
const vietNamAgencies = grant({
  id: 'vn-agencies-research',
  audience: { kind: 'ORGANISATIONS', organisations: ['vn-vasi', 'vn-imer'], countries: ['VN'] },
  level: 'RECORDS',
  constraints: { allowedPurposes: ['research'] },
});

interface Scenario {
  readonly name: string;
  readonly owner: string;
  readonly grants: readonly unknown[];
  readonly requester: Requester;
  readonly purpose?: string;
  readonly request: AccessRequest;
  readonly expected: Partial<Decision>;
}

const scenarios: readonly Scenario[] = [
  {
    name: 'JP → TH analyst: ASEAN aggregates at 0.1° with k=5',
    owner: 'JP', grants: [japanAggregates], requester: analyst('TH'), request: ask('AGGREGATE', { groupBy: ['cell'] }),
    expected: { allowed: true, level: 'AGGREGATE', grantId: 'jp-asean-aggregates', constraints: expect.objectContaining({ minGroupSize: 5, spatialPrecisionDeg: 0.1 }) },
  },
  {
    name: 'JP → TH analyst asking for records: denied, not downgraded',
    owner: 'JP', grants: [japanAggregates], requester: analyst('TH'), request: ask('RECORDS'),
    expected: { allowed: false, level: null, reasons: ['you asked for RECORDS; the highest level available to you for this purpose is AGGREGATE'] },
  },
  {
    name: 'JP → TH metadata: a lower level than granted is allowed',
    owner: 'JP', grants: [japanAggregates], requester: analyst('TH'), request: ask('METADATA'),
    expected: { allowed: true, level: 'METADATA' },
  },
  {
    name: 'JP → KR (Plus Three, not ASEAN): denied',
    owner: 'JP', grants: [japanAggregates], requester: analyst('KR'), request: ask('AGGREGATE'),
    expected: { allowed: false, reasons: ['no grant gives you access to this dataset'] },
  },
  {
    name: 'JP → JP: the owner country gets no implicit access without its own grant',
    owner: 'JP', grants: [japanAggregates], requester: analyst('JP'), request: ask('METADATA'),
    expected: { allowed: false, reasons: ['no grant gives you access to this dataset'] },
  },
  {
    name: 'TH → network records under a 365-day embargo',
    owner: 'TH', grants: [thailandEmbargo], requester: analyst('MY'), request: ask('RECORDS'),
    expected: { allowed: true, level: 'RECORDS', constraints: expect.objectContaining({ embargoDays: 365 }) },
  },
  {
    name: 'ID → grouping by team_member_name: denied naming the field',
    owner: 'ID', grants: [indonesiaRedacts], requester: analyst('PH'), request: ask('AGGREGATE', { groupBy: ['team_member_name'] }),
    expected: { allowed: false, reasons: ["field 'team_member_name' is redacted for you and cannot be grouped on"] },
  },
  {
    name: 'ID → filtering on Team_Member_Name (other case): denied',
    owner: 'ID', grants: [indonesiaRedacts], requester: analyst('PH'), request: ask('RECORDS', { filters: ['Team_Member_Name'] }),
    expected: { allowed: false, reasons: ["field 'Team_Member_Name' is redacted for you and cannot be filtered on"] },
  },
  {
    name: 'ID → sorting on team_member_name: denied',
    owner: 'ID', grants: [indonesiaRedacts], requester: analyst('PH'), request: ask('RECORDS', { sortBy: ['team_member_name'] }),
    expected: { allowed: false, reasons: ["field 'team_member_name' is redacted for you and cannot be sorted on"] },
  },
  {
    name: 'VN agency + research → RECORDS',
    owner: 'VN', grants: [vietNamAgencies], requester: analyst('VN', 'vn-vasi'), purpose: 'Research', request: ask('RECORDS'),
    expected: { allowed: true, level: 'RECORDS', grantId: 'vn-agencies-research' },
  },
  {
    name: 'VN agency + commercial → denied',
    owner: 'VN', grants: [vietNamAgencies], requester: analyst('VN', 'vn-vasi'), purpose: 'commercial', request: ask('RECORDS'),
    expected: { allowed: false, reasons: ["the purpose 'commercial' is not permitted for your access to this dataset"] },
  },
  {
    name: 'TH + research → denied (not a Vietnamese agency)',
    owner: 'VN', grants: [vietNamAgencies], requester: analyst('TH', 'th-dmcr'), request: ask('RECORDS'),
    expected: { allowed: false, reasons: ['no grant gives you access to this dataset'] },
  },
  {
    name: 'a foreign organisation reusing a VN agency id → denied (country must match too)',
    owner: 'VN', grants: [vietNamAgencies], requester: analyst('TH', 'vn-vasi'), request: ask('RECORDS'),
    expected: { allowed: false, reasons: ['no grant gives you access to this dataset'] },
  },
  {
    name: 'VN requester without an organisation → denied',
    owner: 'VN', grants: [vietNamAgencies], requester: analyst('VN'), request: ask('RECORDS'),
    expected: { allowed: false },
  },
  {
    name: 'sensitive species generalised by default to 0.1°',
    owner: 'MY', grants: [grant({ level: 'RECORDS' })], requester: analyst('SG'), request: ask('RECORDS'),
    expected: { allowed: true, constraints: expect.objectContaining({ spatialPrecisionDeg: null, sensitiveSpeciesPrecisionDeg: 0.1 }) },
  },
  {
    name: 'explicit override of the sensitive-species grid',
    owner: 'MY', grants: [grant({ level: 'RECORDS', constraints: { sensitiveSpeciesPrecisionDeg: 0.001 } })], requester: analyst('SG'), request: ask('RECORDS'),
    expected: { allowed: true, constraints: expect.objectContaining({ sensitiveSpeciesPrecisionDeg: 0.001 }) },
  },
  {
    name: 'a typo in a constraint key denies everyone the grant could concern',
    owner: 'PH', grants: [grant({ constraints: { minGroupSise: 10 } })], requester: analyst('TH'), request: ask('METADATA'),
    expected: { allowed: false, reasons: ['a grant on this dataset could not be evaluated; access is denied until an administrator corrects it'] },
  },
  {
    name: 'overlapping grants: the higher level decides with its own constraints',
    owner: 'JP',
    grants: [japanAggregates, grant({ id: 'jp-th-records', audience: { kind: 'COUNTRIES', countries: ['TH'] }, level: 'RECORDS', constraints: { spatialPrecisionDeg: 0.01 } })],
    requester: analyst('TH'), request: ask('AGGREGATE'),
    expected: { allowed: true, level: 'AGGREGATE', grantId: 'jp-th-records', grantIds: ['jp-th-records'], constraints: expect.objectContaining({ minGroupSize: 1, spatialPrecisionDeg: 0.01 }) },
  },
  {
    name: 'overlapping grants at the same level: the strictest of each constraint',
    owner: 'JP',
    grants: [japanAggregates, grant({ id: 'jp-th-aggregates', audience: { kind: 'COUNTRIES', countries: ['TH'] }, constraints: { minGroupSize: 3, spatialPrecisionDeg: 1, redactedFields: ['vessel'] } })],
    requester: analyst('TH'), request: ask('AGGREGATE'),
    expected: {
      allowed: true, grantId: 'jp-asean-aggregates', grantIds: ['jp-asean-aggregates', 'jp-th-aggregates'],
      constraints: { minGroupSize: 5, spatialPrecisionDeg: 1, sensitiveSpeciesPrecisionDeg: 1, redactedFields: ['vessel'], embargoDays: 0 },
    },
  },
];

describe('sovereignty scenarios', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const decision = decide({
      datasetId: DATASET, datasetOwnerCountry: s.owner, requester: s.requester, purpose: s.purpose ?? 'research',
      grants: s.grants, request: s.request, now: NOW,
    });
    expect(decision).toMatchObject(s.expected);
  });

  const records = (g: unknown, requester: Requester): Decision =>
    decide({ datasetId: DATASET, datasetOwnerCountry: 'TH', requester, purpose: 'research', grants: [g], request: ask('RECORDS'), now: NOW });

  it('Thailand embargo: records older than 12 months pass, newer ones are withheld', () => {
    const decision = records(thailandEmbargo, analyst('MY'));
    const out = applyToRecords(
      [
        { id: 'old', eventDate: '2024-10-31' },
        { id: 'edge', eventDate: '2024-11-01T00:00:00Z' },
        { id: 'new', eventDate: '2025-06-01' },
        { id: 'interval-ending-late', eventDate: '2024-10-01/2025-02-01' },
        { id: 'undated' },
      ],
      decision,
      NOW,
    );
    expect(out.map((r) => r['id'])).toEqual(['old', 'edge']);
  });

  it('Indonesia: records come back without team member names', () => {
    const decision = records(indonesiaRedacts, analyst('PH'));
    const out = applyToRecords([{ id: 'r1', team_member_name: 'Siti', Team_Member_Name: 'Budi', count: 4 }], decision, NOW);
    expect(out).toEqual([{ id: 'r1', count: 4 }]);
  });

  it('sensitive species: a VU turtle is generalised to 0.1°, a common crab is not', () => {
    const decision = records(grant({ level: 'RECORDS' }), analyst('SG'));
    const [turtle, crab] = applyToRecords(
      [
        { id: 't', iucnRedListCategory: 'VU', decimalLatitude: 13.7528, decimalLongitude: 100.4935, coordinateUncertaintyInMeters: 30 },
        { id: 'c', iucnRedListCategory: 'LC', decimalLatitude: 13.7528, decimalLongitude: 100.4935 },
      ],
      decision,
      NOW,
    );
    expect(turtle).toMatchObject({ decimalLatitude: expect.closeTo(13.75, 9), decimalLongitude: expect.closeTo(100.45, 9), coordinatePrecision: 0.1 });
    expect(turtle?.['coordinateUncertaintyInMeters']).toBeGreaterThan(7000);
    expect(crab).toEqual({ id: 'c', iucnRedListCategory: 'LC', decimalLatitude: 13.7528, decimalLongitude: 100.4935 });
  });

  it('Japan aggregates: groups under k=5 are suppressed with a complement', () => {
    const decision = decide({
      datasetId: DATASET, datasetOwnerCountry: 'JP', requester: analyst('TH'), purpose: 'research',
      grants: [japanAggregates], request: ask('AGGREGATE', { groupBy: ['cell'] }), now: NOW,
    });
    const rows = applyToAggregateRows(
      [
        { cell: 'A', n: 2, mean: 1.5, secret: 'x' },
        { cell: 'B', n: 7, mean: 2.0 },
        { cell: 'C', n: 40, mean: 3.1 },
      ],
      decision,
      { countField: 'n', valueFields: ['mean'], groupFields: ['cell'] },
    );
    expect(rows).toEqual([
      { cell: 'A', n: null, mean: null, suppressed: true },
      { cell: 'B', n: null, mean: null, suppressed: true },
      { cell: 'C', n: 40, mean: 3.1, suppressed: false },
    ]);
  });
});
