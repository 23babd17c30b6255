// microplasticSummary on the node: filters, embargo, snapping, bbox and GRID
// cells, grouping and the concentration sketches all run in Postgres; the
// node's policy then suppresses each dataset's groups before the datasets'
// visible figures are combined (summary-core.ts, docs/node-summaries.md).
import type { DataSource } from 'typeorm';
import { CANONICAL_UNITS } from '@littoral/units';
import type { Decision } from '@littoral/policy';
import {
  SKETCH_ALPHA,
  mergeSketches,
  sketchIndexSql,
  type ConcentrationBlock,
  type GridSizeDeg,
  type MicroplasticDimension,
  type MicroplasticGroupKey,
  type MicroplasticRow,
  type MicroplasticSummaryQuery,
  type SketchJson,
} from '@littoral/federation';
import type { Matrix, SizeClass } from '@littoral/contracts';
import type { UnitFamily } from '@littoral/units';
import { accessRequestFor } from './access-request.js';
import {
  addNullable, admit, candidateDatasets, checkRowLimit, combine, constraintClasses, keyOf, num, resultOf, suppressionOf,
  type ConstraintClass, type Part, type SummaryInput, type SummaryResult,
} from './summary-core.js';
import { SqlParams, anyOf, bboxSql, effectiveGridSize, embargoSql, gridCellSql, snappedPositionSql, timeRangeSql, where } from './summary-sql.js';

/** Internal group column of each dimension (whitelist: only these names reach SQL). */
const COLUMN: Readonly<Record<MicroplasticDimension, string>> = {
  COUNTRY: 'k_country',
  YEAR: 'k_year',
  MONTH: 'k_month',
  SITE_TYPE: 'k_site_type',
  MATRIX: 'k_matrix',
  POLYMER: 'k_polymer',
  SIZE_CLASS: 'k_size_class',
  SHAPE: 'k_shape',
  GRID: 'k_cell',
};
/** Dimensions that live on particle counts, with their mp_particle_count column. */
const PARTICLE_DIMENSION: Partial<Record<MicroplasticDimension, string>> = { POLYMER: 'polymer', SIZE_CLASS: 'size_class', SHAPE: 'shape' };
/** Bits of a particle-count breakdown: which attributes its rows carry. */
const BREAKDOWN_BITS: readonly [string, number][] = [['size_class', 1], ['polymer', 2], ['shape', 4], ['colour', 8], ['category_verbatim', 16]];

interface Block {
  matrix: Matrix;
  sizeClass: SizeClass | null;
  family: UnitFamily;
  n: number;
  sum: number;
  min: number;
  max: number;
  sketch: SketchJson;
}
interface Figures {
  samples: number;
  particles: number | null;
  blocks: Map<string, Block>;
}

/** The query's shape, decided once. */
interface Plan {
  readonly by: readonly MicroplasticDimension[];
  /** Sample-level dimensions computed in SQL (COUNTRY is the node's own). */
  readonly sampleDims: MicroplasticDimension[];
  readonly particleDims: MicroplasticDimension[];
  /** Particle attributes the chosen breakdown should carry (grouped or filtered on). */
  readonly coverage: string[];
  /** Samples count only through matching particle counts / concentration results. */
  readonly particleMode: boolean;
  /** Concentration blocks are meaningful (no polymer or shape grouping or filter). */
  readonly concentrations: boolean;
}

function planOf(q: MicroplasticSummaryQuery): Plan {
  const by = q.groupBy.by;
  const f = q.filter;
  const particleDims = by.filter((d) => PARTICLE_DIMENSION[d] !== undefined);
  const coverage = [...new Set([
    ...particleDims.map((d) => PARTICLE_DIMENSION[d] as string),
    ...(f.sizeClasses ? ['size_class'] : []),
    ...(f.polymers ? ['polymer'] : []),
    ...(f.shapes ? ['shape'] : []),
  ])];
  return {
    by,
    sampleDims: by.filter((d) => PARTICLE_DIMENSION[d] === undefined && d !== 'COUNTRY'),
    particleDims,
    coverage,
    particleMode: coverage.length > 0,
    concentrations: !by.includes('POLYMER') && !by.includes('SHAPE') && !f.polymers && !f.shapes,
  };
}

