import { buildCatalogueEntry, checkCatalogueEntry, CATALOGUE_CONTEXT } from './index.js';
import { entryInput } from './spec-helpers.js';

// Received JSON, mutated freely by the failing cases.
type Mutable = Record<string, any>;

/** A received entry: the builder's output after a trip through JSON. */
function received(mutate: (e: Mutable) => void = () => undefined): Mutable {
  const e = JSON.parse(JSON.stringify(buildCatalogueEntry(entryInput()))) as Mutable;
  mutate(e);
  return e;
}

function problems(obj: unknown, country = 'TH'): string[] {
  const r = checkCatalogueEntry(obj, { country });
  return r.ok ? [] : r.problems;
}

describe('checkCatalogueEntry', () => {
  it('accepts a built entry and reads back its identity, title, themes, box and period', () => {
    const r = checkCatalogueEntry(received(), { country: 'TH' });
    expect(r).toMatchObject({
      ok: true,
      identifier: 'urn:littoral:dataset:TH:th-gulf',
      country: 'TH',
      datasetId: 'th-gulf',
      version: 3,
      title: 'Sea-surface microplastics, Gulf of Thailand, 2024',
      bbox: { west: 99.5, south: 6.25, east: 102.75, north: 13.1 },
      temporal: { start: '2024-01-15', end: '2024-11-30' },
    });
    if (r.ok) expect(r.themes).toContain('http://publications.europa.eu/resource/authority/data-theme/ENVI');
  });

  it('reads back an antimeridian box', () => {
    const e = received((x) => {
      x.spatial.bbox = 'MULTIPOLYGON(((170 -20,180 -20,180 -10,170 -10,170 -20)),((-180 -20,-175.5 -20,-175.5 -10,-180 -10,-180 -20)))';
    });
    const r = checkCatalogueEntry(e, { country: 'TH' });
    expect(r.ok && r.bbox).toEqual({ west: 170, south: -20, east: -175.5, north: -10 });
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', 'hello', ['entry: expected a JSON object']],
    ['an array', [1, 2], ['entry: expected a JSON object']],
    ['a huge array', received((e) => { e.keyword = Array.from({ length: 5000 }, () => 'x'); }), ['entry.keyword: array of 5000 items exceeds the limit of 1000']],
    ['deep nesting', received((e) => { e.publisher.name = { a: { b: { c: { d: { e: { f: 'x' } } } } } }; }), ['entry.publisher.name.a.b.c.d.e: nested deeper than 6 levels']],
    ['an oversized text', received((e) => { e.description.en = 'x'.repeat(20_001); }), ['entry.description.en: text longer than 20000 characters']],
  ])('refuses %s before reading fields', (_label, obj, expected) => {
    expect(problems(obj)).toEqual(expected);
  });

  it.each<[string, (e: Mutable) => void, string]>([
    ['missing title', (e) => delete e.title, 'title: required'],
    ['missing description', (e) => delete e.description, 'description: required'],
    ['missing publisher', (e) => delete e.publisher, 'publisher: required'],
    ['missing licence', (e) => delete e.license, 'license: required'],
    ['missing distribution', (e) => delete e.distribution, 'distribution: required'],
    ['missing version number', (e) => delete e.versionNumber, 'versionNumber: required'],
    ['missing @context', (e) => delete e['@context'], '@context: required'],
    ['an unexpected field', (e) => { e.grants = ['secret']; }, 'grants: unexpected field'],
    ['a changed context', (e) => { e['@context'].title = 'http://example.org/title'; }, '@context: expected the embedded Littoral catalogue context (CATALOGUE_CONTEXT), unchanged'],
    ['a remote context', (e) => { e['@context'] = 'https://example.org/context.jsonld'; }, '@context: expected the embedded Littoral catalogue context (CATALOGUE_CONTEXT), unchanged'],
    ['another type', (e) => { e['@type'] = 'Catalog'; }, '@type: expected "Dataset"'],
    ['a malformed identifier', (e) => { e.identifier = 'th-gulf'; e['@id'] = 'th-gulf'; }, 'identifier: expected urn:littoral:dataset:<country>:<dataset id>'],
    ['@id unlike identifier', (e) => { e['@id'] = 'urn:littoral:dataset:TH:other'; }, '@id: expected to equal identifier'],
    ['another country', (e) => { e.country = 'VN'; }, 'country: "VN" is not the signing member\'s country "TH"'],
    ['an identifier of another country', (e) => { e.identifier = e['@id'] = 'urn:littoral:dataset:VN:th-gulf'; }, 'identifier: country "VN" is not the signing member\'s country "TH"'],
    ['a lower-case country', (e) => { e.country = 'th'; }, 'country: expected an ISO 3166-1 alpha-2 code'],
    ['dataset id unlike identifier', (e) => { e.datasetId = 'other'; }, 'datasetId: does not match the identifier'],
    ['an empty node id', (e) => { e.nodeId = ''; }, 'nodeId: expected a non-empty string of at most 200 characters'],
    ['a title without English', (e) => { e.title = { th: 'ไมโครพลาสติก' }; }, 'title: expected a language map with a non-empty English ("en") text of at most 1000 characters'],
    ['a plain-string title', (e) => { e.title = 'Gulf'; }, 'title: expected a language map with a non-empty English ("en") text of at most 1000 characters'],
    ['a bad language tag', (e) => { e.title['EN_us'] = 'x'; }, 'title: "EN_us" is not a language tag'],
    ['a publisher without name', (e) => delete e.publisher.name, 'publisher.name: expected a non-empty text of at most 500 characters'],
    ['a publisher of another type', (e) => { e.publisher['@type'] = 'Person'; }, 'publisher.@type: expected "Agent"'],
    ['a publisher of another country', (e) => { e.publisher.country = 'VN'; }, 'publisher.country: expected the entry\'s country'],
    ['a contact with a web address', (e) => { e.contactPoint.hasEmail = 'https://dmcr.example'; }, 'contactPoint.hasEmail: expected a mailto: IRI'],
    ['an empty contact', (e) => { e.contactPoint = { '@type': 'Kind' }; }, 'contactPoint: expected fn or hasEmail'],
    ['no themes', (e) => { e.theme = []; }, 'theme: expected 1 to 20 theme concepts'],
    ['no ENVI theme', (e) => { e.theme = e.theme.slice(1); }, 'theme: expected the EU data theme ENVI'],
    ['a theme outside the schemes', (e) => { e.theme[1].inScheme = 'http://example.org/scheme'; }, 'theme[1].inScheme: expected the EU data-theme or the Littoral theme scheme'],
    ['a theme IRI outside its scheme', (e) => { e.theme[1]['@id'] = 'http://example.org/MICROPLASTICS'; }, 'theme[1].@id: expected a concept of its scheme (<scheme>/<CODE>)'],
    ['a repeated theme', (e) => { e.theme.push(e.theme[0]); }, 'theme[3].@id: repeated'],
    ['a theme without label', (e) => delete e.theme[0].prefLabel, 'theme[0].prefLabel: expected a language map with a non-empty English ("en") text of at most 500 characters'],
    ['too many keywords', (e) => { e.keyword = Array.from({ length: 101 }, (_, i) => `k${i}`); }, 'keyword: expected a list of at most 100 texts'],
    ['an empty keyword', (e) => { e.keyword = ['ok', ' ']; }, 'keyword[1]: expected a non-empty text of at most 200 characters'],
    ['a licence as text', (e) => { e.license = 'CC-BY-4.0'; }, 'license: expected {"@id": licence IRI, "@type": "LicenseDocument"}'],
    ['a standard that is not an IRI', (e) => { e.conformsTo = [{ '@id': 'Michida v1.2', '@type': 'Standard' }]; }, 'conformsTo[0].@id: expected an absolute IRI'],
    ['a bbox that is not WKT', (e) => { e.spatial.bbox = '99,6,103,13'; }, 'spatial.bbox: expected a WKT POLYGON (or antimeridian MULTIPOLYGON) rectangle in longitude latitude order'],
    ['a bbox that is not a rectangle', (e) => { e.spatial.bbox = 'POLYGON((0 0,1 0,1 1,0 2,0 0))'; }, 'spatial.bbox: expected a WKT POLYGON (or antimeridian MULTIPOLYGON) rectangle in longitude latitude order'],
    ['a bbox in latitude longitude order', (e) => { e.spatial.bbox = 'POLYGON((6 99,13 99,13 103,6 103,6 99))'; }, 'spatial.bbox: expected longitudes within -180..180, latitudes within -90..90 and south ≤ north'],
    ['a bbox with south above north', (e) => { e.spatial.bbox = 'POLYGON((99 13,103 13,103 6,99 6,99 13))'; }, 'spatial.bbox: expected longitudes within -180..180, latitudes within -90..90 and south ≤ north'],
    ['spatial without Location type', (e) => delete e.spatial['@type'], 'spatial: expected {"@type": "Location", "bbox": WKT}'],
    ['a period with a bad date', (e) => { e.temporal.endDate = '2024-13-01'; }, 'temporal.endDate: expected a date YYYY-MM-DD'],
    ['an inverted period', (e) => { e.temporal.startDate = '2025-01-01'; }, 'temporal: startDate is after endDate'],
    ['a fractional record count', (e) => { e.recordCount = 1.5; }, 'recordCount: expected a non-negative integer'],
    ['a sample count as text', (e) => { e.sampleCount = '56'; }, 'sampleCount: expected a non-negative integer'],
    ['a variable that is not text', (e) => { e.measuredVariable = [1]; }, 'measuredVariable[0]: expected a non-empty text of at most 200 characters'],
    ['access rights outside the EU list', (e) => { e.accessRights['@id'] = 'http://example.org/open'; }, 'accessRights: expected {"@id": an EU access-right (PUBLIC, RESTRICTED, NON_PUBLIC), "@type": "RightsStatement"}'],
    ['an access item naming a grantee', (e) => { e.accessSummary[0].grantee = 'org:dmcr'; }, 'accessSummary[0]: expected {"@type": "AccessSummaryItem", "accessLevel": METADATA|AGGREGATE|RECORDS, "audience": NETWORK|COUNTRIES|ORGANISATIONS|ROLES}'],
    ['an unknown access level', (e) => { e.accessSummary[0].accessLevel = 'ALL'; }, 'accessSummary[0]: expected {"@type": "AccessSummaryItem", "accessLevel": METADATA|AGGREGATE|RECORDS, "audience": NETWORK|COUNTRIES|ORGANISATIONS|ROLES}'],
    ['a repeated access item', (e) => { e.accessSummary.push(e.accessSummary[0]); }, 'accessSummary[3]: repeated'],
    ['version 0', (e) => { e.versionNumber = 0; e.version = '0'; }, 'versionNumber: expected a positive integer'],
    ['a negative version', (e) => { e.versionNumber = -2; e.version = '-2'; }, 'versionNumber: expected a positive integer'],
    ['a version as text only', (e) => { e.versionNumber = '3'; }, 'versionNumber: expected a positive integer'],
    ['version text unlike the number', (e) => { e.version = '4'; }, 'version: expected the text of versionNumber'],
    ['a date without time zone', (e) => { e.modified = '2025-03-15T08:30:00'; }, 'modified: expected an ISO 8601 date-time with time zone'],
    ['an issued date that is not a date', (e) => { e.issued = 'yesterday'; }, 'issued: expected an ISO 8601 date-time with time zone'],
    ['no distributions', (e) => { e.distribution = []; }, 'distribution: expected 1 to 10 distributions'],
    ['a distribution without access URL', (e) => delete e.distribution[0].accessURL, 'distribution[0].accessURL: expected an absolute IRI'],
    ['a relative access URL', (e) => { e.distribution[0].accessURL = '/graphql'; }, 'distribution[0].accessURL: expected an absolute IRI'],
  ])('refuses %s', (_label, mutate, problem) => {
    expect(problems(received(mutate))).toContain(problem);
  });

  it('refuses an entry signed by another member (expected country)', () => {
    expect(problems(received(), 'VN')).toEqual([
      'country: "TH" is not the signing member\'s country "VN"',
      'identifier: country "TH" is not the signing member\'s country "VN"',
    ]);
  });

  it('reports every problem at once', () => {
    const p = problems(received((e) => { delete e.title; e.versionNumber = 0; e.country = 'VN'; }));
    expect(p).toEqual(expect.arrayContaining(['title: required', 'versionNumber: expected a positive integer', 'country: "VN" is not the signing member\'s country "TH"']));
  });

  it('compares the context by value, not by reference or key order', () => {
    const reordered = Object.fromEntries(Object.entries(CATALOGUE_CONTEXT).reverse());
    expect(checkCatalogueEntry(received((e) => { e['@context'] = reordered; }), { country: 'TH' }).ok).toBe(true);
  });
});
