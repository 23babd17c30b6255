import { buildCatalogueEntry, buildRegionalCatalogue, CATALOGUE_CONTEXT } from './index.js';
import { HUB, entryInput, sampleEntries } from './spec-helpers.js';

describe('buildRegionalCatalogue', () => {
  const entries = sampleEntries(buildCatalogueEntry);
  const catalogue = buildRegionalCatalogue(entries, HUB);
  const datasets = catalogue.dataset as Array<Record<string, unknown>>;
  const records = catalogue.record as Array<Record<string, unknown>>;

  it('describes the hub as a DCAT catalogue', () => {
    expect(catalogue).toMatchObject({
      '@context': CATALOGUE_CONTEXT,
      '@id': 'https://hub.littoral.example/catalog',
      '@type': 'Catalog',
      title: { en: HUB.title },
      description: { en: HUB.description },
      publisher: { '@type': 'Agent', name: 'Littoral hub secretariat' },
      modified: '2025-04-01T00:00:00.000Z',
      homepage: { '@id': 'https://hub.littoral.example/', '@type': 'Document' },
      themeTaxonomy: [
        { '@id': 'http://publications.europa.eu/resource/authority/data-theme', '@type': 'ConceptScheme', title: { en: 'Data theme (EU Publications Office)' } },
        { '@id': 'https://w3id.org/littoral/theme', '@type': 'ConceptScheme', title: { en: 'Littoral dataset themes' } },
      ],
    });
  });

  it('embeds every dataset as signed, ordered by identifier, without its own context', () => {
    expect(datasets.map((d) => d['@id'])).toEqual([
      'urn:littoral:dataset:JP:jp-beach-2024',
      'urn:littoral:dataset:PH:ph-tubbataha',
      'urn:littoral:dataset:TH:th-gulf',
    ]);
    for (const d of datasets) expect(d).not.toHaveProperty('@context');
    const { '@context': _c, ...th } = entries[0].entry;
    expect(datasets[2]).toEqual(th);
  });

  it('adds a catalogue record with the verification provenance of each dataset', () => {
    expect(records[2]).toEqual({
      '@id': 'https://hub.littoral.example/catalog#record-TH-th-gulf',
      '@type': 'CatalogRecord',
      primaryTopic: { '@id': 'urn:littoral:dataset:TH:th-gulf', '@type': 'Resource' },
      modified: '2025-03-16T09:00:00.000Z',
      conformsTo: [{ '@id': 'https://semiceu.github.io/DCAT-AP/releases/3.0.1/', '@type': 'Standard' }],
      signedByCountry: 'TH',
      signatureKeyId: 'kid-th-1',
      verifiedAt: '2025-03-16T09:00:00.000Z',
    });
  });

  it('keeps the higher version when a dataset is given twice', () => {
    const v5 = buildCatalogueEntry(entryInput({ version: 5 }));
    const v4 = buildCatalogueEntry(entryInput({ version: 4 }));
    const at = new Date('2025-03-16T09:00:00Z');
    const c = buildRegionalCatalogue(
      [v5, v4].map((entry) => ({ entry, signedBy: { country: 'TH', kid: 'k' }, verifiedAt: at })),
      { ...HUB, baseUrl: 'https://hub.littoral.example/' },
    );
    expect((c.dataset as Array<Record<string, unknown>>).map((d) => d.versionNumber)).toEqual([5]);
    expect(c['@id']).toBe('https://hub.littoral.example/catalog');
  });

  it('is a valid catalogue when empty', () => {
    const c = buildRegionalCatalogue([], HUB);
    expect(c.dataset).toEqual([]);
    expect(c.record).toEqual([]);
  });
});