/** The SQL of one constraint class: the figures statement and the concentration-block statement. */
function buildSql(q: MicroplasticSummaryQuery, plan: Plan, cls: ConstraintClass, now: Date, grid: GridSizeDeg | null) {
  const p = new SqlParams();
  const f = q.filter;
  const ds = p.add(cls.datasetIds, 'text[]');

  const conditions = [
    `s.dataset_id = ANY(${ds})`,
    embargoSql('coalesce(s.sampled_until, s.sampled_at)', cls.embargoDays, now, p),
    ...anyOf('st.site_type', f.siteTypes, p),
    ...anyOf('s.matrix', f.matrices, p),
    ...anyOf('s.device', f.devices, p),
    ...(f.meshSizeMm?.min !== undefined ? [`s.mesh_size_mm >= ${p.add(f.meshSizeMm.min, 'float8')}`] : []),
    ...(f.meshSizeMm?.max !== undefined ? [`s.mesh_size_mm <= ${p.add(f.meshSizeMm.max, 'float8')}`] : []),
    ...timeRangeSql('s.sampled_at', f.timeRange, p),
  ];
  // Snap first (the grant's grid), then filter by bbox and compute cells on the snapped position.
  const snapped = cls.spatialPrecisionDeg === null ? { lat: 'r.lat0', lon: 'r.lon0' } : snappedPositionSql('r.lat0', 'r.lon0', cls.spatialPrecisionDeg, p);
  const cell = gridCellSql('pl.lat', 'pl.lon', grid, p);
  const sampleKey: Record<string, string> = {
    YEAR: `extract(year FROM pl.sampled_at AT TIME ZONE 'UTC')::int`,
    MONTH: `extract(month FROM pl.sampled_at AT TIME ZONE 'UTC')::int`,
    SITE_TYPE: 'pl.site_type',
    MATRIX: 'pl.matrix',
  };
  const keyedCols = plan.sampleDims.flatMap((d) => (d === 'GRID' ? [`${cell.row} AS k_row`, `${cell.col} AS k_col`] : [`${sampleKey[d]} AS ${COLUMN[d]}`]));
  const sampleCols = plan.sampleDims.flatMap((d) => (d === 'GRID' ? ['k_row', 'k_col'] : [COLUMN[d]]));
  // Every column of `keyed`: later steps carry them along instead of joining `keyed` again. A CTE
  // has no index and no statistics, so a join between two of them on sample_id can be planned as a
  // nested loop that rescans one for every row of the other (quadratic, or worse: a whole subtree
  // re-run per sample when the planner expects a single row, as after a selective filter).
  const keyedNames = ['sample_id', 'dataset_id', 's_matrix', ...sampleCols];

  // Of each sample's particle counts, one breakdown (a partition of its particles): the one that
  // carries the most of the attributes grouped or filtered on, then the coarsest (fewest attributes).
  const covered = plan.coverage.length ? plan.coverage.map((c) => `(pc.${c} IS NOT NULL)::int`).join(' + ') : '0';
  const attrs = BREAKDOWN_BITS.map(([c]) => `(pc.${c} IS NOT NULL)::int`).join(' + ');
  const mask = BREAKDOWN_BITS.map(([c, bit]) => `(CASE WHEN pc.${c} IS NOT NULL THEN ${bit} ELSE 0 END)`).join(' + ');
  const particleFilter = where([
    ...anyOf('c.size_class', f.sizeClasses, p),
    ...anyOf('c.polymer', f.polymers, p),
    ...anyOf('c.shape', f.shapes, p),
  ]);
  const particleCols = plan.particleDims.map((d) => `c.${PARTICLE_DIMENSION[d]} AS ${COLUMN[d]}`);
  const concFamilies = p.add(Object.keys(CANONICAL_UNITS), 'text[]');
  const concUnits = p.add(Object.values(CANONICAL_UNITS), 'text[]');
  const concSizeFilter = where(anyOf('c.size_class', f.sizeClasses, p));

  const ctes = `
    WITH raw AS (
      SELECT s.id AS sample_id, s.dataset_id, s.matrix, st.site_type, s.sampled_at,
             coalesce(s.latitude, st.latitude) AS lat0, coalesce(s.longitude, st.longitude) AS lon0
        FROM mp_sample s JOIN mp_site st ON st.id = s.site_id
       WHERE ${where(conditions)}
    ), placed AS (
      SELECT r.sample_id, r.dataset_id, r.matrix, r.site_type, r.sampled_at, ${snapped.lat} AS lat, ${snapped.lon} AS lon FROM raw r
    ), keyed AS (
      SELECT pl.sample_id, pl.dataset_id, pl.matrix AS s_matrix${keyedCols.map((c) => `, ${c}`).join('')}
        FROM placed pl
       WHERE ${f.bbox ? bboxSql('pl.lat', 'pl.lon', f.bbox, p) : 'TRUE'}
    ), ranked AS (
      SELECT k.*, pc.size_class, pc.polymer, pc.shape, pc.count,
             dense_rank() OVER (PARTITION BY pc.sample_id ORDER BY ${covered} DESC, ${attrs}, ${mask}) AS pick
        FROM mp_particle_count pc JOIN keyed k ON k.sample_id = pc.sample_id
    ), parts AS (
      SELECT ${keyedNames.map((c) => `c.${c}`).join(', ')}${particleCols.map((c) => `, ${c}`).join('')}, c.count
        FROM ranked c
       WHERE c.pick = 1 AND ${particleFilter}
    ), conc AS (
      SELECT DISTINCT ON (c.sample_id, c.size_class, c.unit_family) k.*, c.size_class AS b_size_class, c.unit_family AS b_family, c.value
        FROM mp_concentration c JOIN keyed k ON k.sample_id = c.sample_id
        JOIN unnest(${concFamilies}, ${concUnits}) AS canon(family, unit) ON canon.family = c.unit_family AND canon.unit = c.unit
       WHERE c.correction = 'NONE' AND c.value IS NOT NULL AND ${concSizeFilter}
       ORDER BY c.sample_id, c.size_class, c.unit_family, c.size_min_mm ASC NULLS FIRST, c.size_max_mm DESC NULLS FIRST, c.id
    )`;

  const groupCols = [...sampleCols, ...plan.particleDims.map((d) => COLUMN[d])];
  const gsel = groupCols.map((c) => `, ${c}`).join('');
  // Concentration results join a group through their own size class when grouping by it.
  const concParticleCols = plan.particleDims.map((d) => (d === 'SIZE_CLASS' ? 'b_size_class AS k_size_class' : `NULL::text AS ${COLUMN[d]}`));
  const figuresSql = plan.particleMode
    ? `${ctes}, members AS (
        SELECT dataset_id, sample_id${sampleCols.map((c) => `, ${c}`).join('')}${plan.particleDims.map((d) => `, ${COLUMN[d]}`).join('')}, count::bigint AS particles FROM parts
        ${plan.concentrations ? `UNION ALL SELECT dataset_id, sample_id${sampleCols.map((c) => `, ${c}`).join('')}${concParticleCols.map((c) => `, ${c}`).join('')}, NULL::bigint FROM conc` : ''}
      )
      SELECT dataset_id${gsel}, count(DISTINCT sample_id) AS f_samples, sum(particles) AS f_particles
        FROM members GROUP BY dataset_id${gsel}`
    : `${ctes}, members AS (
        SELECT dataset_id, sample_id${sampleCols.map((c) => `, ${c}`).join('')}, NULL::bigint AS particles FROM keyed
        UNION ALL SELECT dataset_id, sample_id${sampleCols.map((c) => `, ${c}`).join('')}, count::bigint FROM parts
      )
      SELECT dataset_id${sampleCols.map((c) => `, ${c}`).join('')}, count(DISTINCT sample_id) AS f_samples, sum(particles) AS f_particles
        FROM members GROUP BY dataset_id${sampleCols.map((c) => `, ${c}`).join('')}`;

  const concGroup = [...sampleCols, ...(plan.particleDims.includes('SIZE_CLASS') ? ['k_size_class'] : [])];
  const concGsel = concGroup.map((c) => `, ${c}`).join('');
  const concKeyCols = [...sampleCols.map((c) => `, ${c}`), ...(plan.particleDims.includes('SIZE_CLASS') ? [', b_size_class AS k_size_class'] : [])].join('');
  const blocksSql = plan.concentrations
    ? `${ctes}, binned AS (
        SELECT dataset_id${concKeyCols}, s_matrix AS b_matrix, b_size_class, b_family, ${sketchIndexSql('value')} AS idx,
               count(*) AS n, sum(value::numeric) AS s, min(value) AS lo, max(value) AS hi
          FROM conc GROUP BY dataset_id${sampleCols.map((c) => `, ${c}`).join('')}, s_matrix, b_size_class, b_family, idx
      )
      SELECT dataset_id${concGsel}, b_matrix, b_size_class, b_family,
             sum(n) AS f_n, sum(s)::float8 AS f_sum, min(lo) AS f_min, max(hi) AS f_max,
             coalesce(sum(n) FILTER (WHERE idx IS NULL), 0) AS zeros,
             coalesce(jsonb_agg(jsonb_build_array(idx, n) ORDER BY idx) FILTER (WHERE idx IS NOT NULL), '[]'::jsonb) AS bins
        FROM binned GROUP BY dataset_id${concGsel}, b_matrix, b_size_class, b_family`
    : undefined;
  return { figuresSql, blocksSql, params: p.values };
}

