import { NODE_DOCUMENTS } from '../api/documents.js';
import { formatDateTime, t, tn } from '../i18n/i18n.js';
import { fill, h, table } from '../ui/dom.js';
import { withBusy } from '../ui/feedback.js';
import type { ViewContext } from './context.js';

export interface NodeDataset { id: string; title: string; theme: string; license: string; publisher: string | null; description: string | null; keywords: string[]; modifiedAt: string }

/** This node's datasets (every staff role). Administrators go from here to a dataset's grants. */
export async function nodeDatasetsView(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const body = h('div');
  fill(main, h('h1', { tabindex: -1 }, t('nav.datasets')), h('p', { class: 'lead' }, t('datasets.lead', { country: ctx.settings.country ?? '' })), body);
  const isAdmin = ctx.session.claims.roles.includes('admin');
  await withBusy(body, async () => {
    const { datasets } = await ctx.api.request<{ datasets: NodeDataset[] }>(NODE_DOCUMENTS.datasets);
    fill(body, datasets.length === 0 ? h('p', {}, t('datasets.none')) : table<NodeDataset>(tn('datasets.caption', datasets.length), [
      { label: t('datasets.id'), cell: (d) => h('code', {}, d.id) },
      { label: t('datasets.title'), cell: (d) => d.title },
      { label: t('datasets.theme'), cell: (d) => d.theme },
      { label: t('catalogue.licence'), cell: (d) => d.license },
      { label: t('datasets.publisher'), cell: (d) => d.publisher ?? '—' },
      { label: t('datasets.modified'), cell: (d) => formatDateTime(d.modifiedAt) },
      ...(isAdmin ? [{ label: t('nav.grants'), cell: (d: NodeDataset) => h('a', { href: `#/grants?dataset=${encodeURIComponent(d.id)}` }, t('datasets.grantsOf', { id: d.id })) }] : []),
    ], datasets));
  });
}
