import { LittoralError, licenceUri, type Theme } from '@littoral/contracts';
import { isIri } from './check-helpers.js';
import { checkCatalogueEntry } from './entry-check.js';
import { datasetIdentifier } from './identifiers.js';
import type { AccessLevel, AccessSummaryItem, AudienceClass, CatalogueEntry, CatalogueEntryInput } from './types.js';
import { CATALOGUE_CONTEXT, EU_ACCESS_RIGHT, themesFor, type ThemeConcept } from './vocabulary.js';
import { bboxToWkt } from './wkt.js';

const LEVEL_ORDER: readonly AccessLevel[] = ['METADATA', 'AGGREGATE', 'RECORDS'];
const AUDIENCE_ORDER: readonly AudienceClass[] = ['NETWORK', 'COUNTRIES', 'ORGANISATIONS', 'ROLES'];
const THEME_LABEL: Readonly<Record<Theme, string>> = {
  microplastics: 'Microplastics',
  'beach-litter': 'Beach-litter',
  biodiversity: 'Marine biodiversity',
};
// Standards given by name rather than IRI become blank-node dct:Standard with a title.
const STANDARD_IRI = /^(?:https?:\/\/|urn:[a-z0-9][a-z0-9-]{0,31}:)/i;

/**
 * Builds the DCAT 3 / DCAT-AP 3.0.1 JSON-LD description of one dataset, with
 * the catalogue context embedded, ready to be signed by the node. Optional
 * values that are empty are omitted (never null). The result is checked with
 * {@link checkCatalogueEntry}, so what a node builds the hub accepts; an input
 * the hub would refuse throws `CATALOGUE_ENTRY_INVALID` listing the problems.
 */
export function buildCatalogueEntry(input: CatalogueEntryInput): CatalogueEntry {
  const { dataset: d, country, nodeId, stats } = input;
  const identifier = datasetIdentifier(country, d.id);
  const licence = { '@id': licenceUri(d.license), '@type': 'LicenseDocument' };
  const bbox = stats.bbox ?? d.declaredArea;
  const keywords = uniqueTexts(d.keywords);
  const variables = uniqueTexts(stats.measuredVariables).sort();
  const access = accessSummary(input.access);
  const contact = contactPoint(d.contactName, d.contactEmail);

  const entry: CatalogueEntry = {
    '@context': CATALOGUE_CONTEXT,
    '@id': identifier,
    '@type': 'Dataset',
    identifier,
    country,
    datasetId: d.id,
    nodeId,
    title: { en: d.title.trim() },
    description: { en: text(d.description) ?? `${THEME_LABEL[d.theme]} dataset "${d.title.trim()}" held by the ${country} node of the Littoral network.` },
    publisher: { '@type': 'Agent', name: text(d.publisher) ?? `Littoral node ${nodeId} (${country})`, country },
    ...(contact ? { contactPoint: contact } : {}),
    theme: themesFor(d.theme, stats.matrices, stats.surveyProtocols).map(conceptNode),
    ...(keywords.length > 0 ? { keyword: keywords } : {}),
    license: licence,
    ...(d.conformsTo.length > 0 ? { conformsTo: uniqueTexts(d.conformsTo).map(standardNode) } : {}),
    ...(bbox ? { spatial: { '@type': 'Location', bbox: bboxToWkt(bbox) } } : {}),
    ...(stats.temporal ? { temporal: { '@type': 'PeriodOfTime', startDate: stats.temporal.start, endDate: stats.temporal.end } } : {}),
    recordCount: stats.recordCount,
    sampleCount: stats.sampleCount,
    ...(variables.length > 0 ? { measuredVariable: variables } : {}),
    accessRights: { '@id': EU_ACCESS_RIGHT + accessRight(access), '@type': 'RightsStatement' },
    ...(access.length > 0 ? { accessSummary: access.map((a) => ({ '@type': 'AccessSummaryItem', accessLevel: a.level, audience: a.audience })) } : {}),
    version: String(input.version),
    versionNumber: input.version,
    issued: isoDateTime(input.issued, 'issued'),
    modified: isoDateTime(input.modified, 'modified'),
    distribution: [
      {
        '@type': 'Distribution',
        title: { en: `Query service of the ${country} Littoral node` },
        description: { en: 'GraphQL endpoint of the publishing node; what a caller may see follows the access summary of the dataset.' },
        accessURL: accessUrl(input.nodeBaseUrl, country, nodeId),
        license: licence,
      },
    ],
  };

  const check = checkCatalogueEntry(entry, { country });
  if (!check.ok) {
    throw new LittoralError('CATALOGUE_ENTRY_INVALID', `catalogue entry for dataset "${d.id}" is invalid: ${check.problems.join('; ')}`, {
      problems: check.problems,
    });
  }
  return entry;
}

/** Which EU access right sums up the grants: nothing beyond metadata is NON_PUBLIC, otherwise RESTRICTED (never PUBLIC: the network is closed). */
function accessRight(access: readonly AccessSummaryItem[]): 'RESTRICTED' | 'NON_PUBLIC' {
  return access.some((a) => a.level !== 'METADATA') ? 'RESTRICTED' : 'NON_PUBLIC';
}

function accessSummary(items: readonly AccessSummaryItem[]): AccessSummaryItem[] {
  const seen = new Set<string>();
  const out: AccessSummaryItem[] = [];
  for (const { level, audience } of items) {
    const key = `${level}/${audience}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ level, audience });
  }
  const rank = (a: AccessSummaryItem) => LEVEL_ORDER.indexOf(a.level) * 10 + AUDIENCE_ORDER.indexOf(a.audience);
  return out.sort((a, b) => rank(a) - rank(b));
}

function conceptNode(c: ThemeConcept): Record<string, unknown> {
  return {
    '@id': c.iri,
    '@type': 'Concept',
    prefLabel: { en: c.label },
    notation: c.code,
    inScheme: c.scheme,
    ...(c.broader ? { broader: c.broader } : {}),
  };
}

function standardNode(s: string): Record<string, unknown> {
  return STANDARD_IRI.test(s) && isIri(s) ? { '@id': s, '@type': 'Standard' } : { '@type': 'Standard', title: { en: s } };
}

function contactPoint(name: string | null, email: string | null): Record<string, unknown> | undefined {
  const fn = text(name);
  const mail = text(email);
  if (!fn && !mail) return undefined;
  return { '@type': 'Kind', ...(fn ? { fn } : {}), ...(mail ? { hasEmail: `mailto:${encodeURI(mail)}` } : {}) };
}

function accessUrl(base: string | null, country: string, nodeId: string): string {
  const trimmed = text(base)?.replace(/\/+$/, '');
  return trimmed ? `${trimmed}/graphql` : `urn:littoral:node:${country}:${encodeURIComponent(nodeId)}`;
}

function isoDateTime(date: Date, field: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new LittoralError('CATALOGUE_ENTRY_INVALID', `${field}: expected a valid date`);
  }
  return date.toISOString();
}

function text(v: string | null | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function uniqueTexts(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}
