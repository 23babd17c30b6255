import { CENTRES, countryShapes } from '../geo/world.js';
import { formatNumber, t } from '../i18n/i18n.js';
import { h, s } from './dom.js';

// Results on the bundled world outline: grid cells (when grouped by GRID) or
// member countries (when grouped by COUNTRY) shaded by the chosen figure;
// otherwise each node asked, coloured by its manifest status.

export interface MapCell { lat: number; lon: number; size: number; value: number | null; suppressed: boolean; label: string }
export interface MapCountry { country: string; value: number | null; suppressed?: boolean; status?: string }

const REGION: [number, number, number, number] = [88, -14, 150, 50]; // west, south, east, north: ASEAN Plus Three
const CLASSES = 5;

function extent(cells: readonly MapCell[]): [number, number, number, number] {
  let [w, so, e, n] = REGION;
  for (const c of cells) {
    w = Math.min(w, c.lon - c.size / 2);
    e = Math.max(e, c.lon + c.size / 2);
    so = Math.min(so, c.lat - c.size / 2);
    n = Math.max(n, c.lat + c.size / 2);
  }
  const pad = 2;
  return [Math.max(-180, w - pad), Math.max(-90, so - pad), Math.min(180, e + pad), Math.min(90, n + pad)];
}

/** Upper bounds of CLASSES classes holding about as many values each (quantiles): skewed figures still show their spread. */
function breaksOf(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let i = 1; i <= CLASSES; i++) {
    const b = sorted[Math.min(sorted.length - 1, Math.ceil((i * sorted.length) / CLASSES) - 1)];
    if (breaks.length === 0 || b > breaks[breaks.length - 1]) breaks.push(b);
  }
  return breaks;
}

function classOf(value: number | null, breaks: readonly number[]): number {
  if (value === null || breaks.length === 0) return -1;
  const i = breaks.findIndex((b) => value <= b);
  // Spread the classes used over the whole colour ramp.
  const k = i === -1 ? breaks.length - 1 : i;
  return breaks.length === 1 ? CLASSES - 1 : Math.round((k * (CLASSES - 1)) / (breaks.length - 1));
}

export function resultMap(title: string, metricLabel: string, data: { cells?: readonly MapCell[]; countries?: readonly MapCountry[] }): HTMLElement {
  const cells = data.cells ?? [];
  const countries = new Map((data.countries ?? []).map((c) => [c.country, c]));
  const byStatus = (data.countries ?? []).some((c) => c.status);
  const values = [...cells.map((c) => c.value), ...[...countries.values()].map((c) => c.value)].filter((v): v is number => v !== null && !Number.isNaN(v));
  const breaks = breaksOf(values);
  const [w, so, e, n] = extent(cells);
  const titleId = `map-title-${Math.random().toString(36).slice(2)}`;
  const countryClass = (cc: string | null) => {
    const c = cc ? countries.get(cc) : undefined;
    if (!c) return 'land';
    if (c.status) return `land status-${c.status.toLowerCase()}`;
    if (c.suppressed) return 'land suppressed';
    return `land q${classOf(c.value, breaks)}`;
  };
  const svg = s('svg', { viewBox: `${w} ${-n} ${e - w} ${n - so}`, class: 'map', role: 'img', 'aria-labelledby': titleId, preserveAspectRatio: 'xMidYMid meet' },
    s('title', { id: titleId }, `${title}: ${metricLabel}`),
    s('rect', { x: w, y: -n, width: e - w, height: n - so, class: 'sea' }),
    ...countryShapes().map((c) => s('path', { d: c.path, class: countryClass(c.alpha2) }, s('title', {}, c.alpha2 && countries.has(c.alpha2) ? `${c.name}: ${describe(countries.get(c.alpha2)!)}` : c.name))),
    // Members too small for the outline get a dot.
    ...[...countries.values()].filter((c) => c.country === 'SG' && CENTRES.SG).map((c) =>
      s('circle', { cx: CENTRES.SG[0], cy: -CENTRES.SG[1], r: 0.6, class: countryClass(c.country) }, s('title', {}, `Singapore: ${describe(c)}`))),
    ...cells.map((c) => s('rect', {
      x: (c.lon - c.size / 2).toFixed(4), y: (-(c.lat + c.size / 2)).toFixed(4), width: c.size, height: c.size,
      class: c.suppressed ? 'cell suppressed' : `cell q${classOf(c.value, breaks)}`,
    }, s('title', {}, `${c.label}: ${c.suppressed ? t('results.suppressed') : formatNumber(c.value)}`))),
    ...[...countries.keys()].filter((cc) => CENTRES[cc]).map((cc) => s('text', { x: CENTRES[cc][0], y: -CENTRES[cc][1], class: 'map-label', 'text-anchor': 'middle' }, cc)),
  );
  const legend = byStatus
    ? h('ul', { class: 'legend' }, ...['OK', 'PARTIAL', 'DENIED', 'TIMEOUT', 'UNREACHABLE', 'ERROR'].map((st) => h('li', {}, h('span', { class: `swatch status-${st.toLowerCase()}`, 'aria-hidden': 'true' }), t(`manifest.status.${st}` as never))))
    : h('ul', { class: 'legend' }, ...breaks.map((b, i) => h('li', {}, h('span', { class: `swatch q${classOf(b, breaks)}`, 'aria-hidden': 'true' }),
      i === 0 ? `≤ ${formatNumber(b)}` : `${formatNumber(breaks[i - 1])} – ${formatNumber(b)}`)),
      h('li', {}, h('span', { class: 'swatch suppressed', 'aria-hidden': 'true' }), t('results.suppressed')));
  return h('figure', { class: 'map-figure' }, svg, h('figcaption', {}, `${title}: ${metricLabel}. ${t('results.mapSource')}`), legend);
}

function describe(c: MapCountry): string {
  if (c.status) return t(`manifest.status.${c.status}` as never);
  if (c.suppressed) return t('results.suppressed');
  return formatNumber(c.value);
}
