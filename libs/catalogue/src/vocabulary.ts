import type { Theme } from '@littoral/contracts';

// Namespaces and the JSON-LD contexts of catalogue entries (DOMAIN §4). The
// contexts are embedded in every document, never fetched: nodes may be offline
// and a remote context would let a third party change what a signed entry means.

/** Namespace of Littoral's own (non-DCAT) terms. Persistent-IRI service w3id.org; a name, it need not resolve. */
export const LITTORAL_NS = 'https://w3id.org/littoral/ns#';
/** Littoral's SKOS theme scheme; concepts are `<scheme>/<CODE>`. */
export const LITTORAL_THEME_SCHEME = 'https://w3id.org/littoral/theme';
/** EU Publications Office data-theme authority table (DCAT-AP's required theme vocabulary). */
export const EU_THEME_SCHEME = 'http://publications.europa.eu/resource/authority/data-theme';
export const EU_ACCESS_RIGHT = 'http://publications.europa.eu/resource/authority/access-right/';
export const EU_LANGUAGE = 'http://publications.europa.eu/resource/authority/language/';
/** The application profile entries and records conform to. */
export const DCAT_AP_301 = 'https://semiceu.github.io/DCAT-AP/releases/3.0.1/';

const NAMESPACES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  prov: 'http://www.w3.org/ns/prov#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  geosparql: 'http://www.opengis.net/ont/geosparql#',
  littoral: LITTORAL_NS,
} as const;

/**
 * The JSON-LD context embedded in every catalogue entry and in the regional
 * catalogue. Keys follow the RDF local names of DCAT (DOMAIN §4.4); only JSON-LD
 * 1.0 features are used so any processor expands it. Changing a mapping changes
 * what signed entries mean: add terms, never repoint one.
 */
export const CATALOGUE_CONTEXT: Record<string, unknown> = deepFreeze({
  ...NAMESPACES,
  // classes
  Catalog: 'dcat:Catalog',
  CatalogRecord: 'dcat:CatalogRecord',
  Dataset: 'dcat:Dataset',
  Distribution: 'dcat:Distribution',
  Resource: 'dcat:Resource',
  Location: 'dct:Location',
  PeriodOfTime: 'dct:PeriodOfTime',
  LicenseDocument: 'dct:LicenseDocument',
  Standard: 'dct:Standard',
  RightsStatement: 'dct:RightsStatement',
  LinguisticSystem: 'dct:LinguisticSystem',
  Agent: 'foaf:Agent',
  Document: 'foaf:Document',
  Kind: 'vcard:Kind',
  Concept: 'skos:Concept',
  ConceptScheme: 'skos:ConceptScheme',
  AccessSummaryItem: 'littoral:AccessSummaryItem',
  // DCAT / Dublin Core
  identifier: 'dct:identifier',
  title: { '@id': 'dct:title', '@container': '@language' },
  description: { '@id': 'dct:description', '@container': '@language' },
  keyword: { '@id': 'dcat:keyword', '@container': '@set' },
  theme: { '@id': 'dcat:theme', '@type': '@id', '@container': '@set' },
  themeTaxonomy: { '@id': 'dcat:themeTaxonomy', '@type': '@id', '@container': '@set' },
  publisher: { '@id': 'dct:publisher', '@type': '@id' },
  contactPoint: { '@id': 'dcat:contactPoint', '@type': '@id' },
  license: { '@id': 'dct:license', '@type': '@id' },
  conformsTo: { '@id': 'dct:conformsTo', '@type': '@id', '@container': '@set' },
  accessRights: { '@id': 'dct:accessRights', '@type': '@id' },
  spatial: { '@id': 'dct:spatial', '@type': '@id' },
  bbox: { '@id': 'dcat:bbox', '@type': 'geosparql:wktLiteral' },
  temporal: { '@id': 'dct:temporal', '@type': '@id' },
  startDate: { '@id': 'dcat:startDate', '@type': 'xsd:date' },
  endDate: { '@id': 'dcat:endDate', '@type': 'xsd:date' },
  version: { '@id': 'dcat:version' },
  issued: { '@id': 'dct:issued', '@type': 'xsd:dateTime' },
  modified: { '@id': 'dct:modified', '@type': 'xsd:dateTime' },
  language: { '@id': 'dct:language', '@type': '@id', '@container': '@set' },
  distribution: { '@id': 'dcat:distribution', '@container': '@set' },
  accessURL: { '@id': 'dcat:accessURL', '@type': '@id' },
  dataset: { '@id': 'dcat:dataset', '@type': '@id', '@container': '@set' },
  record: { '@id': 'dcat:record', '@type': '@id', '@container': '@set' },
  primaryTopic: { '@id': 'foaf:primaryTopic', '@type': '@id' },
  homepage: { '@id': 'foaf:homepage', '@type': '@id' },
  name: 'foaf:name',
  fn: 'vcard:fn',
  hasEmail: { '@id': 'vcard:hasEmail', '@type': '@id' },
  prefLabel: { '@id': 'skos:prefLabel', '@container': '@language' },
  notation: 'skos:notation',
  inScheme: { '@id': 'skos:inScheme', '@type': '@id' },
  broader: { '@id': 'skos:broader', '@type': '@id' },
  // Littoral terms
  country: 'littoral:country',
  datasetId: 'littoral:datasetId',
  nodeId: 'littoral:nodeId',
  versionNumber: { '@id': 'littoral:version', '@type': 'xsd:integer' },
  recordCount: { '@id': 'littoral:recordCount', '@type': 'xsd:nonNegativeInteger' },
  sampleCount: { '@id': 'littoral:sampleCount', '@type': 'xsd:nonNegativeInteger' },
  measuredVariable: { '@id': 'littoral:measuredVariable', '@container': '@set' },
  accessSummary: { '@id': 'littoral:accessSummary', '@container': '@set' },
  accessLevel: 'littoral:accessLevel',
  audience: 'littoral:audienceClass',
  signedByCountry: 'littoral:signedByCountry',
  signatureKeyId: 'littoral:signatureKeyId',
  verifiedAt: { '@id': 'littoral:verifiedAt', '@type': 'xsd:dateTime' },
});

