import { HUB_DOCUMENTS } from '../api/documents.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { DIMENSIONS, FIELD, type AskedQuery, type Kind, type SummaryResult } from '../results/summary.js';
import { MATRICES, POLYMERS, SHAPES, SITE_TYPES, SIZE_CLASSES, TEAM_TYPES } from '../results/vocabulary.js';
import { announce, field, fill, h, input, listValue, select, selectedValues } from '../ui/dom.js';
import { errorBox } from '../ui/feedback.js';
import type { ViewContext } from './context.js';
import { resultSection } from './query-results.js';
import { bboxFields, loadMembers } from './shared-fields.js';

const KINDS: readonly Kind[] = ['microplastic', 'beachLitter', 'species'];
const DOCUMENT: Readonly<Record<Kind, string>> = {
  microplastic: HUB_DOCUMENTS.microplasticSummary,
  beachLitter: HUB_DOCUMENTS.beachLitterSummary,
  species: HUB_DOCUMENTS.speciesSummary,
};
const DEFAULT_GROUPS: Readonly<Record<Kind, string[]>> = { microplastic: ['COUNTRY', 'MATRIX'], beachLitter: ['COUNTRY', 'YEAR'], species: ['COUNTRY', 'KINGDOM'] };

const codes = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** The query builder: one of the three summaries, its filters, grouping and purpose; the answer below it. */
export async function queryView(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const members = await loadMembers(ctx).catch(() => []);
  const initialKind = (KINDS as readonly string[]).includes(ctx.params.get('kind') ?? '') ? (ctx.params.get('kind') as Kind) : 'microplastic';
  const initialCountries = (ctx.params.get('countries') ?? '').split(',').filter(Boolean);

  const kindRadios = KINDS.map((k) => input({ type: 'radio', name: 'kind', value: k, checked: k === initialKind }));
  const purpose = input({ name: 'purpose', 'aria-required': 'true', maxlength: 500, autocomplete: 'off' });
  const countries = select(members.map((m) => ({ value: m.country, label: `${m.country} — ${m.displayName}` })), { multiple: true, size: Math.min(6, Math.max(2, members.length)), name: 'countries' }, initialCountries);
  const from = input({ type: 'date', name: 'from' });
  const to = input({ type: 'date', name: 'to' });
  const bbox = bboxFields();
  const specific = h('div', { class: 'grid' });
  const groups = h('fieldset', { class: 'groups' });
  const gridSize = input({ type: 'number', name: 'gridSizeDeg', min: 0.01, max: 10, step: 'any', value: '1', inputmode: 'decimal' });
  const result = h('section', { class: 'results', 'aria-labelledby': 'result-h' });
  let extra: Record<string, HTMLSelectElement | HTMLInputElement> = {};

  const kind = (): Kind => (kindRadios.find((r) => r.checked)?.value as Kind) ?? 'microplastic';

  const drawKind = () => {
    const k = kind();
    if (k === 'microplastic') {
      extra = {
        matrices: select(MATRICES.map((m) => ({ value: m, label: `${m} — ${t(`matrix.${m}` as MessageKey)}` })), { multiple: true, size: 4, name: 'matrices' }),
        polymers: select(codes(POLYMERS), { multiple: true, size: 4, name: 'polymers' }),
        shapes: select(codes(SHAPES), { multiple: true, size: 4, name: 'shapes' }),
        siteTypes: select(codes(SITE_TYPES), { multiple: true, size: 4, name: 'siteTypes' }),
        sizeClasses: select(codes(SIZE_CLASSES), { multiple: true, size: 4, name: 'sizeClasses' }),
      };
    } else if (k === 'beachLitter') {
      extra = {
        teamTypes: select(codes(TEAM_TYPES), { multiple: true, size: 4, name: 'teamTypes' }),
        categories: input({ name: 'categories' }),
        monitoringOnly: input({ type: 'checkbox', name: 'monitoringOnly' }),
      };
    } else {
      extra = { kingdoms: input({ name: 'kingdoms' }), scientificNames: input({ name: 'scientificNames' }) };
    }
    fill(specific, ...Object.entries(extra).map(([name, el]) => field(t(`filter.${name}` as MessageKey), el,
      el instanceof HTMLSelectElement ? t('common.multiHint') : el.type === 'checkbox' ? undefined : t('common.listHint'))));
    const boxes = DIMENSIONS[k].map((d) => input({ type: 'checkbox', name: 'groupBy', value: d.value, checked: DEFAULT_GROUPS[k].includes(d.value) }));
    fill(groups, h('legend', {}, t('query.groupBy')),
      h('div', { class: 'checks' }, ...boxes.map((b, i) => field(t(`dimension.${DIMENSIONS[k][i].field}` as MessageKey), b))),
      field(t('query.gridSize'), gridSize, t('query.gridSizeHint')));
  };
  kindRadios.forEach((r) => r.addEventListener('change', drawKind));
  drawKind();

  const build = (): AskedQuery => {
    const k = kind();
    const filter: Record<string, unknown> = {};
    if (selectedValues(countries).length) filter.countries = selectedValues(countries);
    if (from.value || to.value) filter.timeRange = { ...(from.value ? { from: from.value } : {}), ...(to.value ? { to: to.value } : {}) };
    const b = bbox.value();
    if (b) filter.bbox = b;
    for (const [name, el] of Object.entries(extra)) {
      if (el instanceof HTMLSelectElement) {
        if (selectedValues(el).length) filter[name] = selectedValues(el);
      } else if (el.type === 'checkbox') {
        if (el.checked) filter[name] = true;
      } else if (listValue(el).length) filter[name] = name === 'scientificNames' ? el.value.split(',').map((x) => x.trim()).filter(Boolean) : listValue(el);
    }
    const by = [...groups.querySelectorAll<HTMLInputElement>('input[name=groupBy]:checked')].map((c) => c.value);
    const groupBy: AskedQuery['groupBy'] = { by };
    if (by.includes('GRID')) groupBy.gridSizeDeg = Number(gridSize.value);
    return { kind: k, purpose: purpose.value.trim(), filter, groupBy, askedAt: new Date().toISOString(), hub: location.origin };
  };

  const run = async (ev: Event) => {
    ev.preventDefault();
    let q: AskedQuery;
    try {
      q = build();
    } catch (err) {
      fill(result, errorBox(err));
      return;
    }
    if (!q.purpose) {
      fill(result, h('div', { class: 'error', role: 'alert' }, h('p', {}, t('query.purposeRequired'))));
      purpose.focus();
      return;
    }
    result.setAttribute('aria-busy', 'true');
    fill(result, h('h2', { id: 'result-h' }, t('query.result')), h('p', { class: 'busy' }, t('query.running')));
    try {
      const data = await ctx.api.request<Record<string, SummaryResult>>(DOCUMENT[q.kind], { purpose: q.purpose, filter: q.filter, groupBy: q.groupBy });
      const answer = data[FIELD[q.kind]];
      fill(result, h('h2', { id: 'result-h' }, t('query.result')), resultSection(q.kind, q, answer));
      announce(answer.manifest.complete ? t('manifest.complete') : t('manifest.incomplete'));
    } catch (err) {
      fill(result, h('h2', { id: 'result-h' }, t('query.result')), errorBox(err));
    } finally {
      result.removeAttribute('aria-busy');
    }
  };

  const form = h('form', { class: 'query', 'aria-label': t('query.form'), onsubmit: run as EventListener },
    h('fieldset', { class: 'kinds' }, h('legend', {}, t('query.summary')),
      h('div', { class: 'checks' }, ...kindRadios.map((r, i) => field(t(`kind.${KINDS[i]}` as MessageKey), r)))),
    field(t('query.purpose'), purpose, t('query.purposeHint')),
    h('div', { class: 'grid' }, field(t('common.countries'), countries, t('query.countriesHint')), field(t('common.from'), from), field(t('common.to'), to)),
    specific,
    groups,
    bbox.fieldset,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('query.run'))));
  fill(main, h('h1', { tabindex: -1 }, t('nav.query')), h('p', { class: 'lead' }, t('query.lead')), form, result);
}
