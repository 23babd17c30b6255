import type { BoundingBox } from '@littoral/contracts';

/** Filter of the regional catalogue (every part optional; parts combine with AND). */
export interface DatasetFilter {
  /** ISO alpha-2 codes of publishing members. */
  countries?: string[];
  /** Theme concept IRIs or their codes (ENVI, MP_WATER, BEACH_LITTER…); any of them matches. */
  themes?: string[];
  /** Words found in the title, description or keywords (case-insensitive). */
  text?: string;
  /** Datasets whose spatial coverage intersects this box. */
  bbox?: BoundingBox;
  /** Datasets whose temporal coverage overlaps [from, to] (ISO dates). */
  from?: string;
  to?: string;
  includeWithdrawn?: boolean;
}

/** One dataset of the regional catalogue with how the hub came to trust it. */
export interface CatalogueDataset {
  identifier: string;
  country: string;
  datasetId: string;
  version: number;
  title: string;
  description: string | null;
  themes: string[];
  keywords: string[];
  bbox: BoundingBox | null;
  temporal: { start: string; end: string } | null;
  entry: Record<string, unknown>;
  jws: string;
  signedBy: { country: string; kid: string };
  issuedAt: Date;
  verifiedAt: Date;
  receivedAt: Date;
  withdrawn: boolean;
  withdrawnAt: Date | null;
}
