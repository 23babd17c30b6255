import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccessSummaryItem } from '@littoral/catalogue';
import type { AccessSummaryProvider } from '../catalogue/access-summary.js';
import { summarizeAccess } from './grant-rules.js';
import { readDatasetVersions } from './grant-store.js';

/**
 * The catalogue's view of a dataset's grants: which levels the grants in force
 * give to which audience classes — never grantees, constraints or purposes.
 * Bound to ACCESS_SUMMARY_PROVIDER in CatalogueModule.
 */
@Injectable()
export class GrantsAccessSummary implements AccessSummaryProvider {
  constructor(private readonly db: DataSource) {}

  async summarize(datasetId: string, now: Date): Promise<AccessSummaryItem[]> {
    const versions = await readDatasetVersions(this.db, datasetId);
    return summarizeAccess(versions.map((v) => v.grant), now);
  }
}