/** Executes microplasticSummary on this node's database. */
export class MicroplasticSummaryExecutor {
  constructor(private readonly db: DataSource) {}

  async execute(input: SummaryInput<MicroplasticSummaryQuery>): Promise<SummaryResult<MicroplasticRow>> {
    const { query, now, nodeCountry } = input;
    const request = accessRequestFor(query);
    // The countries filter selects nodes: a node outside it has nothing to say.
    const candidates = query.filter.countries && !query.filter.countries.includes(nodeCountry) ? [] : await candidateDatasets(this.db, 'microplastics');
    const admission = await admit(candidates, request, input.decisionsFor);
    const plan = planOf(query);
    const decisions = new Map(admission.allowed.map((a) => [a.info.id, a.decision]));
    const groupFields = plan.by.map((d) => COLUMN[d]);

    const parts: Part<Figures>[] = [];
    const groupOf = new Map<string, Record<string, unknown>>();
    for (const cls of constraintClasses(admission.allowed)) {
      const grid = query.groupBy.gridSizeDeg === undefined ? null : effectiveGridSize(query.groupBy.gridSizeDeg, cls.spatialPrecisionDeg);
      const sql = buildSql(query, plan, cls, now, grid);
      const [figureRows, blockRows] = await Promise.all([
        this.db.query(sql.figuresSql, sql.params) as Promise<Record<string, unknown>[]>,
        sql.blocksSql ? (this.db.query(sql.blocksSql, sql.params) as Promise<Record<string, unknown>[]>) : Promise.resolve([]),
      ]);
      checkRowLimit(figureRows.length);
      const normalise = (r: Record<string, unknown>) => {
        const out: Record<string, unknown> = { ...r, k_country: nodeCountry };
        if (plan.sampleDims.includes('GRID')) out.k_cell = grid === null || r.k_row === null ? null : `${grid}/${r.k_row}/${r.k_col}`;
        return out;
      };
      for (const id of cls.datasetIds) {
        parts.push(...this.datasetParts(id, decisions.get(id)!, figureRows.filter((r) => r.dataset_id === id).map(normalise), blockRows.filter((r) => r.dataset_id === id).map(normalise), groupFields, groupOf));
      }
    }

    const combined = combine(parts, mergeFigures);
    checkRowLimit(combined.length);
    const rows: MicroplasticRow[] = combined.map((c) => {
      const group = toGroupKey(plan.by, groupOf.get(c.key)!);
      if (c.figures === null) return { group, suppressed: true, samples: null, particles: null, concentrations: null, datasets: [] };
      return {
        group,
        suppressed: false,
        samples: c.figures.samples,
        particles: c.figures.particles,
        concentrations: plan.concentrations ? [...c.figures.blocks.values()].sort(byBlock).map(toBlock) : [],
        datasets: c.datasets,
      };
    });
    return resultOf(admission, rows, rows.filter((r) => r.suppressed).length, combined.filter((c) => c.figures !== null && c.anySuppressed).length);
  }

