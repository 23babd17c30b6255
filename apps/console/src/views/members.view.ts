import { HUB_DOCUMENTS } from '../api/documents.js';
import { formatDateTime, t, tn } from '../i18n/i18n.js';
import { button, fill, h, table } from '../ui/dom.js';
import { withBusy } from '../ui/feedback.js';
import type { ViewContext } from './context.js';

interface MemberKey { kid: string; state: string; source: string; validFrom: string | null; validUntil: string | null; revokedAt: string | null; compromisedAt: string | null; addedAt: string; announcedBy: string | null }
interface NetworkNode { country: string; displayName: string; nodeId: string; status: string; createdAt: string; revokedAt: string | null; lastSeenAt: string | null; entryCount: number; keys: MemberKey[] }

/** Member and key status at the hub: who is in the network, which keys the hub trusts, when each node was last heard from. */
export async function membersView(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const body = h('div');
  fill(main, h('h1', { tabindex: -1 }, t('nav.members')), h('p', { class: 'lead' }, t('members.lead')),
    button(t('common.refresh'), () => void load()), body);
  const load = () => withBusy(body, async () => {
    const { nodes } = await ctx.api.request<{ nodes: NetworkNode[] }>(HUB_DOCUMENTS.nodes);
    fill(body, 
      table<NetworkNode>(tn('members.caption', nodes.length), [
        { label: t('common.country'), cell: (n) => n.country },
        { label: t('members.name'), cell: (n) => n.displayName },
        { label: t('members.nodeId'), cell: (n) => h('code', {}, n.nodeId) },
        { label: t('members.status'), cell: (n) => h('span', { class: `status status-${n.status.toLowerCase()}` }, t(`members.status.${n.status}` as never)) },
        { label: t('members.lastSeen'), cell: (n) => (n.lastSeenAt ? formatDateTime(n.lastSeenAt) : t('members.never')) },
        { label: t('members.entries'), cell: (n) => String(n.entryCount), numeric: true },
        { label: t('members.keys'), cell: (n) => h('ul', { class: 'plain' }, ...n.keys.map((k) => h('li', {},
          h('code', { class: 'kid' }, k.kid), ' ', h('span', { class: `status key-${k.state.toLowerCase()}` }, t(`key.state.${k.state}` as never)),
          h('br'), h('small', {}, t(`key.source.${k.source}` as never), k.validUntil ? ` · ${t('members.validUntil', { at: formatDateTime(k.validUntil) })}` : '',
            k.revokedAt ? ` · ${t('members.revokedAt', { at: formatDateTime(k.revokedAt) })}` : '', k.compromisedAt ? ` · ${t('members.compromisedAt', { at: formatDateTime(k.compromisedAt) })}` : '')))) },
      ], nodes, (n) => ({ 'data-country': n.country })),
      h('p', {}, h('a', { href: '#/security?kind=MESSAGE_REJECTED' }, t('members.rejectedLink'))));
  });
  await load();
}
