import { formatNumber, t } from '../i18n/i18n.js';
import { h, s } from './dom.js';

// A horizontal bar chart drawn by hand in SVG: one bar per group, suppressed
// groups marked instead of drawn, partial ones hatched. Scales with its box.

export interface Bar { label: string; value: number | null; suppressed: boolean; partial: boolean }

const MAX_BARS = 40;

export function barChart(title: string, metricLabel: string, bars: readonly Bar[]): HTMLElement {
  const shown = [...bars].sort((a, b) => (b.value ?? -1) - (a.value ?? -1)).slice(0, MAX_BARS);
  const max = Math.max(0, ...shown.map((b) => b.value ?? 0)) || 1;
  const rowH = 22;
  const labelW = 230;
  const barW = 330;
  const width = labelW + barW + 90;
  const height = shown.length * rowH + 30;
  const titleId = `chart-title-${Math.random().toString(36).slice(2)}`;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-labelledby': titleId, preserveAspectRatio: 'xMinYMin meet' },
    s('title', { id: titleId }, `${title}: ${metricLabel}`),
    s('defs', {}, s('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 6, height: 6, class: 'hatch-bg' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }))),
    ...shown.map((b, i) => {
      const y = 10 + i * rowH;
      const w = b.value === null ? 0 : Math.max(1, (b.value / max) * barW);
      const label = b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label;
      return s('g', {},
        s('text', { x: labelW - 6, y: y + 14, class: 'chart-label', 'text-anchor': 'end' }, label),
        b.suppressed
          ? s('text', { x: labelW + 4, y: y + 14, class: 'chart-suppressed' }, t('results.suppressed'))
          : s('rect', { x: labelW, y: y + 2, width: w.toFixed(1), height: rowH - 6, class: b.partial ? 'bar partial' : 'bar', fill: b.partial ? 'url(#hatch)' : null }),
        b.suppressed ? null : s('text', { x: labelW + w + 4, y: y + 14, class: 'chart-value' }, formatNumber(b.value)));
    }));
  return h('figure', { class: 'chart-figure' }, h('div', { class: 'chart-scroll', tabindex: 0, role: 'group', 'aria-label': `${title}: ${metricLabel}` }, svg),
    h('figcaption', {}, bars.length > MAX_BARS ? t('results.chartTop', { shown: MAX_BARS, total: bars.length }) : `${title}: ${metricLabel}`,
      bars.some((b) => b.partial) ? ` ${t('results.chartPartialLegend')}` : ''));
}
