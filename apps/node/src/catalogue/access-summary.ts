import type { AccessSummaryItem } from '@littoral/catalogue';

/**
 * The seam between sharing grants and the catalogue: which access levels exist
 * for which audience classes on a dataset. Only that — never who the grantees
 * are or what the constraints say. The catalogue calls it for every entry it
 * builds, so a grant change shows up in the next entry version.
 *
 * Issue 4 (sharing grants) provides the real implementation; it must also make
 * the catalogue refresh the dataset when a grant changes (call
 * `CatalogueService.refresh(datasetId)` after the grant is committed).
 */
export interface AccessSummaryProvider {
  /** Sorted, de-duplicated summary of the grants currently in force on `datasetId` at `now`. */
  summarize(datasetId: string, now: Date): Promise<AccessSummaryItem[]>;
}

/** Injection token of the {@link AccessSummaryProvider}. */
export const ACCESS_SUMMARY_PROVIDER = Symbol('ACCESS_SUMMARY_PROVIDER');

/** No grants exist yet (deny by default): every dataset advertises no access. */
export class NoGrantsAccessSummary implements AccessSummaryProvider {
  async summarize(): Promise<AccessSummaryItem[]> {
    return [];
  }
}
