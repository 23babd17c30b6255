import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LittoralError } from '@littoral/contracts';
import { ImportRunEntity } from '../../database/entities/index.js';
import { type Page, type PageRequest } from '@littoral/graphql';

/**
 * Import history, newest first: ORDER BY started_at DESC, id DESC. The cursor
 * is still just the last run's id; the next page continues below that run's
 * (started_at, id), read in SQL so no timestamp precision is lost in JS.
 */
@Injectable()
export class ImportsReader {
  constructor(private readonly db: DataSource) {}

  async imports(datasetId: string | undefined, page: PageRequest, withTotal: boolean): Promise<Page<ImportRunEntity>> {
    const repo = this.db.getRepository(ImportRunEntity);
    const qb = repo.createQueryBuilder('run');
    if (datasetId !== undefined) qb.andWhere('run.datasetId = :datasetId', { datasetId });
    const countQb = qb.clone();
    if (page.afterKey !== null) {
      if (!(await repo.existsBy({ id: page.afterKey }))) {
        throw new LittoralError('INPUT_INVALID', 'after is not a cursor of this list: the import run it points to no longer exists', { argument: 'after' });
      }
      qb.andWhere('(run.startedAt, run.id) < (SELECT anchor.started_at, anchor.id FROM import_run anchor WHERE anchor.id = :afterKey)', { afterKey: page.afterKey });
    }
    const [rows, totalCount] = await Promise.all([
      qb.orderBy('run.startedAt', 'DESC').addOrderBy('run.id', 'DESC').limit(page.limit + 1).getMany(),
      withTotal ? countQb.getCount() : undefined,
    ]);
    return { rows: rows.slice(0, page.limit), hasNextPage: rows.length > page.limit, totalCount };
  }
}
