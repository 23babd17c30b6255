// What the console reads from a dataset's signed DCAT entry (jsonLd) beyond
// the GraphQL fields: its licence and publisher, to show and to cite. Pure.

const CC = /^https:\/\/creativecommons\.org\/(licenses|publicdomain)\/([a-z-]+)\/(\d\.\d)\/$/;
const SPDX = /^https:\/\/spdx\.org\/licenses\/(.+)\.html$/;

/** The licence identifier (CC-BY-4.0, CC0-1.0, an SPDX id) for the licence IRI of an entry. */
export function licenceId(iri: string): string {
  const cc = CC.exec(iri);
  if (cc) return cc[2] === 'zero' ? `CC0-${cc[3]}` : `CC-${cc[2].toUpperCase()}-${cc[3]}`;
  const spdx = SPDX.exec(iri);
  return spdx ? spdx[1] : iri;
}

export interface EntryFacts { licence: string | null; publisher: string | null }

export function entryFacts(jsonLd: string): EntryFacts {
  try {
    const e = JSON.parse(jsonLd) as { license?: { '@id'?: unknown } | string; publisher?: { name?: unknown } };
    const iri = typeof e.license === 'string' ? e.license : typeof e.license?.['@id'] === 'string' ? (e.license['@id'] as string) : null;
    return { licence: iri ? licenceId(iri) : null, publisher: typeof e.publisher?.name === 'string' ? e.publisher.name : null };
  } catch {
    return { licence: null, publisher: null };
  }
}

/** A citation in the form the nodes use in query manifests. */
export function catalogueCitation(d: { title: string; datasetId: string; version: number; id: string }, facts: EntryFacts): string {
  const by = facts.publisher ? `${facts.publisher}. ` : '';
  return `${by}${d.title}. Dataset ${d.datasetId}, version ${d.version}${facts.licence ? `. Licence ${facts.licence}` : ''}. Littoral regional catalogue, ${d.id}.`;
}

/** The short code of a theme IRI (…/MICROPLASTICS → MICROPLASTICS). */
export function themeCode(theme: string): string {
  return theme.replace(/^.*[/#]/, '');
}

/** Which summary answers questions about a dataset with these themes. */
export function summaryKindFor(themes: readonly string[]): 'microplastic' | 'beachLitter' | 'species' | null {
  const codes = themes.map(themeCode).join(' ');
  if (/MICROPLASTIC|MP_/.test(codes)) return 'microplastic';
  if (/BEACH|LITTER/.test(codes)) return 'beachLitter';
  if (/BIODIV|SPECIES/.test(codes)) return 'species';
  return null;
}
