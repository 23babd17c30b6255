// The three federated summaries in one shape for the table, chart, map and
// downloads. Pure: no DOM, tested beside it (summary.spec.ts).

export type Kind = 'microplastic' | 'beachLitter' | 'species';

export interface DatasetUsed { id: string; version: string; licence: string; citation: string }
export interface ManifestNode {
  country: string; status: string; level: string | null; suppressedGroups: number; latencyMs: number | null; nodeQueryMs: number | null;
  freshness: string | null; reason: string | null; datasets: DatasetUsed[];
}
export interface Manifest { complete: boolean; nodes: ManifestNode[] }
export interface Cell { row: number; col: number; sizeDeg: number; centreLatitude: number; centreLongitude: number }
export interface SummaryRow {
  group: Record<string, string | number | Cell | null>;
  suppressed: boolean; partial: boolean; suppressedIn: string[]; sources: { country: string; datasets: string[] }[];
  [metric: string]: unknown;
}
export interface SummaryResult { correlationId: string; complete: boolean; rows: SummaryRow[]; manifest: Manifest }

/** What was asked, kept with the result so that every download says it. */
export interface AskedQuery {
  kind: Kind;
  purpose: string;
  filter: Record<string, unknown>;
  groupBy: { by: string[]; gridSizeDeg?: number };
  askedAt: string;
  hub: string;
}

export const FIELD: Readonly<Record<Kind, string>> = { microplastic: 'microplasticSummary', beachLitter: 'beachLitterSummary', species: 'speciesSummary' };

/** Group-by dimensions of each summary (GraphQL enum value → field of the group). */
export const DIMENSIONS: Readonly<Record<Kind, readonly { value: string; field: string }[]>> = {
  microplastic: [
    { value: 'COUNTRY', field: 'country' }, { value: 'MATRIX', field: 'matrix' }, { value: 'YEAR', field: 'year' }, { value: 'MONTH', field: 'month' },
    { value: 'POLYMER', field: 'polymer' }, { value: 'SHAPE', field: 'shape' }, { value: 'SIZE_CLASS', field: 'sizeClass' }, { value: 'SITE_TYPE', field: 'siteType' },
    { value: 'GRID', field: 'cell' },
  ],
  beachLitter: [
    { value: 'COUNTRY', field: 'country' }, { value: 'YEAR', field: 'year' }, { value: 'MONTH', field: 'month' }, { value: 'SITE', field: 'site' },
    { value: 'TEAM_TYPE', field: 'teamType' }, { value: 'CATEGORY', field: 'category' },
  ],
  species: [
    { value: 'COUNTRY', field: 'country' }, { value: 'KINGDOM', field: 'kingdom' }, { value: 'TAXON', field: 'taxon' }, { value: 'TAXON_RANK', field: 'taxonRank' },
    { value: 'YEAR', field: 'year' }, { value: 'GRID', field: 'cell' },
  ],
};

/** Figures of each summary that a chart or map can show (all additive or per-row). */
export const METRICS: Readonly<Record<Kind, readonly string[]>> = {
  microplastic: ['samples', 'particles'],
  beachLitter: ['items', 'surveys', 'itemsPer100m', 'weightKg', 'volunteers'],
  species: ['occurrences', 'richness', 'individuals'],
};

export function groupFields(kind: Kind, by: readonly string[]): string[] {
  return DIMENSIONS[kind].filter((d) => by.includes(d.value)).map((d) => d.field);
}

export function cellLabel(c: Cell): string {
  return `${c.centreLatitude.toFixed(2)}, ${c.centreLongitude.toFixed(2)} (±${(c.sizeDeg / 2).toFixed(2)}°)`;
}

/** "TH · RW_SURF · 2021" — the row's group, in the order grouped by. */
export function groupLabel(row: SummaryRow, fields: readonly string[], none = '—'): string {
  if (fields.length === 0) return 'all';
  return fields.map((f) => {
    const v = row.group[f];
    if (v === null || v === undefined) return none;
    return typeof v === 'object' ? cellLabel(v) : String(v);
  }).join(' · ');
}

