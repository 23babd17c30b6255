import { claimedCountry, parseCatalogueSubject } from './catalogue-subjects';

describe('parseCatalogueSubject', () => {
  it.each([
    ['littoral.catalog.TH.th-gulf', { kind: 'entry', country: 'TH', datasetId: 'th-gulf' }],
    ['littoral.keys.JP', { kind: 'keys', country: 'JP' }],
    ['a.b.catalog.VN.x1', { kind: 'entry', country: 'VN', datasetId: 'x1' }, 'a.b'],
  ])('reads %s', (subject, expected, prefix = 'littoral') => {
    expect(parseCatalogueSubject(prefix, subject)).toEqual(expected);
  });

  it.each([
    'littoral.catalog.th.th-gulf', // lower-case country
    'littoral.catalog.XX.th-gulf', // unassigned code
    'littoral.catalog.TH', // no dataset
    'littoral.catalog.TH.a.b', // extra token
    'littoral.catalog.TH.Bad_Id', // not a slug
    'littoral.keys.TH.extra',
    'littoral.other.TH.x',
    'other.catalog.TH.x',
    'littoralx.catalog.TH.x',
  ])('refuses %s', (subject) => {
    expect(parseCatalogueSubject('littoral', subject)).toBeNull();
  });

  it('names the claimed country of any subject', () => {
    expect(claimedCountry('littoral', 'littoral.catalog.th.x.y')).toBe('TH');
    expect(claimedCountry('littoral', 'littoral.catalog')).toBeNull();
  });
});
