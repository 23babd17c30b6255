// speciesSummary on the node: present occurrences filtered, embargoed and
// snapped in Postgres — sensitive records (flagged, or IUCN CR/EN/VU) on their
// own, coarser grid — then grouped; each dataset is suppressed under its own
// decision before combining. Richness travels as the distinct taxon keys.
import type { DataSource } from 'typeorm';
import type { Decision } from '@littoral/policy';
import type { IucnCategory } from '@littoral/contracts';
import {
  TAXON_KEY_SQL,
  type GridSizeDeg,
  type IucnCount,
  type SpeciesDimension,
  type SpeciesGroupKey,
  type SpeciesRow,
  type SpeciesSummaryQuery,
} from '@littoral/federation';
import { accessRequestFor } from './access-request.js';
import {
  addNullable, admit, candidateDatasets, checkRowLimit, combine, constraintClasses, keyOf, num, resultOf, suppressionOf,
  type ConstraintClass, type Part, type SummaryInput, type SummaryResult,
} from './summary-core.js';
import { SqlParams, anyOf, bboxSql, effectiveGridSize, embargoSql, gridCellSql, snappedPositionSql, timeRangeSql, where } from './summary-sql.js';

const COLUMN: Readonly<Record<SpeciesDimension, string>> = {
  COUNTRY: 'k_country', GRID: 'k_cell', YEAR: 'k_year', KINGDOM: 'k_kingdom', TAXON_RANK: 'k_taxon_rank', TAXON: 'k_taxon',
};
const KEY_PROPERTY: Readonly<Record<SpeciesDimension, keyof SpeciesGroupKey>> = {
  COUNTRY: 'country', GRID: 'cell', YEAR: 'year', KINGDOM: 'kingdom', TAXON_RANK: 'taxonRank', TAXON: 'taxon',
};

interface Figures {
  occurrences: number;
  individuals: number | null;
  counted: number;
  taxa: Set<string>;
  iucn: Map<string, number>;
}

/** The position SQL of one class: general records on the grant's grid, sensitive ones on their own. */
function positionSql(cls: ConstraintClass, p: SqlParams) {
  const general = cls.spatialPrecisionDeg === null ? { lat: 'o.latitude', lon: 'o.longitude' } : snappedPositionSql('o.latitude', 'o.longitude', cls.spatialPrecisionDeg, p);
  const sensitive = snappedPositionSql('o.latitude', 'o.longitude', cls.sensitiveSpeciesPrecisionDeg, p);
  return {
    lat: `(CASE WHEN o.sensitive THEN ${sensitive.lat} ELSE ${general.lat} END)`,
    lon: `(CASE WHEN o.sensitive THEN ${sensitive.lon} ELSE ${general.lon} END)`,
  };
}