export function metricValue(row: SummaryRow, metric: string): number | null {
  const v = row[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

type Flat = Record<string, string | number | boolean | null>;

/** One flat record per row (microplastics: per row and concentration block), for CSV. */
export function flatten(kind: Kind, result: SummaryResult, fields: readonly string[]): Flat[] {
  const out: Flat[] = [];
  for (const row of result.rows) {
    const base: Flat = {};
    for (const f of fields) {
      const v = row.group[f];
      if (f === 'cell') {
        const c = v as Cell | null;
        base.cell_centre_latitude = c?.centreLatitude ?? null;
        base.cell_centre_longitude = c?.centreLongitude ?? null;
        base.cell_size_deg = c?.sizeDeg ?? null;
      } else base[f] = (v as string | number | null) ?? null;
    }
    base.suppressed = row.suppressed;
    base.partial = row.partial;
    base.suppressed_in = row.suppressedIn.join(' ');
    base.sources = row.sources.map((s) => `${s.country}:${s.datasets.join('+')}`).join(' ');
    for (const m of METRICS[kind]) base[m] = metricValue(row, m);
    if (kind === 'beachLitter') {
      base.items_per_m2 = metricValue(row, 'itemsPerM2');
      base.median_items_per_100m = metricValue(row, 'medianItemsPer100m');
      base.length_m = metricValue(row, 'lengthM');
      base.area_m2 = metricValue(row, 'areaM2');
    }
    if (kind === 'species') base.counted_occurrences = metricValue(row, 'countedOccurrences');
    if (kind === 'microplastic') {
      const blocks = (row.concentrations as { matrix: string; sizeClass: string | null; family: string; unit: string; n: number; mean: number; median: number | null; min: number; max: number }[] | null) ?? [];
      if (blocks.length === 0) out.push({ ...base, conc_matrix: null, conc_size_class: null, conc_family: null, conc_unit: null, conc_n: null, conc_mean: null, conc_median: null, conc_min: null, conc_max: null });
      for (const b of blocks) out.push({ ...base, conc_matrix: b.matrix, conc_size_class: b.sizeClass, conc_family: b.family, conc_unit: b.unit, conc_n: b.n, conc_mean: b.mean, conc_median: b.median, conc_min: b.min, conc_max: b.max });
    } else out.push(base);
  }
  return out;
}

function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  // A text starting with = + - @ would be a formula in a spreadsheet.
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every dataset cited by the manifest: "CC: id (version), licence — citation". */
export function citations(manifest: Manifest): string[] {
  return manifest.nodes.flatMap((n) => n.datasets.map((d) => `${n.country}: ${d.id} (version ${d.version}), licence ${d.licence}. ${d.citation}`));
}

/**
 * CSV with provenance: comment lines (#) first — query, correlation id,
 * completeness, each node's status, and the citations — then the header and
 * one line per row. Spreadsheets and pandas (comment='#') read it.
 */
export function toCsv(kind: Kind, query: AskedQuery, result: SummaryResult): string {
  const fields = groupFields(kind, query.groupBy.by);
  const flat = flatten(kind, result, fields);
  const columns = flat.length > 0 ? Object.keys(flat[0]) : [...fields, 'suppressed', 'partial', 'suppressed_in', 'sources', ...METRICS[kind]];
  const comment = (s: string) => `# ${s.replace(/[\r\n]+/g, ' ')}`;
  const lines = [
    comment(`Littoral ${FIELD[kind]} from ${query.hub}, asked ${query.askedAt}`),
    comment(`purpose: ${query.purpose}`),
    comment(`filter: ${JSON.stringify(query.filter)}; groupBy: ${JSON.stringify(query.groupBy)}`),
    comment(`correlationId: ${result.correlationId}`),
    comment(`complete: ${result.manifest.complete}${result.manifest.complete ? '' : ' (some nodes did not answer in full: figures are not totals)'}`),
    ...result.manifest.nodes.map((n) => comment(`node ${n.country}: ${n.status}${n.level ? ` ${n.level}` : ''}${n.suppressedGroups ? `, ${n.suppressedGroups} groups suppressed` : ''}${n.reason ? ` — ${n.reason}` : ''}`)),
    ...citations(result.manifest).map((c) => comment(`cite: ${c}`)),
    columns.join(','),
    ...flat.map((r) => columns.map((c) => csvCell(r[c] ?? null)).join(',')),
  ];
  return lines.join('\r\n') + '\r\n';
}

/** JSON with the query, the whole result (rows and manifest) and the citations. */
export function toJson(kind: Kind, query: AskedQuery, result: SummaryResult): string {
  return JSON.stringify({
    format: 'littoral-summary-result/1',
    summary: FIELD[kind],
    query,
    correlationId: result.correlationId,
    complete: result.complete,
    manifest: result.manifest,
    citations: citations(result.manifest),
    rows: result.rows,
  }, null, 2) + '\n';
}
