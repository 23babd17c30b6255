import { formatDateTime, formatNumber, hasMessage, t, tn, type MessageKey } from '../i18n/i18n.js';
import { barChart } from '../ui/chart.js';
import { download } from '../ui/download.js';
import { button, field, fill, h, select, table } from '../ui/dom.js';
import { resultMap, type MapCell, type MapCountry } from '../ui/map.js';
import {
  cellLabel, groupFields, groupLabel, metricValue, METRICS, toCsv, toJson,
  type AskedQuery, type Cell, type Kind, type ManifestNode, type SummaryResult, type SummaryRow,
} from '../results/summary.js';

// One federated answer: the completeness manifest first and always, then the
// rows as a table, a chart and a map, and the downloads with provenance.

const ADDITIVE = new Set(['samples', 'particles', 'items', 'surveys', 'weightKg', 'volunteers', 'occurrences', 'individuals']);

function statusText(status: string): string {
  const key = `manifest.status.${status}`;
  return hasMessage(key) ? t(key) : status;
}

function statusHelp(status: string): string {
  const key = `manifest.help.${status}`;
  return hasMessage(key) ? t(key) : '';
}

export function manifestSection(result: SummaryResult): HTMLElement {
  const m = result.manifest;
  return h('section', { class: 'manifest', 'aria-labelledby': 'manifest-h', 'data-testid': 'manifest' },
    h('h2', { id: 'manifest-h' }, t('manifest.title')),
    h('p', { class: m.complete ? 'notice ok' : 'notice warn', role: 'status' }, m.complete ? t('manifest.complete') : t('manifest.incomplete')),
    m.nodes.length === 0 ? h('p', {}, t('manifest.noNodes')) : table<ManifestNode>(t('manifest.caption', { id: result.correlationId }), [
      { label: t('common.country'), cell: (n) => n.country },
      { label: t('manifest.status'), cell: (n) => [h('span', { class: `status status-${n.status.toLowerCase()}` }, statusText(n.status)), h('br'), h('small', {}, statusHelp(n.status))] },
      { label: t('manifest.level'), cell: (n) => n.level ?? '—' },
      { label: t('manifest.suppressedGroups'), cell: (n) => String(n.suppressedGroups), numeric: true },
      { label: t('manifest.latency'), cell: (n) => (n.latencyMs === null ? '—' : `${n.latencyMs} ms`), numeric: true },
      { label: t('manifest.freshness'), cell: (n) => formatDateTime(n.freshness) },
      { label: t('manifest.datasets'), cell: (n) => n.datasets.length === 0 ? '—' : h('ul', { class: 'plain' }, ...n.datasets.map((d) => h('li', {}, h('code', {}, d.id), ` (${d.version}), ${d.licence}`, h('br'), h('small', {}, d.citation)))) },
      { label: t('manifest.reason'), cell: (n) => n.reason ?? '—' },
    ], m.nodes, (n) => ({ 'data-country': n.country, 'data-status': n.status })));
}

function metricLabel(metric: string): string {
  const key = `metric.${metric}` as MessageKey;
  return hasMessage(key) ? t(key) : metric;
}

function rowState(r: SummaryRow): string {
  if (r.suppressed) return t('results.suppressed');
  if (r.partial) return t('results.partial', { countries: r.suppressedIn.join(', ') });
  return '';
}

function concentrations(r: SummaryRow): Node | string {
  const blocks = (r.concentrations as { matrix: string; sizeClass: string | null; family: string; unit: string; n: number; mean: number; median: number | null }[] | null) ?? [];
  if (blocks.length === 0) return '—';
  return h('ul', { class: 'plain' }, ...blocks.map((b) => h('li', {}, `${b.matrix}${b.sizeClass ? ` ${b.sizeClass}` : ''}: ${t('results.meanMedian', { mean: formatNumber(b.mean), median: formatNumber(b.median), unit: b.unit, n: b.n })}`)));
}