  /** One dataset's groups, suppressed under its own decision (rows, then each concentration block). */
  private datasetParts(
    datasetId: string,
    decision: Decision,
    figureRows: Record<string, unknown>[],
    blockRows: Record<string, unknown>[],
    groupFields: string[],
    groupOf: Map<string, Record<string, unknown>>,
  ): Part<Figures>[] {
    const rowSuppressed = suppressionOf(figureRows, decision, groupFields, 'f_samples');
    // Each block (matrix, size class, family) is its own table: a block of fewer than k results is
    // suppressed, with complementary suppression along the query's group dimensions.
    const blocksByKind = new Map<string, Record<string, unknown>[]>();
    for (const b of blockRows) {
      const kind = keyOf([b.b_matrix, b.b_size_class, b.b_family]);
      blocksByKind.set(kind, [...(blocksByKind.get(kind) ?? []), b]);
    }
    const visibleBlocks = new Map<string, Map<string, Block>>();
    for (const [kind, table] of blocksByKind) {
      const suppressed = suppressionOf(table, decision, groupFields, 'f_n');
      for (const b of table) {
        const key = keyOf(groupFields.map((f) => b[f]));
        if (suppressed.get(key) !== false) continue;
        const blocks = visibleBlocks.get(key) ?? new Map<string, Block>();
        blocks.set(kind, {
          matrix: b.b_matrix as Matrix,
          sizeClass: (b.b_size_class as SizeClass | null) ?? null,
          family: b.b_family as UnitFamily,
          n: num(b.f_n)!,
          sum: num(b.f_sum)!,
          min: num(b.f_min)!,
          max: num(b.f_max)!,
          sketch: { alpha: SKETCH_ALPHA, zeros: num(b.zeros)!, bins: (b.bins as [number, number | string][]).map(([i, n]) => [i, Number(n)]) },
        });
        visibleBlocks.set(key, blocks);
      }
    }
    return figureRows.map((r) => {
      const key = keyOf(groupFields.map((f) => r[f]));
      if (!groupOf.has(key)) groupOf.set(key, r);
      const suppressed = rowSuppressed.get(key) !== false;
      return {
        key,
        datasetId,
        suppressed,
        figures: { samples: num(r.f_samples)!, particles: num(r.f_particles), blocks: suppressed ? new Map() : (visibleBlocks.get(key) ?? new Map()) },
      };
    });
  }
}

