import { HUB_DOCUMENTS } from '../api/documents.js';
import { formatDateTime, hasMessage, t } from '../i18n/i18n.js';
import { button, field, fill, h, input, select, table } from '../ui/dom.js';
import { errorBox } from '../ui/feedback.js';
import type { ViewContext } from './context.js';

interface SecurityEvent { id: string; at: string; kind: string; country: string | null; subject: string | null; reasonCode: string | null; detail: string; kid: string | null; msgSeq: string | null; actor: string | null }
interface Page { securityEvents: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: { node: SecurityEvent }[] } }

const KINDS = ['MESSAGE_REJECTED', 'KEY_ANNOUNCED', 'MEMBER_ADDED', 'MEMBER_REVOKED', 'KEY_ADDED', 'KEY_REVOKED', 'KEY_COMPROMISED'];

/** What the hub refused (rejected catalogue entries and why) and every change of trust. */
export async function securityView(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const kind = select([{ value: '', label: t('common.any') }, ...KINDS.map((k) => ({ value: k, label: t(`security.kind.${k}` as never) }))], { name: 'kind' }, [ctx.params.get('kind') ?? '']);
  const country = input({ name: 'country', maxlength: 2, autocapitalize: 'characters', size: 4 });
  const reason = input({ name: 'reasonCode' });
  const out = h('div');
  let events: SecurityEvent[] = [];
  let after: string | null = null;

  const load = async (more: boolean) => {
    if (!more) { events = []; after = null; }
    const filter: Record<string, string> = {};
    if (kind.value) filter.kind = kind.value;
    if (country.value.trim()) filter.country = country.value.trim().toUpperCase();
    if (reason.value.trim()) filter.reasonCode = reason.value.trim().toUpperCase();
    try {
      const page = await ctx.api.request<Page>(HUB_DOCUMENTS.securityEvents, { filter, after });
      events = [...events, ...page.securityEvents.edges.map((e) => e.node)];
      after = page.securityEvents.pageInfo.endCursor;
      fill(out, 
        events.length === 0 ? h('p', {}, t('security.none')) : table<SecurityEvent>(t('security.caption', { count: page.securityEvents.totalCount }), [
          { label: t('security.at'), cell: (e) => formatDateTime(e.at) },
          { label: t('security.kind'), cell: (e) => t(`security.kind.${e.kind}` as never) },
          { label: t('common.country'), cell: (e) => e.country ?? '—' },
          { label: t('security.reason'), cell: (e) => e.reasonCode ? [h('code', {}, e.reasonCode), h('br'), h('small', {}, hasMessage(`security.reason.${e.reasonCode}`) ? t(`security.reason.${e.reasonCode}` as never) : '')] : '—' },
          { label: t('security.detail'), cell: (e) => e.detail },
          { label: t('security.subject'), cell: (e) => (e.subject ? h('code', {}, e.subject) : '—') },
          { label: t('catalogue.keyId'), cell: (e) => (e.kid ? h('code', { class: 'kid' }, e.kid) : '—') },
        ], events),
        page.securityEvents.pageInfo.hasNextPage ? button(t('common.more'), () => void load(true)) : null);
    } catch (err) {
      fill(out, errorBox(err));
    }
  };
  const form = h('form', { class: 'filters', 'aria-label': t('security.filters'), onsubmit: ((ev: Event) => { ev.preventDefault(); void load(false); }) as EventListener },
    h('div', { class: 'grid' }, field(t('security.kind'), kind), field(t('common.country'), country), field(t('security.reason'), reason)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('common.apply'))));
  fill(main, h('h1', { tabindex: -1 }, t('nav.security')), h('p', { class: 'lead' }, t('security.lead')), form, out);
  await load(false);
}
