import { buildTombstone, checkTombstone, TOMBSTONE_CONTEXT } from './index.js';
import { caught, expand } from './spec-helpers.js';

const input = { country: 'TH', datasetId: 'th-gulf', version: 4, withdrawnAt: new Date('2025-05-01T12:00:00Z') };
// Received JSON, mutated freely by the failing cases.
type Mutable = Record<string, any>;

describe('tombstones', () => {
  it('builds a withdrawal notice with the dataset identifier and next version', () => {
    expect(buildTombstone(input)).toEqual({
      '@context': TOMBSTONE_CONTEXT,
      '@type': 'Tombstone',
      identifier: 'urn:littoral:dataset:TH:th-gulf',
      country: 'TH',
      datasetId: 'th-gulf',
      version: 4,
      withdrawn: '2025-05-01T12:00:00.000Z',
    });
  });

  it('round-trips through JSON and the hub check', () => {
    const wire = JSON.parse(JSON.stringify(buildTombstone(input)));
    const r = checkTombstone(wire, { country: 'TH' });
    expect(r).toEqual({ ok: true, tombstone: buildTombstone(input) });
  });

  it('expands offline to littoral:Tombstone with the withdrawal time', async () => {
    const [node] = await expand(buildTombstone(input));
    expect(node).toEqual({
      '@type': ['https://w3id.org/littoral/ns#Tombstone'],
      'http://purl.org/dc/terms/identifier': [{ '@value': 'urn:littoral:dataset:TH:th-gulf' }],
      'https://w3id.org/littoral/ns#country': [{ '@value': 'TH' }],
      'https://w3id.org/littoral/ns#datasetId': [{ '@value': 'th-gulf' }],
      'https://w3id.org/littoral/ns#version': [{ '@value': 4, '@type': 'http://www.w3.org/2001/XMLSchema#integer' }],
      'http://www.w3.org/ns/prov#invalidatedAtTime': [{ '@value': '2025-05-01T12:00:00.000Z', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }],
    });
  });

  it.each([
    ['version 0', { version: 0 }, 'version: expected a positive integer'],
    ['an invalid date', { withdrawnAt: new Date('x') }, 'withdrawnAt: expected a valid date'],
    ['a bad dataset id', { datasetId: 'TH_GULF' }, 'dataset id must be lower-case letters, digits and hyphens (1–64), got "TH_GULF"'],
  ])('refuses to build with %s', (_label, overrides, message) => {
    const e = caught(() => buildTombstone({ ...input, ...overrides }));
    expect(e.code).toBe('CATALOGUE_ENTRY_INVALID');
    expect(e.message).toBe(message);
  });

  it.each<[string, (t: Mutable) => void, string]>([
    ['another type', (t) => { t['@type'] = 'Dataset'; }, '@type: expected "Tombstone"'],
    ['a changed context', (t) => { t['@context'] = {}; }, '@context: expected the embedded Littoral tombstone context (TOMBSTONE_CONTEXT), unchanged'],
    ['a missing version', (t) => delete t.version, 'version: required'],
    ['a version as text', (t) => { t.version = '4'; }, 'version: expected a positive integer'],
    ['another country', (t) => { t.country = 'VN'; }, 'country: "VN" is not the signing member\'s country "TH"'],
    ['an identifier of another country', (t) => { t.identifier = 'urn:littoral:dataset:VN:th-gulf'; }, 'identifier: country "VN" is not the signing member\'s country "TH"'],
    ['a dataset id unlike the identifier', (t) => { t.datasetId = 'other'; }, 'datasetId: does not match the identifier'],
    ['a bad time', (t) => { t.withdrawn = '2025-05-01'; }, 'withdrawn: expected an ISO 8601 date-time with time zone'],
    ['an unexpected field', (t) => { t.reason = 'x'; }, 'reason: unexpected field'],
  ])('the hub refuses a tombstone with %s', (_label, mutate, problem) => {
    const t = JSON.parse(JSON.stringify(buildTombstone(input)));
    mutate(t);
    const r = checkTombstone(t, { country: 'TH' });
    expect(r.ok ? [] : r.problems).toContain(problem);
  });

  it('refuses what is not an object', () => {
    expect(checkTombstone(null, { country: 'TH' })).toEqual({ ok: false, problems: ['tombstone: expected a JSON object'] });
  });
});
