import { formatNumber, t } from '../i18n/i18n.js';
import { announce, button, field, fill, h, input, select } from '../ui/dom.js';
import { download } from '../ui/download.js';
import { errorBox } from '../ui/feedback.js';
import type { ViewContext } from './context.js';

/** What exportAuditLog answers. */
export interface SignedExport {
  fileName: string; content: string; signature: string; sha256: string; entries: number; firstSeq: number | null; lastSeq: number | null; checkpoints: number; keyId: string;
}

/** The command that checks an export offline, as the auditor would type it (the key set saved beside the files). */
export function verifyCommand(origin: string, fileName: string, keysFile: string): string {
  return `littoral audit verify --file ${fileName} --jwks ${keysFile} ${origin === 'hub' ? '--hub' : `--country ${origin}`}`;
}

/**
 * The auditor's signed export: a period and a format; the server makes the
 * export and its detached signature (the same bytes as `littoral audit
 * export`) and records it. Both files are then offered for download, with how
 * to check them offline.
 */
export function auditExportSection(ctx: ViewContext, query: string): HTMLElement {
  const app = ctx.settings.app;
  const from = input({ type: 'datetime-local', name: 'exportFrom', step: 1, required: true });
  const to = input({ type: 'datetime-local', name: 'exportTo', step: 1, required: true });
  const format = select([{ value: 'JSONL', label: t('auditExport.jsonl') }, { value: 'CSV', label: t('auditExport.csv') }], { name: 'exportFormat' });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('auditExport.make'));
  // Keys are served by the same server; the file name says whose they are.
  const origin = app === 'hub' ? 'hub' : (ctx.settings.country ?? 'node');
  const keysFile = `${origin.toLowerCase()}-keys.json`;

  const run = async () => {
    // datetime-local is the user's local time; the API takes ISO 8601 instants.
    const start = from.value ? new Date(from.value) : null;
    const end = to.value ? new Date(to.value) : null;
    if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return fill(out, problem(t('auditExport.periodMissing')));
    if (end.getTime() <= start.getTime()) return fill(out, problem(t('auditExport.periodBackwards')));
    submit.disabled = true;
    fill(out, h('p', { class: 'busy' }, t('auditExport.making')));
    try {
      const { exportAuditLog: e } = await ctx.api.request<{ exportAuditLog: SignedExport }>(query, { from: start.toISOString(), to: end.toISOString(), format: format.value });
      const mime = format.value === 'CSV' ? 'text/csv' : 'application/x-ndjson';
      fill(out,
        h('p', { class: 'notice ok', role: 'status', 'data-testid': 'export-made' },
          e.entries === 0 ? t('auditExport.madeEmpty') : t('auditExport.made', { entries: formatNumber(e.entries), first: e.firstSeq ?? '—', last: e.lastSeq ?? '—' })),
        h('dl', { class: 'facts' },
          h('dt', {}, t('auditExport.file')), h('dd', {}, h('code', {}, e.fileName)),
          h('dt', {}, t('auditExport.checkpoints')), h('dd', {}, String(e.checkpoints)),
          h('dt', {}, t('auditExport.key')), h('dd', {}, h('code', {}, e.keyId)),
          h('dt', {}, t('auditExport.sha256')), h('dd', {}, h('code', {}, e.sha256))),
        h('div', { class: 'actions' },
          button(t('auditExport.downloadFile', { name: e.fileName }), () => download(e.fileName, mime, e.content), { class: 'primary' }),
          button(t('auditExport.downloadSignature', { name: `${e.fileName}.jws` }), () => download(`${e.fileName}.jws`, 'application/jose', e.signature))),
        h('h3', {}, t('auditExport.verifyTitle')),
        h('ol', {},
          h('li', {}, t('auditExport.step1')),
          h('li', {}, t('auditExport.step2', { url: `${location.origin}/.well-known/jwks.json`, file: keysFile })),
          h('li', {}, t('auditExport.step3'), ' ', h('code', { 'data-testid': 'verify-command' }, verifyCommand(origin, e.fileName, keysFile)))),
        h('p', { class: 'hint' }, t('auditExport.verifyHint')));
      announce(t('auditExport.madeShort', { entries: e.entries }));
    } catch (err) {
      fill(out, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  };

  const form = h('form', { 'aria-labelledby': 'export-h', onsubmit: ((ev: Event) => { ev.preventDefault(); void run(); }) as EventListener },
    h('div', { class: 'grid' },
      field(t('auditExport.from'), from), field(t('auditExport.to'), to, t('auditExport.toHint')), field(t('auditExport.format'), format)),
    h('div', { class: 'actions' }, submit));
  return h('section', { class: 'panel', 'aria-labelledby': 'export-h' },
    h('h2', { id: 'export-h' }, t('auditExport.title')),
    h('p', { class: 'hint' }, t('auditExport.lead')),
    form, out);
}

function problem(message: string): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, h('p', {}, message));
}
