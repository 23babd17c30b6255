// beachLitterSummary on the node: surveys and item counts filtered, embargoed,
// snapped (bbox on the beach's snapped start position) and aggregated in
// Postgres, with the per-survey items/100 m sketch built in SQL; then each
// dataset is suppressed under its own decision before combining.
import type { DataSource } from 'typeorm';
import type { Decision } from '@littoral/policy';
import {
  SKETCH_ALPHA,
  mergeSketches,
  sketchIndexSql,
  type BeachLitterDimension,
  type BeachLitterGroupKey,
  type BeachLitterRow,
  type BeachLitterSummaryQuery,
  type CategoryCount,
  type SketchJson,
} from '@littoral/federation';
import { accessRequestFor } from './access-request.js';
import {
  addNullable, admit, candidateDatasets, checkRowLimit, combine, constraintClasses, keyOf, num, resultOf, suppressionOf,
  type ConstraintClass, type Part, type SummaryInput, type SummaryResult,
} from './summary-core.js';
import { SqlParams, anyOf, bboxSql, embargoSql, snappedPositionSql, timeRangeSql, where } from './summary-sql.js';

const COLUMN: Readonly<Record<BeachLitterDimension, string>> = {
  COUNTRY: 'k_country',
  SITE: 'k_site',
  CATEGORY: 'k_category',
  YEAR: 'k_year',
  MONTH: 'k_month',
  TEAM_TYPE: 'k_team_type',
};
const KEY_PROPERTY: Readonly<Record<BeachLitterDimension, keyof BeachLitterGroupKey>> = {
  COUNTRY: 'country', SITE: 'site', CATEGORY: 'category', YEAR: 'year', MONTH: 'month', TEAM_TYPE: 'teamType',
};

interface Figures {
  surveys: number;
  items: number;
  weightKg: number | null;
  weighedSurveys: number;
  volunteers: number | null;
  lengthM: number | null;
  lengthItems: number | null;
  areaM2: number | null;
  areaItems: number | null;
  sketch: SketchJson | null;
  categories: Map<string, CategoryCount>;
}

