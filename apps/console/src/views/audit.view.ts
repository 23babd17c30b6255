import { auditDocuments } from '../api/documents.js';
import { formatDateTime, hasMessage, t, type MessageKey } from '../i18n/i18n.js';
import { announce, button, field, fill, h, input, select, table } from '../ui/dom.js';
import { download } from '../ui/download.js';
import { errorBox } from '../ui/feedback.js';
import type { ViewContext } from './context.js';
import { auditExportSection } from './audit-export.js';

interface AuditEntry {
  seq: number; time: string; actor: { subject: string; country: string | null; organisation: string | null; roles: string[] }; action: string; purpose: string | null;
  datasets: string[]; decision: string; reason: string | null; resultSize: number | null; policyVersion: string | null; correlationId: string;
  requestHash: string | null; prevHash: string; hash: string;
}
interface Verification {
  ok: boolean; checked: number; checkpoints: number; firstBad: { seq: number; reason: string; message: string } | null;
  latestCheckpoint: { seq: number; head: string; time: string; witnessed: boolean } | null; refusedCheckpoints: { seq: number; code: string; message: string }[];
}
interface Trace { correlationId: string; origin: string; entries: AuditEntry[]; nodes?: { country: string; nodeId: string | null; witnessedSeq: number | null; witnessedAt: string | null }[] }
interface Page { auditLog: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: { node: AuditEntry }[] } }

const ACTIONS = ['query', 'records.read', 'catalogue.published', 'catalogue.rejected', 'catalogue.withdrawn', 'grant.changed', 'key.rotated', 'key.compromised',
  'member.changed', 'import', 'login.refused', 'audit.exported', 'audit.read', 'checkpoint.rejected'];
const DECISIONS = ['allowed', 'denied', 'partial', 'suppressed'];
/** Pages read at most while looking for the first bad entry. */
const MAX_SEEK_PAGES = 40;

