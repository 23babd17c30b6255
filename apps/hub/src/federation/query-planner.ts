import type { EntityManager } from 'typeorm';
import type { FederatedQuery, QueryKind } from '@littoral/federation';
import { memberActive, signatureTrusted } from '../catalogue/catalogue-sql.js';

/** The Littoral theme code (last segment of the theme IRI) a query kind's datasets carry. */
export const THEME_OF_KIND: Readonly<Record<QueryKind, string>> = {
  microplasticSummary: 'MICROPLASTICS',
  samples: 'MICROPLASTICS',
  beachLitterSummary: 'BEACH_LITTER',
  speciesSummary: 'BIODIVERSITY',
  occurrences: 'BIODIVERSITY',
};

const DAY_MS = 86_400_000;
const instant = (text: string | undefined): Date | null => {
  if (text === undefined) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? null : new Date(ms);
};

/**
 * The members to ask: active members with at least one listed (trusted, not
 * withdrawn) dataset of the query's theme whose coverage can match the
 * filter — countries, bbox, time range. A dataset with no spatial or temporal
 * coverage in its entry may match anything (never skip a node that might
 * hold data). Dates are widened by a day: the catalogue's coverage is in
 * dates and beach surveys in local dates. Sorted by country.
 */
export async function planCountries(em: EntityManager, query: FederatedQuery): Promise<string[]> {
  const f = query.filter;
  const params: unknown[] = [THEME_OF_KIND[query.kind]];
  const add = (v: unknown): string => `$${params.push(v)}`;
  const where = [
    'NOT e.withdrawn',
    signatureTrusted('e'),
    memberActive('e'),
    `EXISTS (SELECT 1 FROM unnest(e.themes) t WHERE regexp_replace(t, '^.*/', '') = $1)`,
  ];
  if (f.countries) where.push(`e.country = ANY(${add(f.countries)}::text[])`);
  if (f.bbox) {
    const [w, s, east, n] = [add(f.bbox.west), add(f.bbox.south), add(f.bbox.east), add(f.bbox.north)];
    where.push(`(e.bbox_west IS NULL OR (
      e.bbox_south <= ${n} AND e.bbox_north >= ${s} AND (
        (e.bbox_west <= e.bbox_east AND e.bbox_west <= ${east} AND e.bbox_east >= ${w})
        OR (e.bbox_west > e.bbox_east AND (${east} >= e.bbox_west OR ${w} <= e.bbox_east)))))`);
  }
  const from = instant(f.timeRange?.from);
  const to = instant(f.timeRange?.to);
  if (from) where.push(`(e.temporal_end IS NULL OR (e.temporal_end::timestamp AT TIME ZONE 'UTC') >= ${add(new Date(from.getTime() - 2 * DAY_MS))})`);
  if (to) where.push(`(e.temporal_start IS NULL OR (e.temporal_start::timestamp AT TIME ZONE 'UTC') < ${add(new Date(to.getTime() + DAY_MS))})`);
  const rows: { country: string }[] = await em.query(`SELECT DISTINCT e.country FROM catalogue_entry e WHERE ${where.join(' AND ')} ORDER BY e.country`, params);
  return rows.map((r) => r.country);
}
