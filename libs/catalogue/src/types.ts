import type { BoundingBox, Dataset } from '@littoral/contracts';

/** Figures a node computes from a dataset's rows (never from its declared metadata). */
export interface DatasetStats {
  /** Extent of the data in WGS84 degrees, or null when there are no located rows. */
  bbox: BoundingBox | null;
  /** First and last sampling date (ISO dates `YYYY-MM-DD`), or null when there are no rows. */
  temporal: { start: string; end: string } | null;
  recordCount: number;
  sampleCount: number;
  /** Variables the data measures (codes or short names), e.g. `concentration`, `polymer`. */
  measuredVariables: string[];
  /**
   * Optional: sampled matrices present in the data (contracts `MATRICES` codes). Refines the
   * Littoral theme of a microplastics dataset (`SW_SURF` → `MP_WATER`, …).
   */
  matrices?: readonly string[];
  /**
   * Optional: survey protocols present in a beach-litter dataset (contracts `SURVEY_PROTOCOLS`).
   * Clean-up protocols add the `CLEANUP` theme.
   */
  surveyProtocols?: readonly string[];
}

/** How much of a dataset an audience may see (the policy engine's levels, nothing finer). */
export type AccessLevel = 'METADATA' | 'AGGREGATE' | 'RECORDS';
/** Kind of audience a grant is made to — never the grantees themselves. */
export type AudienceClass = 'NETWORK' | 'COUNTRIES' | 'ORGANISATIONS' | 'ROLES';

/** One cell of the access summary: "some audience of this class has this level". */
export interface AccessSummaryItem {
  level: AccessLevel;
  audience: AudienceClass;
}

/** Everything a node needs to describe one of its datasets in the regional catalogue. */
export interface CatalogueEntryInput {
  dataset: Dataset;
  /** ISO 3166-1 alpha-2 code of the publishing node's country. */
  country: string;
  nodeId: string;
  /** Public base URL of the node (its GraphQL endpoint is `<base>/graphql`), or null when not reachable directly. */
  nodeBaseUrl: string | null;
  stats: DatasetStats;
  access: AccessSummaryItem[];
  /** Monotonic per dataset; a positive integer. */
  version: number;
  issued: Date;
  modified: Date;
}

/** A JSON-LD object (a `dcat:Dataset`) with its `@context` embedded. */
export type CatalogueEntry = Record<string, unknown>;

/** Signed notice that a dataset has been withdrawn from the catalogue. */
export interface Tombstone {
  '@context': unknown;
  '@type': 'Tombstone';
  identifier: string;
  country: string;
  datasetId: string;
  version: number;
  /** ISO 8601 date-time of the withdrawal. */
  withdrawn: string;
}

/** Result of the hub's structural check of a received entry. */
export type EntryCheck =
  | {
      ok: true;
      entry: CatalogueEntry;
      identifier: string;
      country: string;
      datasetId: string;
      version: number;
      /** English title, for listings. */
      title: string;
      /** Theme concept IRIs (EU data themes and Littoral themes). */
      themes: string[];
      /** Spatial coverage read back from the WKT, or null when the entry has none. */
      bbox: BoundingBox | null;
      /** Temporal coverage, or null when the entry has none. */
      temporal: { start: string; end: string } | null;
    }
  | { ok: false; problems: string[] };

export type TombstoneCheck = { ok: true; tombstone: Tombstone } | { ok: false; problems: string[] };

/** One verified entry as the hub stores it. */
export interface VerifiedEntry {
  entry: CatalogueEntry;
  signedBy: { country: string; kid: string };
  verifiedAt: Date;
}

/** The hub's own description of the regional catalogue. */
export interface HubDescription {
  title: string;
  description: string;
  /** Public base URL of the hub; the catalogue's IRI is `<base>/catalog`. */
  baseUrl: string;
  /** Name of the organisation running the hub. */
  publisher: string;
  modified: Date;
}