function mapData(result: SummaryResult, fields: readonly string[], metric: string): { cells?: MapCell[]; countries?: MapCountry[] } {
  const additive = ADDITIVE.has(metric);
  if (fields.includes('cell') && (additive || fields.length === 1)) {
    const byCell = new Map<string, MapCell>();
    for (const r of result.rows) {
      const c = r.group.cell as Cell | null;
      if (!c) continue;
      const key = `${c.row}/${c.col}/${c.sizeDeg}`;
      const prev = byCell.get(key);
      const v = metricValue(r, metric);
      if (prev) prev.value = prev.value === null || v === null ? prev.value ?? v : prev.value + v;
      else byCell.set(key, { lat: c.centreLatitude, lon: c.centreLongitude, size: c.sizeDeg, value: v, suppressed: r.suppressed, label: cellLabel(c) });
    }
    return { cells: [...byCell.values()] };
  }
  if (fields.includes('country') && (additive || fields.length === 1)) {
    const byCountry = new Map<string, MapCountry>();
    for (const r of result.rows) {
      const cc = r.group.country as string | null;
      if (!cc) continue;
      const prev = byCountry.get(cc);
      const v = metricValue(r, metric);
      if (prev) prev.value = prev.value === null || v === null ? prev.value ?? v : prev.value + v;
      else byCountry.set(cc, { country: cc, value: v, suppressed: r.suppressed });
    }
    return { countries: [...byCountry.values()] };
  }
  return { countries: result.manifest.nodes.map((n) => ({ country: n.country, value: null, status: n.status })) };
}

export function resultSection(kind: Kind, query: AskedQuery, result: SummaryResult): HTMLElement {
  const fields = groupFields(kind, query.groupBy.by);
  const metrics = METRICS[kind];
  const metricSelect = select(metrics.map((m) => ({ value: m, label: metricLabel(m) })), { name: 'metric' });
  const visuals = h('div', { class: 'visuals' });
  const drawVisuals = () => {
    const metric = metricSelect.value;
    const title = t(`kind.${kind}` as MessageKey);
    const bars = result.rows.map((r) => ({ label: groupLabel(r, fields, t('results.notRecorded')), value: metricValue(r, metric), suppressed: r.suppressed, partial: r.partial }));
    const mapInfo = mapData(result, fields, metric);
    fill(visuals, 
      h('section', { 'aria-labelledby': 'chart-h', class: 'panel' }, h('h3', { id: 'chart-h' }, t('results.chart')), barChart(title, metricLabel(metric), bars)),
      h('section', { 'aria-labelledby': 'map-h', class: 'panel' }, h('h3', { id: 'map-h' }, t('results.map')),
        mapInfo.countries?.some((c) => c.status) ? h('p', { class: 'hint' }, t('results.mapStatus')) : null,
        resultMap(title, mapInfo.countries?.some((c) => c.status) ? t('manifest.status') : metricLabel(metric), mapInfo)),
    );
  };
  metricSelect.addEventListener('change', drawVisuals);
  drawVisuals();

  const columns = [
    ...fields.map((f) => ({ label: t(`dimension.${f}` as MessageKey), cell: (r: SummaryRow) => {
      const v = r.group[f];
      return v === null || v === undefined ? t('results.notRecorded') : typeof v === 'object' ? cellLabel(v as Cell) : String(v);
    } })),
    { label: t('results.state'), cell: (r: SummaryRow) => rowState(r) },
    ...metrics.map((m) => ({ label: metricLabel(m), cell: (r: SummaryRow) => formatNumber(metricValue(r, m)), numeric: true })),
    ...(kind === 'microplastic' ? [{ label: t('results.concentrations'), cell: (r: SummaryRow) => concentrations(r) }] : []),
    { label: t('results.sources'), cell: (r: SummaryRow) => r.sources.map((s) => `${s.country}: ${s.datasets.join(', ')}`).join('; ') },
  ];
  const base = `littoral-${kind}-${result.correlationId}`;
  return h('div', { class: 'result' },
    manifestSection(result),
    h('section', { class: 'downloads', 'aria-labelledby': 'dl-h' }, h('h2', { id: 'dl-h' }, t('results.download')),
      h('p', { class: 'hint' }, t('results.downloadHint')),
      h('div', { class: 'actions' },
        button(t('results.downloadCsv'), () => download(`${base}.csv`, 'text/csv;charset=utf-8', toCsv(kind, query, result))),
        button(t('results.downloadJson'), () => download(`${base}.json`, 'application/json', toJson(kind, query, result))))),
    h('section', { 'aria-labelledby': 'rows-h' }, h('h2', { id: 'rows-h' }, tn('results.rows', result.rows.length)),
      result.rows.length === 0 ? h('p', {}, t('results.noRows')) : table<SummaryRow>(t('results.tableCaption', { summary: t(`kind.${kind}` as MessageKey) }), columns, result.rows,
        (r) => ({ class: r.suppressed ? 'suppressed' : r.partial ? 'partial' : null }))),
    h('section', { 'aria-labelledby': 'vis-h' }, h('h2', { id: 'vis-h' }, t('results.visuals')), field(t('results.metric'), metricSelect), visuals),
  );
}