function buildSql(q: SpeciesSummaryQuery, cls: ConstraintClass, now: Date) {
  const p = new SqlParams();
  const f = q.filter;
  const by = q.groupBy.by;
  const ds = p.add(cls.datasetIds, 'text[]');
  const iucn = f.iucnCategories;
  const depth = f.depthM;
  const conditions = [
    `o.dataset_id = ANY(${ds})`,
    `o.occurrence_status = 'present'`,
    embargoSql('coalesce(o.event_end, o.event_start)', cls.embargoDays, now, p),
    ...timeRangeSql('o.event_start', f.timeRange, p),
    ...anyOf('o.kingdom', f.kingdoms, p),
    ...anyOf('btrim(o.scientific_name)', f.scientificNames?.map((n) => n.trim()), p),
    ...anyOf('o.basis_of_record', f.basisOfRecord, p),
    ...(iucn ? [`(o.iucn_category = ANY(${p.add(iucn.filter((c) => c !== null), 'text[]')})${iucn.includes(null) ? ' OR o.iucn_category IS NULL' : ''})`] : []),
    ...(depth?.max !== undefined ? [`coalesce(o.min_depth_m, o.max_depth_m) <= ${p.add(depth.max, 'float8')}`] : []),
    ...(depth?.min !== undefined ? [`coalesce(o.max_depth_m, o.min_depth_m) >= ${p.add(depth.min, 'float8')}`] : []),
  ];
  const pos = positionSql(cls, p);
  const keys: string[] = [];
  if (by.includes('GRID')) {
    // Never finer than granted: each record's cell size is at least its own grid.
    const requested = q.groupBy.gridSizeDeg as GridSizeDeg;
    const general = effectiveGridSize(requested, cls.spatialPrecisionDeg);
    const sensitive = effectiveGridSize(requested, cls.sensitiveSpeciesPrecisionDeg);
    const g = gridCellSql('pl.lat', 'pl.lon', general, p);
    const s = gridCellSql('pl.lat', 'pl.lon', sensitive, p);
    keys.push(`(CASE WHEN pl.lat IS NULL THEN NULL WHEN pl.sensitive THEN ${sensitive === null ? 'NULL' : `${p.add(String(sensitive), 'text')} || '/' || ${s.row} || '/' || ${s.col}`} ELSE ${general === null ? 'NULL' : `${p.add(String(general), 'text')} || '/' || ${g.row} || '/' || ${g.col}`} END) AS k_cell`);
  }
  if (by.includes('YEAR')) keys.push(`extract(year FROM pl.event_start AT TIME ZONE 'UTC')::int AS k_year`);
  if (by.includes('KINGDOM')) keys.push('pl.kingdom AS k_kingdom');
  if (by.includes('TAXON_RANK')) keys.push('pl.taxon_rank AS k_taxon_rank');
  if (by.includes('TAXON')) keys.push('pl.taxon AS k_taxon');
  const groupCols = by.filter((d) => d !== 'COUNTRY').map((d) => COLUMN[d]);
  const gsel = groupCols.map((c) => `, ${c}`).join('');

  const ctes = `
    WITH placed AS (
      SELECT o.dataset_id, o.sensitive, o.event_start, o.kingdom, o.taxon_rank, o.individual_count, o.iucn_category,
             ${TAXON_KEY_SQL} AS taxon, ${pos.lat} AS lat, ${pos.lon} AS lon
        FROM bio_occurrence o
       WHERE ${where(conditions)}
    ), keyed AS (
      SELECT pl.dataset_id, pl.individual_count, pl.iucn_category, pl.taxon${keys.map((k) => `, ${k}`).join('')}
        FROM placed pl WHERE ${f.bbox ? bboxSql('pl.lat', 'pl.lon', f.bbox, p) : 'TRUE'}
    )`;
  const figuresSql = `${ctes}
    SELECT dataset_id${gsel}, count(*) AS f_occurrences, sum(individual_count) AS f_individuals, count(individual_count) AS f_counted,
           array_agg(DISTINCT taxon ORDER BY taxon) AS f_taxa
      FROM keyed GROUP BY dataset_id${gsel}`;
  const iucnSql = `${ctes}
    SELECT dataset_id${gsel}, iucn_category AS c_iucn, count(*) AS c_occurrences FROM keyed GROUP BY dataset_id${gsel}, iucn_category`;
  return { figuresSql, iucnSql, params: p.values };
}

/** Executes speciesSummary on this node's database. */
export class SpeciesSummaryExecutor {
  constructor(private readonly db: DataSource) {}

