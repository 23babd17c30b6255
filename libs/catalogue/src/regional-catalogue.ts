import { LittoralError } from '@littoral/contracts';
import { parseDatasetIdentifier } from './identifiers.js';
import type { HubDescription, VerifiedEntry } from './types.js';
import { CATALOGUE_CONTEXT, DCAT_AP_301, EU_LANGUAGE, THEME_SCHEMES } from './vocabulary.js';

/**
 * The hub's regional catalogue: one `dcat:Catalog` listing every verified
 * dataset, plus one `dcat:CatalogRecord` per dataset carrying how the hub
 * came to trust it (signing country, key id, verification time). Entries are
 * embedded as signed, without their `@context` (it is the catalogue's own).
 * Datasets are ordered by identifier; if one appears twice, the higher version wins.
 */
export function buildRegionalCatalogue(entries: ReadonlyArray<VerifiedEntry>, hub: HubDescription): Record<string, unknown> {
  const base = hub.baseUrl.trim().replace(/\/+$/, '');
  const catalogIri = `${base}/catalog`;
  const latest = new Map<string, VerifiedEntry>();
  for (const v of entries) {
    const id = v.entry.identifier;
    if (typeof id !== 'string') throw new LittoralError('CATALOGUE_ENTRY_INVALID', 'identifier: every entry needs one');
    const seen = latest.get(id);
    if (!seen || versionOf(v) > versionOf(seen)) latest.set(id, v);
  }
  const ordered = [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  return {
    '@context': CATALOGUE_CONTEXT,
    '@id': catalogIri,
    '@type': 'Catalog',
    title: { en: hub.title },
    description: { en: hub.description },
    publisher: { '@type': 'Agent', name: hub.publisher },
    modified: hub.modified.toISOString(),
    homepage: { '@id': `${base}/`, '@type': 'Document' },
    language: [{ '@id': `${EU_LANGUAGE}ENG`, '@type': 'LinguisticSystem' }],
    themeTaxonomy: THEME_SCHEMES.map((s) => ({ '@id': s.iri, '@type': 'ConceptScheme', title: { en: s.title } })),
    dataset: ordered.map(([, v]) => withoutContext(v.entry)),
    record: ordered.map(([id, v]) => ({
      '@id': `${catalogIri}#record-${recordSuffix(id)}`,
      '@type': 'CatalogRecord',
      // Typing the topic dcat:Resource here lets SHACL check foaf:primaryTopic's
      // range without the DCAT ontology (dcat:Dataset ⊑ dcat:Resource) in the graph.
      primaryTopic: { '@id': id, '@type': 'Resource' },
      modified: v.verifiedAt.toISOString(),
      conformsTo: [{ '@id': DCAT_AP_301, '@type': 'Standard' }],
      signedByCountry: v.signedBy.country,
      signatureKeyId: v.signedBy.kid,
      verifiedAt: v.verifiedAt.toISOString(),
    })),
  };
}

function versionOf(v: VerifiedEntry): number {
  return typeof v.entry.versionNumber === 'number' ? v.entry.versionNumber : 0;
}

function withoutContext(entry: Record<string, unknown>): Record<string, unknown> {
  const { '@context': _context, ...node } = entry;
  return node;
}

function recordSuffix(identifier: string): string {
  const p = parseDatasetIdentifier(identifier);
  return p ? `${p.country}-${p.datasetId}` : encodeURIComponent(identifier);
}
