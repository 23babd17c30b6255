import type { BoundingBox, Theme } from '@littoral/contracts';
import type { DatasetStats } from '@littoral/catalogue';
import { DATASET_STATS_SQL, type StatsRow } from './dataset-stats.sql.js';

/**
 * Decimal places the advertised extent is rounded OUTWARD to. The catalogue is
 * for discovery and goes to the whole network: it never gives away an exact
 * point (the extreme site or sighting). Biodiversity gets the 0.1° grid that
 * sensitive species are generalised to (DOMAIN.md §3.5), so a bbox edge never
 * pins a sensitive occurrence more precisely than its records would.
 */
export const BBOX_DECIMALS: Readonly<Record<Theme, number>> = {
  microplastics: 2,
  'beach-litter': 2,
  biodiversity: 1,
};

/** Anything that runs SQL with parameters (DataSource, EntityManager, QueryRunner). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Computes a dataset's stats from its rows with the reviewed query of its theme. */
export async function readDatasetStats(db: Queryable, datasetId: string, theme: Theme): Promise<DatasetStats> {
  const rows = (await db.query(DATASET_STATS_SQL[theme], [datasetId])) as StatsRow[];
  return statsFromRow(theme, rows[0]);
}

/** Maps one stats row to the catalogue's shape (pure). */
export function statsFromRow(theme: Theme, row: StatsRow): DatasetStats {
  const raw = row.west === null || row.south === null || row.east === null || row.north === null ? null : { west: row.west, south: row.south, east: row.east, north: row.north };
  const stats: DatasetStats = {
    bbox: raw && generalizeBbox(raw, BBOX_DECIMALS[theme]),
    temporal: row.start_date && row.end_date ? { start: row.start_date, end: row.end_date } : null,
    recordCount: Number(row.record_count),
    sampleCount: Number(row.sample_count),
    measuredVariables: [...(row.variables ?? [])],
  };
  if (row.matrices) stats.matrices = [...row.matrices];
  if (row.protocols) stats.surveyProtocols = [...row.protocols];
  return stats;
}

/**
 * Widens a box to the enclosing grid of `decimals` places (west/south down,
 * east/north up), clamped to the valid range. Rounding the extremes outward is
 * the same as snapping every point to its cell first.
 */
export function generalizeBbox(b: BoundingBox, decimals: number): BoundingBox {
  const f = 10 ** decimals;
  // The epsilon keeps 13.54 (1353.9999…×) on its own grid line instead of one cell further out.
  const down = (x: number) => Number((Math.floor(x * f + 1e-7) / f).toFixed(decimals));
  const up = (x: number) => Number((Math.ceil(x * f - 1e-7) / f).toFixed(decimals));
  const clamp = (x: number, limit: number) => Math.min(limit, Math.max(-limit, x));
  return { west: clamp(down(b.west), 180), south: clamp(down(b.south), 90), east: clamp(up(b.east), 180), north: clamp(up(b.north), 90) };
}