function mergeFigures(a: Figures, b: Figures): Figures {
  const blocks = new Map(a.blocks);
  for (const [kind, x] of b.blocks) {
    const y = blocks.get(kind);
    blocks.set(kind, y === undefined ? x : {
      ...x,
      n: x.n + y.n,
      sum: x.sum + y.sum,
      min: Math.min(x.min, y.min),
      max: Math.max(x.max, y.max),
      sketch: mergeSketches(y.sketch, x.sketch),
    });
  }
  return { samples: a.samples + b.samples, particles: addNullable(a.particles, b.particles), blocks };
}

const byBlock = (a: Block, b: Block): number => keyOf([a.matrix, a.sizeClass, a.family]).localeCompare(keyOf([b.matrix, b.sizeClass, b.family]));

function toBlock(b: Block): ConcentrationBlock {
  return { matrix: b.matrix, sizeClass: b.sizeClass, family: b.family, unit: CANONICAL_UNITS[b.family], n: b.n, sum: b.sum, min: b.min, max: b.max, sketch: b.sketch };
}

/** The contract's group key: exactly the grouped dimensions. */
function toGroupKey(by: readonly MicroplasticDimension[], r: Record<string, unknown>): MicroplasticGroupKey {
  const key: Record<string, unknown> = {};
  for (const d of by) {
    const v = r[COLUMN[d]] ?? null;
    switch (d) {
      case 'COUNTRY': key.country = v; break;
      case 'YEAR': key.year = num(v); break;
      case 'MONTH': key.month = num(v); break;
      case 'SITE_TYPE': key.siteType = v; break;
      case 'MATRIX': key.matrix = v; break;
      case 'POLYMER': key.polymer = v; break;
      case 'SIZE_CLASS': key.sizeClass = v; break;
      case 'SHAPE': key.shape = v; break;
      case 'GRID': {
        if (v === null) key.cell = null;
        else {
          const [size, row, col] = String(v).split('/').map(Number);
          key.cell = { sizeDeg: size as GridSizeDeg, row, col };
        }
        break;
      }
    }
  }
  return key as MicroplasticGroupKey;
}