function buildSql(q: BeachLitterSummaryQuery, cls: ConstraintClass, now: Date, nodeCountry: string) {
  const p = new SqlParams();
  const f = q.filter;
  const by = q.groupBy.by;
  const ds = p.add(cls.datasetIds, 'text[]');
  // A survey date is a bare date: it covers its whole (UTC) day, as the policy reads bare dates.
  const latest = `greatest((sv.survey_date + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 millisecond', sv.ended_at)`;
  const snapped = cls.spatialPrecisionDeg === null ? { lat: 'ba.start_latitude', lon: 'ba.start_longitude' } : snappedPositionSql('ba.start_latitude', 'ba.start_longitude', cls.spatialPrecisionDeg, p);
  const conditions = [
    `sv.dataset_id = ANY(${ds})`,
    embargoSql(latest, cls.embargoDays, now, p),
    ...anyOf('t.team_type', f.teamTypes, p),
    ...anyOf('sv.protocol', f.protocols, p),
    ...(f.monitoringOnly ? ['sv.is_monitoring'] : []),
    ...timeRangeSql(`(sv.survey_date::timestamp AT TIME ZONE 'UTC')`, f.timeRange, p),
    ...(f.bbox ? [bboxSql(snapped.lat, snapped.lon, f.bbox, p)] : []),
  ];
  // Parameters are only added for columns the statement uses (Postgres must type every one).
  const site = () => `${p.add(nodeCountry, 'text')} || '/' || sv.dataset_id || '/' || ba.source_key`;
  const surveyKeys: Record<string, string> = {
    SITE: 'SITE',
    YEAR: `extract(year FROM sv.survey_date)::int`,
    MONTH: `extract(month FROM sv.survey_date)::int`,
    TEAM_TYPE: 't.team_type',
  };
  const surveyDims = by.filter((d) => surveyKeys[d] !== undefined);
  const surveyCols = surveyDims.map((d) => COLUMN[d]);
  const byCategory = by.includes('CATEGORY');
  const itemFilter = where([
    ...(f.categories ? [`(ic.code_system || ':' || ic.code) = ANY(${p.add(f.categories, 'text[]')})`] : []),
    ...anyOf('ic.size_class', f.litterSizeClasses, p),
  ]);
  const itemFiltered = f.categories !== undefined || f.litterSizeClasses !== undefined;
  const groupCols = [...surveyCols, ...(byCategory ? ['k_category'] : [])];
  const gsel = groupCols.map((c) => `, ${c}`).join('');

  const ctes = `
    WITH surveys AS (
      SELECT sv.id AS survey_id, sv.dataset_id, sv.is_monitoring, sv.surveyed_length_m, sv.surveyed_area_m2, sv.volunteers, sv.total_weight_kg
             ${surveyDims.map((d) => `, ${d === 'SITE' ? site() : surveyKeys[d]} AS ${COLUMN[d]}`).join('')}
        FROM bl_survey sv JOIN bl_beach_area ba ON ba.id = sv.beach_area_id LEFT JOIN bl_team t ON t.id = sv.team_id
       WHERE ${where(conditions)}
    ), items AS (
      SELECT ic.survey_id, ic.code_system || ':' || ic.code AS category, sum(ic.count)::bigint AS items,
             sum(ic.weight_kg::numeric) AS weight, count(ic.weight_kg) AS weighed
        FROM bl_item_count ic JOIN surveys s ON s.survey_id = ic.survey_id
       WHERE ${itemFilter}
       GROUP BY 1, 2
    ), units AS (
      ${byCategory
        ? `SELECT s.*, i.category AS k_category, i.items FROM surveys s JOIN items i ON i.survey_id = s.survey_id`
        : `SELECT s.*, coalesce(i.items, 0) AS items FROM surveys s ${itemFiltered ? 'JOIN' : 'LEFT JOIN'}
             (SELECT survey_id, sum(items)::bigint AS items FROM items GROUP BY 1) i ON i.survey_id = s.survey_id`}
    ), per100m AS (
      SELECT *, ${sketchIndexSql('(items::float8 / surveyed_length_m * 100)')} AS idx
        FROM units WHERE is_monitoring AND surveyed_length_m IS NOT NULL
    )`;
  const figuresSql = `${ctes}, bins AS (
      SELECT dataset_id${gsel}, idx, count(*) AS n FROM per100m GROUP BY dataset_id${gsel}, idx
    ), sketches AS (
      SELECT dataset_id${gsel}, coalesce(sum(n) FILTER (WHERE idx IS NULL), 0) AS zeros,
             coalesce(jsonb_agg(jsonb_build_array(idx, n) ORDER BY idx) FILTER (WHERE idx IS NOT NULL), '[]'::jsonb) AS bins
        FROM bins GROUP BY dataset_id${gsel}
    ), figures AS (
      SELECT dataset_id${gsel}, count(*) AS f_surveys, sum(items) AS f_items,
             sum(total_weight_kg::numeric)::float8 AS f_weight, count(total_weight_kg) AS f_weighed, sum(volunteers) AS f_volunteers,
             sum(surveyed_length_m::numeric) FILTER (WHERE is_monitoring AND surveyed_length_m IS NOT NULL)::float8 AS f_length,
             sum(items) FILTER (WHERE is_monitoring AND surveyed_length_m IS NOT NULL) AS f_length_items,
             sum(surveyed_area_m2::numeric) FILTER (WHERE is_monitoring AND surveyed_area_m2 IS NOT NULL)::float8 AS f_area,
             sum(items) FILTER (WHERE is_monitoring AND surveyed_area_m2 IS NOT NULL) AS f_area_items
        FROM units GROUP BY dataset_id${gsel}
    )
    SELECT f.*, sk.zeros, sk.bins FROM figures f LEFT JOIN sketches sk ON sk.dataset_id = f.dataset_id${groupCols.map((c) => ` AND sk.${c} IS NOT DISTINCT FROM f.${c}`).join('')}`;
  // Categories of each group, with the number of surveys recording them (for their own suppression).
  const categoriesSql = `${ctes}
    SELECT u.dataset_id${groupCols.map((c) => `, u.${c}`).join('')}, i.category AS c_category, count(DISTINCT u.survey_id) AS c_surveys,
           sum(i.items) AS c_items, sum(i.weight)::float8 AS c_weight, sum(i.weighed) AS c_weighed
      FROM units u JOIN items i ON i.survey_id = u.survey_id${byCategory ? ' AND i.category = u.k_category' : ''}
     GROUP BY u.dataset_id${groupCols.map((c) => `, u.${c}`).join('')}, i.category`;
  return { figuresSql, categoriesSql, params: p.values };
}

/** Executes beachLitterSummary on this node's database. */
export class BeachLitterSummaryExecutor {
  constructor(private readonly db: DataSource) {}