/** JSON-LD context of a tombstone (withdrawal notice). */
export const TOMBSTONE_CONTEXT: Record<string, unknown> = deepFreeze({
  dct: NAMESPACES.dct,
  prov: NAMESPACES.prov,
  xsd: NAMESPACES.xsd,
  littoral: LITTORAL_NS,
  Tombstone: 'littoral:Tombstone',
  identifier: 'dct:identifier',
  country: 'littoral:country',
  datasetId: 'littoral:datasetId',
  version: { '@id': 'littoral:version', '@type': 'xsd:integer' },
  withdrawn: { '@id': 'prov:invalidatedAtTime', '@type': 'xsd:dateTime' },
});

/** A SKOS concept used as a `dcat:theme`. */
export interface ThemeConcept {
  iri: string;
  code: string;
  label: string;
  scheme: string;
  broader?: string;
}

const EU_ENVI: ThemeConcept = { iri: `${EU_THEME_SCHEME}/ENVI`, code: 'ENVI', label: 'Environment', scheme: EU_THEME_SCHEME };

function littoralTheme(code: string, label: string, broader?: string): ThemeConcept {
  return {
    iri: `${LITTORAL_THEME_SCHEME}/${code}`,
    code,
    label,
    scheme: LITTORAL_THEME_SCHEME,
    ...(broader ? { broader: `${LITTORAL_THEME_SCHEME}/${broader}` } : {}),
  };
}

/**
 * Littoral theme scheme: one top concept per dataset theme (MICROPLASTICS and
 * BIODIVERSITY added to the DOMAIN §4.3 proposal so every dataset gets one),
 * with the proposal's codes as narrower concepts.
 */
export const LITTORAL_THEMES: Readonly<Record<string, ThemeConcept>> = Object.freeze({
  MICROPLASTICS: littoralTheme('MICROPLASTICS', 'Microplastics'),
  MP_WATER: littoralTheme('MP_WATER', 'Microplastics in water', 'MICROPLASTICS'),
  MP_SEDIMENT: littoralTheme('MP_SEDIMENT', 'Microplastics in sediments', 'MICROPLASTICS'),
  MP_BEACH: littoralTheme('MP_BEACH', 'Microplastics on beaches', 'MICROPLASTICS'),
  MP_BIOTA: littoralTheme('MP_BIOTA', 'Microplastics in biota', 'MICROPLASTICS'),
  BEACH_LITTER: littoralTheme('BEACH_LITTER', 'Beach litter'),
  CLEANUP: littoralTheme('CLEANUP', 'Beach and coastal clean-ups', 'BEACH_LITTER'),
  BIODIVERSITY: littoralTheme('BIODIVERSITY', 'Marine biodiversity'),
  BIODIVERSITY_OCCURRENCE: littoralTheme('BIODIVERSITY_OCCURRENCE', 'Species occurrences', 'BIODIVERSITY'),
  BIODIVERSITY_SURVEY: littoralTheme('BIODIVERSITY_SURVEY', 'Biodiversity surveys', 'BIODIVERSITY'),
});

const TOP_THEME: Readonly<Record<Theme, string>> = { microplastics: 'MICROPLASTICS', 'beach-litter': 'BEACH_LITTER', biodiversity: 'BIODIVERSITY' };

const MATRIX_THEME: Readonly<Record<string, string>> = {
  SW_SURF: 'MP_WATER', SW_COL: 'MP_WATER', RW_SURF: 'MP_WATER',
  SED_SEA: 'MP_SEDIMENT', SED_RIV: 'MP_SEDIMENT',
  BEACH: 'MP_BEACH',
  BIOTA: 'MP_BIOTA',
};

const CLEANUP_PROTOCOLS: ReadonlySet<string> = new Set(['ICC_CLEANUP', 'FREE_CLEANUP']);

/**
 * Themes of a dataset: EU `ENVI` always, the Littoral top concept of its theme,
 * and the narrower Littoral concepts the data supports (matrices for
 * microplastics, clean-up protocols for beach litter; biodiversity data are
 * occurrence records).
 */
export function themesFor(theme: Theme, matrices: readonly string[] = [], protocols: readonly string[] = []): ThemeConcept[] {
  const codes = [TOP_THEME[theme]];
  if (theme === 'microplastics') {
    for (const m of matrices) if (MATRIX_THEME[m]) codes.push(MATRIX_THEME[m]);
  } else if (theme === 'beach-litter') {
    if (protocols.some((p) => CLEANUP_PROTOCOLS.has(p))) codes.push('CLEANUP');
  } else {
    codes.push('BIODIVERSITY_OCCURRENCE');
  }
  const unique = [...new Set(codes)];
  const [top, ...narrower] = unique;
  return [EU_ENVI, LITTORAL_THEMES[top], ...narrower.sort().map((c) => LITTORAL_THEMES[c])];
}

/** The theme schemes, declared once in the regional catalogue (`dcat:themeTaxonomy`). */
export const THEME_SCHEMES: ReadonlyArray<{ iri: string; title: string }> = [
  { iri: EU_THEME_SCHEME, title: 'Data theme (EU Publications Office)' },
  { iri: LITTORAL_THEME_SCHEME, title: 'Littoral dataset themes' },
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
