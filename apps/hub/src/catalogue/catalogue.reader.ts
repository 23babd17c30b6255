import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { CatalogueEntryEntity } from '../database/entities/index.js';
import { memberActive, signatureTrusted } from './catalogue-sql.js';
import type { CatalogueDataset, DatasetFilter } from './catalogue.model.js';
import { type Page, type PageRequest } from '@littoral/graphql';

/** Escapes LIKE wildcards so user text matches literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Reads the regional catalogue from the database (never from the stream), so
 * it is complete while the consumer catches up after a restart. Listed means:
 * a verified entry, not withdrawn (unless asked), of an active member, whose
 * signing key was not compromised when it signed.
 */
@Injectable()
export class CatalogueReader {
  constructor(private readonly db: DataSource) {}

  async page(filter: DatasetFilter, page: PageRequest, withTotal: boolean): Promise<Page<CatalogueDataset>> {
    const qb = this.listed(filter);
    const countQb = qb.clone();
    if (page.afterKey !== null) qb.andWhere('e.identifier > :afterKey', { afterKey: page.afterKey });
    const [rows, totalCount] = await Promise.all([
      qb.orderBy('e.identifier', 'ASC').limit(page.limit + 1).getMany(),
      withTotal ? countQb.getCount() : undefined,
    ]);
    return { rows: rows.slice(0, page.limit).map(toCatalogueDataset), hasNextPage: rows.length > page.limit, totalCount };
  }

  /** One dataset by identifier, withdrawn or not; undefined when it is not (or no longer) trusted. */
  async get(identifier: string): Promise<CatalogueDataset | undefined> {
    const row = await this.listed({ includeWithdrawn: true }).andWhere('e.identifier = :identifier', { identifier }).getOne();
    return row ? toCatalogueDataset(row) : undefined;
  }

  /** Every listed dataset, for the regional catalogue document. */
  async all(): Promise<CatalogueDataset[]> {
    return (await this.listed({}).orderBy('e.identifier', 'ASC').getMany()).map(toCatalogueDataset);
  }

  private listed(filter: DatasetFilter): SelectQueryBuilder<CatalogueEntryEntity> {
    const qb = this.db.getRepository(CatalogueEntryEntity).createQueryBuilder('e');
    qb.where(signatureTrusted('e')).andWhere(memberActive('e'));
    if (!filter.includeWithdrawn) qb.andWhere('NOT e.withdrawn');
    if (filter.countries?.length) qb.andWhere('e.country IN (:...countries)', { countries: filter.countries });
    if (filter.themes?.length) {
      // A theme matches by full IRI or by its code (the last path segment).
      qb.andWhere(`EXISTS (SELECT 1 FROM unnest(e.themes) t WHERE t = ANY(:themeIris) OR regexp_replace(t, '^.*/', '') = ANY(:themeIris))`, { themeIris: filter.themes });
    }
    if (filter.text) {
      const words = filter.text.split(/\s+/).filter(Boolean).slice(0, 10);
      words.forEach((w, i) => {
        qb.andWhere(`(e.title ILIKE :w${i} OR e.description ILIKE :w${i} OR array_to_string(e.keywords, ' ') ILIKE :w${i})`, { [`w${i}`]: `%${escapeLike(w)}%` });
      });
    }
    if (filter.bbox) {
      const b = filter.bbox;
      qb.andWhere('e.bbox_south <= :bNorth AND e.bbox_north >= :bSouth', { bNorth: b.north, bSouth: b.south });
      // Longitudes: the query box split into plain intervals; a stored box crossing the antimeridian (west > east) is [west, 180] ∪ [-180, east].
      const intervals = b.west <= b.east ? [[b.west, b.east]] : [[b.west, 180], [-180, b.east]];
      const parts = intervals.map((_, i) =>
        `((e.bbox_west <= e.bbox_east AND e.bbox_west <= :qe${i} AND e.bbox_east >= :qw${i}) OR (e.bbox_west > e.bbox_east AND (e.bbox_west <= :qe${i} OR e.bbox_east >= :qw${i})))`);
      qb.andWhere(`(${parts.join(' OR ')})`, Object.fromEntries(intervals.flatMap(([w, e], i) => [[`qw${i}`, w], [`qe${i}`, e]])));
    }
    if (filter.from) qb.andWhere('e.temporal_end >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.temporal_start <= :to', { to: filter.to });
    return qb;
  }
}

export function toCatalogueDataset(e: CatalogueEntryEntity): CatalogueDataset {
  const hasBox = e.bboxWest !== null && e.bboxSouth !== null && e.bboxEast !== null && e.bboxNorth !== null;
  return {
    identifier: e.identifier,
    country: e.country,
    datasetId: e.datasetId,
    // The entry's own version; the row's `version` may be a newer tombstone's.
    version: typeof e.entry?.versionNumber === 'number' ? e.entry.versionNumber : Number(e.version),
    title: e.title ?? e.datasetId,
    description: e.description,
    themes: e.themes,
    keywords: e.keywords,
    bbox: hasBox ? { west: e.bboxWest!, south: e.bboxSouth!, east: e.bboxEast!, north: e.bboxNorth! } : null,
    temporal: e.temporalStart && e.temporalEnd ? { start: e.temporalStart, end: e.temporalEnd } : null,
    entry: e.entry!,
    jws: e.jws!,
    signedBy: { country: e.country, kid: e.kid! },
    issuedAt: e.issuedAt!,
    verifiedAt: e.verifiedAt!,
    receivedAt: e.receivedAt,
    withdrawn: e.withdrawn,
    withdrawnAt: e.withdrawnAt,
  };
}