  async execute(input: SummaryInput<BeachLitterSummaryQuery>): Promise<SummaryResult<BeachLitterRow>> {
    const { query, now, nodeCountry } = input;
    const candidates = query.filter.countries && !query.filter.countries.includes(nodeCountry) ? [] : await candidateDatasets(this.db, 'beach-litter');
    const admission = await admit(candidates, accessRequestFor(query), input.decisionsFor);
    const decisions = new Map(admission.allowed.map((a) => [a.info.id, a.decision]));
    const by = query.groupBy.by;
    const groupFields = by.map((d) => COLUMN[d]);
    const parts: Part<Figures>[] = [];
    const groupOf = new Map<string, Record<string, unknown>>();

    for (const cls of constraintClasses(admission.allowed)) {
      const sql = buildSql(query, cls, now, nodeCountry);
      const [figureRows, categoryRows] = await Promise.all([
        this.db.query(sql.figuresSql, sql.params) as Promise<Record<string, unknown>[]>,
        this.db.query(sql.categoriesSql, sql.params) as Promise<Record<string, unknown>[]>,
      ]);
      checkRowLimit(figureRows.length);
      const withCountry = (r: Record<string, unknown>) => ({ ...r, k_country: nodeCountry });
      for (const id of cls.datasetIds) {
        parts.push(...datasetParts(id, decisions.get(id)!, figureRows.filter((r) => r.dataset_id === id).map(withCountry), categoryRows.filter((r) => r.dataset_id === id).map(withCountry), groupFields, groupOf));
      }
    }
    const combined = combine(parts, mergeFigures);
    checkRowLimit(combined.length);
    const rows: BeachLitterRow[] = combined.map((c) => {
      const src = groupOf.get(c.key)!;
      const group: Record<string, unknown> = {};
      for (const d of by) group[KEY_PROPERTY[d]] = d === 'YEAR' || d === 'MONTH' ? num(src[COLUMN[d]]) : (src[COLUMN[d]] ?? null);
      const f = c.figures;
      if (f === null) {
        return {
          group, suppressed: true, surveys: null, items: null, weightKg: null, weighedSurveys: null, volunteers: null, lengthM: null, lengthItems: null,
          areaM2: null, areaItems: null, per100mSketch: null, categories: null, datasets: [],
        } as BeachLitterRow;
      }
      return {
        group, suppressed: false, surveys: f.surveys, items: f.items, weightKg: f.weightKg, weighedSurveys: f.weighedSurveys, volunteers: f.volunteers,
        lengthM: f.lengthM, lengthItems: f.lengthItems, areaM2: f.areaM2, areaItems: f.areaItems, per100mSketch: f.sketch,
        categories: [...f.categories.values()].sort((a, b) => (a.category < b.category ? -1 : 1)), datasets: c.datasets,
      } as BeachLitterRow;
    });
    return resultOf(admission, rows, rows.filter((r) => r.suppressed).length, combined.filter((c) => c.figures !== null && c.anySuppressed).length);
  }
}

/** One dataset's groups: rows suppressed by their number of surveys, each category by the surveys recording it. */
function datasetParts(
  datasetId: string,
  decision: Decision,
  figureRows: Record<string, unknown>[],
  categoryRows: Record<string, unknown>[],
  groupFields: string[],
  groupOf: Map<string, Record<string, unknown>>,
): Part<Figures>[] {
  const rowSuppressed = suppressionOf(figureRows, decision, groupFields, 'f_surveys');
  // The categories of a row add up to its items, so they form one table with the category as an
  // extra dimension: complementary suppression then also covers the line "categories of this row".
  const categoryFields = [...groupFields, 'c_category'];
  const suppressed = suppressionOf(categoryRows, decision, categoryFields, 'c_surveys');
  const visible = new Map<string, Map<string, CategoryCount>>();
  for (const c of categoryRows) {
    if (suppressed.get(keyOf(categoryFields.map((f) => c[f]))) !== false) continue;
    const key = keyOf(groupFields.map((f) => c[f]));
    const category = String(c.c_category);
    const m = visible.get(key) ?? new Map<string, CategoryCount>();
    m.set(category, { category, items: num(c.c_items)!, weightKg: num(c.c_weighed) ? num(c.c_weight) : null });
    visible.set(key, m);
  }
  return figureRows.map((r) => {
    const key = keyOf(groupFields.map((f) => r[f]));
    if (!groupOf.has(key)) groupOf.set(key, r);
    const suppressed = rowSuppressed.get(key) !== false;
    const bins = (r.bins as [number, number | string][] | null) ?? [];
    const zeros = num(r.zeros) ?? 0;
    return {
      key,
      datasetId,
      suppressed,
      figures: {
        surveys: num(r.f_surveys)!,
        items: num(r.f_items) ?? 0,
        weightKg: num(r.f_weight),
        weighedSurveys: num(r.f_weighed) ?? 0,
        volunteers: num(r.f_volunteers),
        lengthM: num(r.f_length),
        lengthItems: num(r.f_length_items),
        areaM2: num(r.f_area),
        areaItems: num(r.f_area_items),
        sketch: bins.length === 0 && zeros === 0 ? null : { alpha: SKETCH_ALPHA, zeros, bins: bins.map(([i, n]) => [i, Number(n)] as [number, number]) },
        categories: suppressed ? new Map() : (visible.get(key) ?? new Map()),
      },
    };
  });
}

function mergeFigures(a: Figures, b: Figures): Figures {
  const categories = new Map(a.categories);
  for (const [k, x] of b.categories) {
    const y = categories.get(k);
    categories.set(k, y === undefined ? x : { category: k, items: x.items + y.items, weightKg: addNullable(x.weightKg, y.weightKg) });
  }
  return {
    surveys: a.surveys + b.surveys,
    items: a.items + b.items,
    weightKg: addNullable(a.weightKg, b.weightKg),
    weighedSurveys: a.weighedSurveys + b.weighedSurveys,
    volunteers: addNullable(a.volunteers, b.volunteers),
    lengthM: addNullable(a.lengthM, b.lengthM),
    lengthItems: addNullable(a.lengthItems, b.lengthItems),
    areaM2: addNullable(a.areaM2, b.areaM2),
    areaItems: addNullable(a.areaItems, b.areaItems),
    sketch: a.sketch === null ? b.sketch : b.sketch === null ? a.sketch : mergeSketches(a.sketch, b.sketch),
    categories,
  };
}