  async execute(input: SummaryInput<SpeciesSummaryQuery>): Promise<SummaryResult<SpeciesRow>> {
    const { query, now, nodeCountry } = input;
    const candidates = query.filter.countries && !query.filter.countries.includes(nodeCountry) ? [] : await candidateDatasets(this.db, 'biodiversity');
    const admission = await admit(candidates, accessRequestFor(query), input.decisionsFor);
    const decisions = new Map(admission.allowed.map((a) => [a.info.id, a.decision]));
    const by = query.groupBy.by;
    const groupFields = by.map((d) => COLUMN[d]);
    const parts: Part<Figures>[] = [];
    const groupOf = new Map<string, Record<string, unknown>>();
    for (const cls of constraintClasses(admission.allowed)) {
      const sql = buildSql(query, cls, now);
      const [figureRows, iucnRows] = await Promise.all([
        this.db.query(sql.figuresSql, sql.params) as Promise<Record<string, unknown>[]>,
        this.db.query(sql.iucnSql, sql.params) as Promise<Record<string, unknown>[]>,
      ]);
      checkRowLimit(figureRows.length);
      const withCountry = (r: Record<string, unknown>) => ({ ...r, k_country: nodeCountry });
      for (const id of cls.datasetIds) {
        parts.push(...datasetParts(id, decisions.get(id)!, figureRows.filter((r) => r.dataset_id === id).map(withCountry), iucnRows.filter((r) => r.dataset_id === id).map(withCountry), groupFields, groupOf));
      }
    }
    const combined = combine(parts, mergeFigures);
    checkRowLimit(combined.length);
    const rows: SpeciesRow[] = combined.map((c) => {
      const src = groupOf.get(c.key)!;
      const group: Record<string, unknown> = {};
      for (const d of by) {
        const v = src[COLUMN[d]] ?? null;
        if (d === 'GRID') {
          const [size, row, col] = v === null ? [] : String(v).split('/').map(Number);
          group.cell = v === null ? null : { sizeDeg: size as GridSizeDeg, row, col };
        } else group[KEY_PROPERTY[d]] = d === 'YEAR' ? num(v) : v;
      }
      const f = c.figures;
      if (f === null) return { group, suppressed: true, occurrences: null, individuals: null, countedOccurrences: null, taxa: null, iucn: null, datasets: [] } as SpeciesRow;
      const iucn: IucnCount[] = [...f.iucn.entries()].map(([k, n]) => ({ category: (JSON.parse(k) as IucnCategory | null), occurrences: n }))
        .sort((a, b) => String(a.category).localeCompare(String(b.category)));
      return {
        group, suppressed: false, occurrences: f.occurrences, individuals: f.individuals, countedOccurrences: f.counted,
        taxa: [...f.taxa].sort(), iucn, datasets: c.datasets,
      } as SpeciesRow;
    });
    return resultOf(admission, rows, rows.filter((r) => r.suppressed).length, combined.filter((c) => c.figures !== null && c.anySuppressed).length);
  }
}

function datasetParts(
  datasetId: string,
  decision: Decision,
  figureRows: Record<string, unknown>[],
  iucnRows: Record<string, unknown>[],
  groupFields: string[],
  groupOf: Map<string, Record<string, unknown>>,
): Part<Figures>[] {
  const rowSuppressed = suppressionOf(figureRows, decision, groupFields, 'f_occurrences');
  // The IUCN counts of a row add up to its occurrences: one table with the category as a dimension.
  const iucnFields = [...groupFields, 'c_iucn'];
  const iucnSuppressed = suppressionOf(iucnRows, decision, iucnFields, 'c_occurrences');
  const visible = new Map<string, Map<string, number>>();
  for (const r of iucnRows) {
    if (iucnSuppressed.get(keyOf(iucnFields.map((f) => r[f]))) !== false) continue;
    const key = keyOf(groupFields.map((f) => r[f]));
    const m = visible.get(key) ?? new Map<string, number>();
    m.set(JSON.stringify(r.c_iucn ?? null), num(r.c_occurrences)!);
    visible.set(key, m);
  }
  return figureRows.map((r) => {
    const key = keyOf(groupFields.map((f) => r[f]));
    if (!groupOf.has(key)) groupOf.set(key, r);
    const suppressed = rowSuppressed.get(key) !== false;
    return {
      key,
      datasetId,
      suppressed,
      figures: {
        occurrences: num(r.f_occurrences)!,
        individuals: num(r.f_individuals),
        counted: num(r.f_counted)!,
        taxa: new Set(r.f_taxa as string[]),
        iucn: suppressed ? new Map() : (visible.get(key) ?? new Map()),
      },
    };
  });
}

function mergeFigures(a: Figures, b: Figures): Figures {
  const iucn = new Map(a.iucn);
  for (const [k, n] of b.iucn) iucn.set(k, (iucn.get(k) ?? 0) + n);
  return {
    occurrences: a.occurrences + b.occurrences,
    individuals: addNullable(a.individuals, b.individuals),
    counted: a.counted + b.counted,
    taxa: new Set([...a.taxa, ...b.taxa]),
    iucn,
  };
}
