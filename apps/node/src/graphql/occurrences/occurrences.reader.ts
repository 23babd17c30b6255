import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BasisOfRecord, BoundingBox, IucnCategory } from '@littoral/contracts';
import { BioOccurrenceEntity } from '../../database/entities/index.js';
import { escapeLike } from '../common/filter-checks.js';
import { readKeysetPage } from '../common/keyset.js';
import { bboxCondition, type Page, type PageRequest } from '@littoral/graphql';

export interface OccurrenceFilter {
  datasetId?: string;
  /** Case-insensitive prefix. */
  scientificName?: string;
  basisOfRecord?: BasisOfRecord;
  iucnCategory?: IucnCategory;
  sensitive?: boolean;
  from?: Date;
  to?: Date;
  bbox?: BoundingBox;
}

/** Paged reads of biodiversity occurrences (filters are already checked). */
@Injectable()
export class OccurrencesReader {
  constructor(private readonly db: DataSource) {}

  async occurrences(filter: OccurrenceFilter, page: PageRequest, withTotal: boolean): Promise<Page<BioOccurrenceEntity>> {
    const qb = this.db.getRepository(BioOccurrenceEntity).createQueryBuilder('occ');
    if (filter.datasetId !== undefined) qb.andWhere('occ.datasetId = :datasetId', { datasetId: filter.datasetId });
    if (filter.scientificName !== undefined) {
      qb.andWhere('occ.scientificName ILIKE :namePrefix', { namePrefix: `${escapeLike(filter.scientificName)}%` });
    }
    if (filter.basisOfRecord !== undefined) qb.andWhere('occ.basisOfRecord = :basisOfRecord', { basisOfRecord: filter.basisOfRecord });
    if (filter.iucnCategory !== undefined) qb.andWhere('occ.iucnCategory = :iucnCategory', { iucnCategory: filter.iucnCategory });
    if (filter.sensitive !== undefined) qb.andWhere('occ.sensitive = :sensitive', { sensitive: filter.sensitive });
    if (filter.from !== undefined) qb.andWhere('occ.eventStart >= :from', { from: filter.from });
    if (filter.to !== undefined) qb.andWhere('occ.eventStart <= :to', { to: filter.to });
    if (filter.bbox) {
      const inBox = bboxCondition('occ.latitude', 'occ.longitude', filter.bbox);
      qb.andWhere(inBox.sql, inBox.params);
    }
    return readKeysetPage(qb, 'occ.id', page, withTotal);
  }
}
