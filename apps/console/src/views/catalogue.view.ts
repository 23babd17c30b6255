import { HUB_DOCUMENTS } from '../api/documents.js';
import { formatDateTime, t, tn } from '../i18n/i18n.js';
import { catalogueCitation, entryFacts, summaryKindFor, themeCode } from '../results/catalogue-entry.js';
import { announce, button, field, fill, h, input, listValue, select, selectedValues } from '../ui/dom.js';
import { errorBox } from '../ui/feedback.js';
import type { ViewContext } from './context.js';
import { bboxFields, loadMembers } from './shared-fields.js';

interface CatalogueDataset {
  id: string; country: string; datasetId: string; version: number; title: string; description: string | null; themes: string[]; keywords: string[];
  spatial: { west: number; south: number; east: number; north: number } | null; temporal: { start: string; end: string } | null;
  signedBy: { country: string; kid: string; issuedAt: string }; verifiedAt: string; withdrawn: boolean; jsonLd: string;
}
interface Page { datasets: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: { node: CatalogueDataset }[] } }

const THEMES = ['MICROPLASTICS', 'BEACH_LITTER', 'BIODIVERSITY'];

/** The regional catalogue: search and filter, each dataset with its signer, key, licence and citation. */
export async function catalogueView(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const members = await loadMembers(ctx).catch(() => []);
  const text = input({ type: 'search', name: 'text' });
  const countries = select(members.map((m) => ({ value: m.country, label: `${m.country} — ${m.displayName}` })), { multiple: true, size: Math.min(6, Math.max(2, members.length)), name: 'countries' });
  const themes = select(THEMES.map((v) => ({ value: v, label: t(`theme.${v}` as never) })), { multiple: true, size: 3, name: 'themes' });
  const from = input({ type: 'date', name: 'from' });
  const to = input({ type: 'date', name: 'to' });
  const bbox = bboxFields();
  const withdrawn = input({ type: 'checkbox', name: 'withdrawn' });
  const results = h('section', { class: 'results', 'aria-labelledby': 'cat-results-h' });
  let after: string | null = null;
  let shown: CatalogueDataset[] = [];

  const filter = () => {
    const f: Record<string, unknown> = {};
    const words = listValue(text);
    if (words.length) f.text = text.value.trim();
    if (selectedValues(countries).length) f.countries = selectedValues(countries);
    if (selectedValues(themes).length) f.themes = selectedValues(themes);
    if (from.value) f.from = from.value;
    if (to.value) f.to = to.value;
    const b = bbox.value();
    if (b) f.bbox = b;
    if (withdrawn.checked) f.includeWithdrawn = true;
    return f;
  };

  const search = async (more: boolean) => {
    if (!more) {
      after = null;
      shown = [];
    }
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await ctx.api.request<Page>(HUB_DOCUMENTS.datasets, { filter: filter(), after });
      shown = [...shown, ...page.datasets.edges.map((e) => e.node)];
      after = page.datasets.pageInfo.endCursor;
      draw(page.datasets.totalCount, page.datasets.pageInfo.hasNextPage);
      announce(tn('catalogue.found', page.datasets.totalCount));
    } catch (err) {
      fill(results, errorBox(err));
    } finally {
      results.removeAttribute('aria-busy');
    }
  };

  const draw = (total: number, hasNext: boolean) => {
    fill(results, 
      h('h2', { id: 'cat-results-h' }, tn('catalogue.found', total)),
      shown.length === 0 ? h('p', {}, t('catalogue.none')) : h('ul', { class: 'cards' }, ...shown.map((d) => h('li', {}, datasetCard(ctx, d)))),
      hasNext ? button(t('common.more'), () => void search(true)) : null,
    );
  };

  const form = h('form', { class: 'filters', 'aria-label': t('catalogue.filters'), onsubmit: ((ev: Event) => { ev.preventDefault(); void search(false); }) as EventListener },
    h('div', { class: 'grid' },
      field(t('catalogue.text'), text, t('catalogue.textHint')),
      field(t('common.countries'), countries, t('common.multiHint')),
      field(t('catalogue.themes'), themes, t('common.multiHint')),
      field(t('common.from'), from),
      field(t('common.to'), to)),
    bbox.fieldset,
    field(t('catalogue.includeWithdrawn'), withdrawn),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('catalogue.search'))));
  fill(main, h('h1', { tabindex: -1 }, t('nav.catalogue')), h('p', { class: 'lead' }, t('catalogue.lead')), form, results);
  await search(false);
}

function datasetCard(ctx: ViewContext, d: CatalogueDataset): HTMLElement {
  const facts = entryFacts(d.jsonLd);
  const kind = summaryKindFor(d.themes);
  const row = (label: string, ...value: (Node | string)[]) => [h('dt', {}, label), h('dd', {}, ...value)];
  return h('article', { class: 'card dataset', 'aria-labelledby': `ds-${d.id}` },
    h('h3', { id: `ds-${d.id}` }, d.title, d.withdrawn ? h('span', { class: 'badge warn' }, t('catalogue.withdrawn')) : null),
    d.description ? h('p', {}, d.description) : null,
    h('dl', { class: 'facts' },
      ...row(t('common.country'), d.country),
      ...row(t('catalogue.identifier'), h('code', {}, d.id)),
      ...row(t('catalogue.themes'), d.themes.map(themeCode).join(', ')),
      ...row(t('catalogue.period'), d.temporal ? `${d.temporal.start} – ${d.temporal.end}` : '—'),
      ...row(t('catalogue.area'), d.spatial ? `${d.spatial.west}, ${d.spatial.south} → ${d.spatial.east}, ${d.spatial.north}` : '—'),
      ...row(t('catalogue.licence'), facts.licence ?? '—'),
      ...row(t('catalogue.signer'), t('catalogue.signedBy', { country: d.signedBy.country, at: formatDateTime(d.signedBy.issuedAt) })),
      ...row(t('catalogue.keyId'), h('code', { class: 'kid' }, d.signedBy.kid)),
      ...row(t('catalogue.verifiedAt'), formatDateTime(d.verifiedAt)),
      ...row(t('catalogue.version'), String(d.version)),
      ...row(t('catalogue.citation'), catalogueCitation(d, facts))),
    kind ? button(t('catalogue.ask', { title: d.title }), () => ctx.navigate('query', { kind, countries: d.country }), { class: 'link-button' }) : null);
}