/** The auditor's log viewer: filters, the trace of one correlation id, verification with the first bad entry highlighted, signed export. */
export async function auditView(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const docs = auditDocuments(ctx.settings.app);
  const whose = ctx.settings.app === 'hub' ? t('audit.ofHub') : t('audit.ofNode', { country: ctx.settings.country ?? '' });
  const actor = input({ name: 'actor' });
  const country = input({ name: 'country', maxlength: 2, size: 4, autocapitalize: 'characters' });
  const dataset = input({ name: 'dataset' });
  const action = select([{ value: '', label: t('common.any') }, ...ACTIONS.map((a) => ({ value: a, label: a }))], { name: 'action' });
  const decision = select([{ value: '', label: t('common.any') }, ...DECISIONS.map((d) => ({ value: d, label: t(`decision.${d}` as MessageKey) }))], { name: 'decision' });
  const from = input({ type: 'datetime-local', name: 'from', step: 1 });
  const to = input({ type: 'datetime-local', name: 'to', step: 1 });
  const correlation = input({ name: 'correlationId' });
  const verifyOut = h('section', { class: 'panel', 'aria-labelledby': 'verify-h' });
  const listOut = h('div');
  const traceOut = h('section', { class: 'panel', 'aria-labelledby': 'trace-h' });
  let entries: AuditEntry[] = [];
  let after: string | null = null;
  let hasNext = false;
  let total = 0;
  let badSeq: number | null = null;

  // datetime-local is the user's local time; the API takes ISO 8601 instants.
  const instant = (v: string) => (v ? new Date(v).toISOString() : undefined);
  const filter = () => {
    const f: Record<string, string> = {};
    if (actor.value.trim()) f.actor = actor.value.trim();
    if (country.value.trim()) f.country = country.value.trim().toUpperCase();
    if (dataset.value.trim()) f.dataset = dataset.value.trim();
    if (action.value) f.action = action.value;
    if (decision.value) f.decision = decision.value;
    if (from.value) f.from = instant(from.value)!;
    if (to.value) f.to = instant(to.value)!;
    if (correlation.value.trim()) f.correlationId = correlation.value.trim();
    return f;
  };

  const fetchPage = async () => {
    const page = await ctx.api.request<Page>(docs.auditLog, { filter: filter(), after });
    entries = [...entries, ...page.auditLog.edges.map((e) => e.node)];
    after = page.auditLog.pageInfo.endCursor;
    hasNext = page.auditLog.pageInfo.hasNextPage;
    total = page.auditLog.totalCount;
  };

  const entryColumns = [
    { label: t('audit.seq'), cell: (e: AuditEntry) => (e.seq === badSeq ? [String(e.seq), ' ', h('strong', { class: 'badge bad' }, t('audit.firstBadBadge'))] : String(e.seq)), numeric: true },
    { label: t('audit.time'), cell: (e: AuditEntry) => formatDateTime(e.time) },
    { label: t('audit.actor'), cell: (e: AuditEntry) => [h('code', {}, e.actor.subject), e.actor.country ? ` (${e.actor.country})` : '', e.actor.roles.length ? h('small', {}, ` ${e.actor.roles.join(', ')}`) : ''] },
    { label: t('audit.action'), cell: (e: AuditEntry) => e.action },
    { label: t('audit.purpose'), cell: (e: AuditEntry) => e.purpose ?? '—' },
    { label: t('audit.datasets'), cell: (e: AuditEntry) => (e.datasets.length ? e.datasets.join(', ') : '—') },
    { label: t('audit.decision'), cell: (e: AuditEntry) => h('span', { class: `status decision-${e.decision}` }, hasMessage(`decision.${e.decision}`) ? t(`decision.${e.decision}` as MessageKey) : e.decision) },
    { label: t('audit.reason'), cell: (e: AuditEntry) => e.reason ?? '—' },
    { label: t('audit.resultSize'), cell: (e: AuditEntry) => (e.resultSize === null ? '—' : String(e.resultSize)), numeric: true },
    { label: t('audit.correlation'), cell: (e: AuditEntry) => button(e.correlationId.slice(0, 8), () => void trace(e.correlationId), { class: 'link-button', 'aria-label': t('audit.traceNamed', { id: e.correlationId }) }) },
  ];

  const drawList = () => {
    fill(listOut, 
      entries.length === 0 ? h('p', {}, t('audit.none')) : table<AuditEntry>(t('audit.caption', { whose, count: total }), entryColumns, entries,
        (e) => ({ 'data-seq': e.seq, class: e.seq === badSeq ? 'bad-entry' : null, 'aria-describedby': e.seq === badSeq ? 'verify-verdict' : null })),
      hasNext ? button(t('audit.older'), () => void more()) : null,
      entries.length ? h('div', { class: 'actions' }, button(t('audit.downloadShown'), () => download(`littoral-audit-${ctx.settings.country ?? 'hub'}-${Date.now()}.jsonl`, 'application/x-ndjson', entries.map((e) => JSON.stringify(e)).join('\n') + '\n')),
        h('p', { class: 'hint' }, t('audit.exportHint'))) : null);
  };

  const load = async () => {
    entries = []; after = null;
    try {
      await fetchPage();
      drawList();
    } catch (err) {
      fill(listOut, errorBox(err));
    }
  };
  const more = async () => {
    try {
      await fetchPage();
      drawList();
    } catch (err) {
      listOut.append(errorBox(err));
    }
  };

  const verify = async () => {
    fill(verifyOut, h('h2', { id: 'verify-h' }, t('audit.verifyTitle')), h('p', { class: 'busy' }, t('audit.verifying')));
    try {
      const { verifyAuditLog: v } = await ctx.api.request<{ verifyAuditLog: Verification }>(docs.verifyAuditLog);
      badSeq = v.firstBad?.seq ?? null;
      fill(verifyOut, 
        h('h2', { id: 'verify-h' }, t('audit.verifyTitle')),
        h('p', { id: 'verify-verdict', class: v.ok ? 'notice ok' : 'notice bad', role: v.ok ? 'status' : 'alert', 'data-testid': 'verify-verdict' },
          v.ok ? t(v.checkpoints > 0 ? 'audit.intact' : 'audit.intactNoCheckpoint', { checked: v.checked }) : t('audit.notIntact', { seq: v.firstBad!.seq, reason: hasMessage(`audit.fault.${v.firstBad!.reason}`) ? t(`audit.fault.${v.firstBad!.reason}` as MessageKey) : v.firstBad!.reason })),
        h('dl', { class: 'facts' },
          h('dt', {}, t('audit.checked')), h('dd', {}, String(v.checked)),
          h('dt', {}, t('audit.checkpoints')), h('dd', {}, String(v.checkpoints)),
          h('dt', {}, t('audit.latestCheckpoint')), h('dd', {}, v.latestCheckpoint ? t('audit.checkpointAt', { seq: v.latestCheckpoint.seq, at: formatDateTime(v.latestCheckpoint.time) }) + (v.latestCheckpoint.witnessed ? ` · ${t('audit.witnessed')}` : ` · ${t('audit.notWitnessed')}`) : t('audit.noCheckpoint')),
          ...(v.firstBad ? [h('dt', {}, t('audit.faultDetail')), h('dd', {}, v.firstBad.message)] : []),
          ...(v.refusedCheckpoints.length ? [h('dt', {}, t('audit.refusedCheckpoints')), h('dd', {}, h('ul', { class: 'plain' }, ...v.refusedCheckpoints.map((r) => h('li', {}, `${r.seq}: ${r.code} — ${r.message}`))))] : [])));
      announce(v.ok ? t('audit.intact', { checked: v.checked }) : t('audit.notIntactShort', { seq: v.firstBad!.seq }));
      if (badSeq !== null) {
        // Bring the bad entry into the list (newest first: read older pages until it is there).
        for (let i = 0; i < MAX_SEEK_PAGES && hasNext && !entries.some((e) => e.seq <= badSeq!); i++) await fetchPage();
        drawList();
        listOut.querySelector<HTMLElement>(`tr[data-seq="${badSeq}"]`)?.scrollIntoView({ block: 'center' });
      } else drawList();
    } catch (err) {
      fill(verifyOut, h('h2', { id: 'verify-h' }, t('audit.verifyTitle')), errorBox(err));
    }
  };

  const trace = async (id: string) => {
    fill(traceOut, h('h2', { id: 'trace-h', tabindex: -1 }, t('audit.traceTitle', { id })), h('p', { class: 'busy' }, t('common.loading')));
    (traceOut.querySelector('h2') as HTMLElement).focus();
    try {
      const { trace: tr } = await ctx.api.request<{ trace: Trace }>(docs.trace, { correlationId: id });
      fill(traceOut, 
        h('h2', { id: 'trace-h', tabindex: -1 }, t('audit.traceTitle', { id })),
        h('p', {}, t('audit.traceOrigin', { origin: tr.origin })),
        tr.entries.length === 0 ? h('p', {}, t('audit.none')) : table<AuditEntry>(t('audit.traceCaption', { origin: tr.origin }), entryColumns.slice(0, -1), tr.entries),
        tr.nodes && tr.nodes.length ? h('div', {}, h('h3', {}, t('audit.traceNodes')), h('p', { class: 'hint' }, t('audit.traceNodesHint')),
          h('ul', {}, ...tr.nodes.map((n) => h('li', {}, `${n.country}${n.nodeId ? ` (${n.nodeId})` : ''}: `, n.witnessedSeq !== null ? t('audit.witnessedUpTo', { seq: n.witnessedSeq, at: formatDateTime(n.witnessedAt) }) : t('audit.noWitness'))))) : null);
    } catch (err) {
      fill(traceOut, h('h2', { id: 'trace-h' }, t('audit.traceTitle', { id })), errorBox(err));
    }
  };

  const form = h('form', { class: 'filters', 'aria-label': t('audit.filters'), onsubmit: ((ev: Event) => { ev.preventDefault(); void load(); }) as EventListener },
    h('div', { class: 'grid' },
      field(t('audit.actor'), actor, t('audit.actorHint')), field(t('common.country'), country), field(t('audit.dataset'), dataset),
      field(t('audit.action'), action), field(t('audit.decision'), decision), field(t('audit.from'), from), field(t('audit.to'), to),
      field(t('audit.correlation'), correlation)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('common.apply'))));
  fill(verifyOut, h('h2', { id: 'verify-h' }, t('audit.verifyTitle')), h('p', { class: 'hint' }, t('audit.verifyLead')));
  fill(main, 
    h('h1', { tabindex: -1 }, t('nav.audit')),
    h('p', { class: 'lead' }, t('audit.lead', { whose })),
    h('div', { class: 'actions' }, button(t('audit.verify'), () => void verify(), { class: 'primary' })),
    verifyOut, auditExportSection(ctx, docs.exportAuditLog), form, listOut, traceOut);
  if (ctx.params.get('correlationId')) {
    correlation.value = ctx.params.get('correlationId')!;
    void trace(correlation.value);
  }
  await load();
}
