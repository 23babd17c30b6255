import { LittoralError, resolveCountry } from '@littoral/contracts';
import type { CatalogueDataset, DatasetFilter } from '../catalogue.model.js';
import type { CatalogueDatasetObject, DatasetFilterInput } from './catalogue.types.js';
import { checkBboxFilter } from '@littoral/graphql';

function invalid(argument: string, message: string): LittoralError {
  return new LittoralError('INPUT_INVALID', message, { argument });
}

function checkDate(value: string, argument: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw invalid(argument, `${argument} "${value.slice(0, 40)}" is not a date; expected YYYY-MM-DD such as 2024-03-31`);
  }
  return value;
}

/** Checks the GraphQL filter and turns it into the reader's; throws INPUT_INVALID naming the argument. */
export function toDatasetFilter(input: DatasetFilterInput | null | undefined): DatasetFilter {
  if (!input) return {};
  const filter: DatasetFilter = { includeWithdrawn: input.includeWithdrawn ?? false };
  if (input.countries?.length) {
    filter.countries = input.countries.map((c, i) => {
      const code = resolveCountry(c);
      if (!code) throw invalid(`filter.countries[${i}]`, `filter.countries[${i}] "${c.slice(0, 40)}" is not a known country; expected an ISO 3166-1 alpha-2 code such as TH`);
      return code;
    });
  }
  if (input.themes?.length) {
    filter.themes = input.themes.map((t, i) => {
      const theme = t.trim();
      if (theme === '' || theme.length > 300) throw invalid(`filter.themes[${i}]`, `filter.themes[${i}] must be a theme IRI or code such as ENVI`);
      return theme;
    });
  }
  if (input.text != null) {
    const text = input.text.trim();
    if (text === '') throw invalid('filter.text', 'filter.text must not be empty');
    if (text.length > 200) throw invalid('filter.text', 'filter.text must be at most 200 characters');
    filter.text = text;
  }
  if (input.bbox) filter.bbox = checkBboxFilter(input.bbox, 'filter.bbox');
  if (input.from != null) filter.from = checkDate(input.from, 'filter.from');
  if (input.to != null) filter.to = checkDate(input.to, 'filter.to');
  if (filter.from && filter.to && filter.from > filter.to) throw invalid('filter', `filter.from ${filter.from} is after filter.to ${filter.to}`);
  return filter;
}

export function toCatalogueDatasetObject(d: CatalogueDataset): CatalogueDatasetObject {
  return {
    id: d.identifier,
    country: d.country,
    datasetId: d.datasetId,
    version: d.version,
    title: d.title,
    description: d.description,
    themes: d.themes,
    keywords: d.keywords,
    spatial: d.bbox ? { ...d.bbox } : null,
    temporal: d.temporal ? { ...d.temporal } : null,
    signedBy: { country: d.signedBy.country, kid: d.signedBy.kid, issuedAt: d.issuedAt },
    verifiedAt: d.verifiedAt,
    receivedAt: d.receivedAt,
    withdrawn: d.withdrawn,
    withdrawnAt: d.withdrawnAt,
    jsonLd: JSON.stringify(d.entry),
    jws: d.jws,
  };
}
