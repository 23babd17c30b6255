import { NODE_DOCUMENTS } from '../api/documents.js';
import { formatDateTime, t, type MessageKey } from '../i18n/i18n.js';
import { announce, append, button, field, fill, h, input, listValue, select, table } from '../ui/dom.js';
import { errorBox, notice } from '../ui/feedback.js';
import type { ViewContext } from './context.js';
import type { NodeDataset } from './node-datasets.view.js';

interface Audience { kind: string; countries: string[] | null; organisations: string[] | null; roles: string[] | null }
interface Constraints { minGroupSize: number | null; spatialPrecisionDeg: number | null; sensitiveSpeciesPrecisionDeg: number | null; redactedFields: string[] | null; allowedPurposes: string[] | null; embargoDays: number | null }
interface Actor { subject: string; country: string | null; organisation?: string | null; roles?: string[] }
interface Grant {
  id: string; datasetId: string; version: number; seq: number; status: string; level: string; revokedAt: string | null; validFrom: string | null; validUntil: string | null;
  reason: string; changedAt: string; createdAt: string; audience: Audience; constraints: Constraints; changedBy: Actor; createdBy: Actor;
}
interface GrantVersion {
  grantId: string; version: number; seq: number; action: string; changedAt: string; reason: string; changedBy: Actor;
  before: { level: string; audience: Audience } | null; after: { level: string; revokedAt: string | null; audience: Audience };
}
interface Explanation {
  allowed: boolean; requestedLevel: string; level: string | null; highestLevel: string | null; reasons: string[]; policyVersion: number; evaluatedAt: string;
  constraints: { minGroupSize: number; spatialPrecisionDeg: number | null; sensitiveSpeciesPrecisionDeg: number; redactedFields: string[]; embargoDays: number } | null;
  decidingGrants: { grantId: string; version: number }[];
}

const LEVELS = ['METADATA', 'AGGREGATE', 'RECORDS'];
const AUDIENCES = ['NETWORK', 'COUNTRIES', 'ORGANISATIONS', 'ROLES'];
const short = (id: string) => id.slice(0, 8);
/** Purposes and organisations may hold spaces: split on commas only. */
const commaList = (el: HTMLInputElement) => el.value.split(',').map((x) => x.trim()).filter(Boolean);

export function audienceText(a: Audience): string {
  const parts = [t(`audience.${a.kind}` as MessageKey)];
  if (a.countries?.length) parts.push(a.countries.join(' '));
  if (a.organisations?.length) parts.push(a.organisations.join(', '));
  if (a.roles?.length) parts.push(t('grants.rolesList', { roles: a.roles.join(', ') }));
  return parts.join(': ');
}

function constraintsText(c: Constraints): string {
  const out: string[] = [];
  if (c.minGroupSize != null) out.push(t('grants.c.k', { k: c.minGroupSize }));
  if (c.spatialPrecisionDeg != null) out.push(t('grants.c.grid', { deg: c.spatialPrecisionDeg }));
  if (c.sensitiveSpeciesPrecisionDeg != null) out.push(t('grants.c.sensitive', { deg: c.sensitiveSpeciesPrecisionDeg }));
  if (c.redactedFields?.length) out.push(t('grants.c.redacted', { fields: c.redactedFields.join(', ') }));
  if (c.allowedPurposes?.length) out.push(t('grants.c.purposes', { purposes: c.allowedPurposes.join('; ') }));
  if (c.embargoDays != null) out.push(t('grants.c.embargo', { days: c.embargoDays }));
  return out.length ? out.join(' · ') : t('grants.c.none');
}

/** The grants editor of a node: list, add, change, revoke (with every constraint), history, and explainAccess as a form. */
export async function grantsView(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const { datasets } = await ctx.api.request<{ datasets: NodeDataset[] }>(NODE_DOCUMENTS.datasets);
  fill(main, h('h1', { tabindex: -1 }, t('nav.grants')), h('p', { class: 'lead' }, t('grants.lead')));
  if (datasets.length === 0) {
    main.append(h('p', {}, t('datasets.none')));
    return;
  }
  const wanted = ctx.params.get('dataset');
  const datasetSel = select(datasets.map((d) => ({ value: d.id, label: `${d.id} — ${d.title}` })), { name: 'dataset' }, [wanted && datasets.some((d) => d.id === wanted) ? wanted : datasets[0].id]);
  const includeRevoked = input({ type: 'checkbox', name: 'includeRevoked' });
  const listOut = h('div');
  const editorOut = h('section', { class: 'panel', 'aria-labelledby': 'editor-h' });
  const historyOut = h('section', { class: 'panel', 'aria-labelledby': 'history-h' });
  const explainOut = h('div', { class: 'explain-result' });
  const status = h('div');
  let grants: Grant[] = [];
  let explainRun: (() => Promise<void>) | null = null;

  const datasetId = () => datasetSel.value;

  const loadGrants = async () => {
    try {
      const r = await ctx.api.request<{ grants: Grant[] }>(NODE_DOCUMENTS.grants, { datasetId: datasetId(), includeRevoked: includeRevoked.checked });
      grants = r.grants;
      fill(listOut, grants.length === 0 ? h('p', {}, t('grants.none')) : table<Grant>(t('grants.caption', { dataset: datasetId(), count: grants.length }), [
        { label: t('grants.grant'), cell: (g) => h('code', { title: g.id, class: 'nowrap' }, short(g.id)) },
        { label: t('grants.version'), cell: (g) => String(g.version), numeric: true },
        { label: t('grants.status'), cell: (g) => h('span', { class: `status grant-${g.status.toLowerCase()}` }, t(`grant.status.${g.status}` as MessageKey)) },
        { label: t('grants.level'), cell: (g) => t(`level.${g.level}` as MessageKey) },
        { label: t('grants.audience'), cell: (g) => audienceText(g.audience) },
        { label: t('grants.constraints'), cell: (g) => constraintsText(g.constraints) },
        { label: t('grants.validity'), cell: (g) => `${g.validFrom ?? '…'} – ${g.validUntil ?? '…'}` },
        { label: t('grants.lastChange'), cell: (g) => [formatDateTime(g.changedAt), h('br'), h('small', {}, `${g.changedBy.subject}${g.changedBy.country ? ` (${g.changedBy.country})` : ''}: ${g.reason}`)] },
        { label: t('grants.actions'), cell: (g) => h('div', { class: 'row-actions' },
          g.status !== 'REVOKED' ? button(t('grants.change'), () => openEditor(g), { 'aria-label': t('grants.changeNamed', { id: short(g.id) }) }) : null,
          g.status !== 'REVOKED' ? button(t('grants.revoke'), () => openRevoke(g), { 'aria-label': t('grants.revokeNamed', { id: short(g.id) }) }) : null,
          button(t('grants.history'), () => void loadHistory(g.id), { 'aria-label': t('grants.historyNamed', { id: short(g.id) }) })) },
      ], grants, (g) => ({ 'data-grant': g.id })));
    } catch (err) {
      fill(listOut, errorBox(err));
    }
  };

  const loadHistory = async (grantId?: string) => {
    try {
      const versions = grantId
        ? (await ctx.api.request<{ grantHistory: GrantVersion[] }>(NODE_DOCUMENTS.grantHistory, { grantId })).grantHistory
        : (await ctx.api.request<{ datasetGrantHistory: GrantVersion[] }>(NODE_DOCUMENTS.datasetGrantHistory, { datasetId: datasetId() })).datasetGrantHistory;
      fill(historyOut, 
        h('h2', { id: 'history-h', tabindex: -1 }, grantId ? t('grants.historyOfGrant', { id: short(grantId) }) : t('grants.historyOfDataset', { dataset: datasetId() })),
        grantId ? button(t('grants.historyAll'), () => void loadHistory()) : null,
        versions.length === 0 ? h('p', {}, t('grants.noHistory')) : table<GrantVersion>(t('grants.historyCaption'), [
          { label: t('grants.seq'), cell: (v) => String(v.seq), numeric: true },
          { label: t('grants.grant'), cell: (v) => h('code', { title: v.grantId, class: 'nowrap' }, short(v.grantId)) },
          { label: t('grants.version'), cell: (v) => String(v.version), numeric: true },
          { label: t('grants.action'), cell: (v) => t(`grant.action.${v.action}` as MessageKey) },
          { label: t('grants.when'), cell: (v) => formatDateTime(v.changedAt) },
          { label: t('grants.who'), cell: (v) => `${v.changedBy.subject}${v.changedBy.country ? ` (${v.changedBy.country})` : ''}${v.changedBy.roles?.length ? ` — ${v.changedBy.roles.join(', ')}` : ''}` },
          { label: t('grants.why'), cell: (v) => v.reason },
          { label: t('grants.whatChanged'), cell: (v) => `${v.before ? `${t(`level.${v.before.level}` as MessageKey)}, ${audienceText(v.before.audience)} → ` : ''}${t(`level.${v.after.level}` as MessageKey)}, ${audienceText(v.after.audience)}${v.after.revokedAt ? ` (${t('grant.status.REVOKED')})` : ''}` },
        ], versions));
      if (grantId) (historyOut.querySelector('h2') as HTMLElement).focus();
    } catch (err) {
      fill(historyOut, h('h2', { id: 'history-h' }, t('grants.history')), errorBox(err));
    }
  };

  const afterChange = async (message: string) => {
    fill(status, notice(message, 'ok'));
    announce(message);
    await Promise.all([loadGrants(), loadHistory()]);
    if (explainRun) await explainRun();
  };

  // The add/change form. Changing sends the whole new grant from the version read (expectedVersion).
  const openEditor = (g: Grant | null) => {
    const kind = select(AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}` as MessageKey) })), { name: 'audienceKind' }, [g?.audience.kind ?? 'COUNTRIES']);
    const countries = input({ name: 'countries', value: g?.audience.countries?.join(' ') ?? '', autocapitalize: 'characters' });
    const orgs = input({ name: 'organisations', value: g?.audience.organisations?.join(', ') ?? '' });
    const roles = input({ name: 'roles', value: g?.audience.roles?.join(' ') ?? '' });
    const level = select(LEVELS.map((l) => ({ value: l, label: t(`level.${l}` as MessageKey) })), { name: 'level' }, [g?.level ?? 'AGGREGATE']);
    const c = g?.constraints;
    const num = (name: string, v: number | null | undefined, step = 'any') => input({ type: 'number', name, min: 0, step, value: v ?? '', inputmode: 'decimal' });
    const k = num('minGroupSize', c?.minGroupSize, '1');
    const grid = num('spatialPrecisionDeg', c?.spatialPrecisionDeg);
    const sensitive = num('sensitiveSpeciesPrecisionDeg', c?.sensitiveSpeciesPrecisionDeg);
    const redacted = input({ name: 'redactedFields', value: c?.redactedFields?.join(' ') ?? '' });
    const purposes = input({ name: 'allowedPurposes', value: c?.allowedPurposes?.join(', ') ?? '' });
    const embargo = num('embargoDays', c?.embargoDays, '1');
    const validFrom = input({ name: 'validFrom', value: g?.validFrom ?? '', placeholder: 'YYYY-MM-DD' });
    const validUntil = input({ name: 'validUntil', value: g?.validUntil ?? '', placeholder: 'YYYY-MM-DD' });
    const reason = input({ name: 'reason', 'aria-required': 'true', maxlength: 500 });
    const feedback = h('div');
    const save = async (ev: Event) => {
      ev.preventDefault();
      const audience: Record<string, unknown> = { kind: kind.value };
      if (listValue(countries).length) audience.countries = listValue(countries).map((x) => x.toUpperCase());
      if (commaList(orgs).length) audience.organisations = commaList(orgs);
      if (listValue(roles).length) audience.roles = listValue(roles);
      const constraints: Record<string, unknown> = {};
      if (k.value) constraints.minGroupSize = Number(k.value);
      if (grid.value) constraints.spatialPrecisionDeg = Number(grid.value);
      if (sensitive.value) constraints.sensitiveSpeciesPrecisionDeg = Number(sensitive.value);
      if (listValue(redacted).length) constraints.redactedFields = listValue(redacted);
      if (commaList(purposes).length) constraints.allowedPurposes = commaList(purposes);
      if (embargo.value) constraints.embargoDays = Number(embargo.value);
      const body = { audience, level: level.value, constraints, ...(validFrom.value.trim() ? { validFrom: validFrom.value.trim() } : {}), ...(validUntil.value.trim() ? { validUntil: validUntil.value.trim() } : {}) };
      if (!reason.value.trim()) {
        fill(feedback, h('div', { class: 'error', role: 'alert' }, h('p', {}, t('grants.reasonRequired'))));
        reason.focus();
        return;
      }
      try {
        if (g) {
          const r = await ctx.api.request<{ changeGrant: Grant }>(NODE_DOCUMENTS.changeGrant, { id: g.id, expectedVersion: g.version, input: body, reason: reason.value.trim() });
          editorOut.replaceChildren();
          await afterChange(t('grants.changed', { id: short(r.changeGrant.id), version: r.changeGrant.version }));
        } else {
          const r = await ctx.api.request<{ createGrant: Grant }>(NODE_DOCUMENTS.createGrant, { input: { datasetId: datasetId(), ...body }, reason: reason.value.trim() });
          editorOut.replaceChildren();
          await afterChange(t('grants.created', { id: short(r.createGrant.id) }));
        }
      } catch (err) {
        fill(feedback, errorBox(err));
        (feedback.querySelector('[role=alert]') as HTMLElement | null)?.focus();
      }
    };
    fill(editorOut, 
      h('h2', { id: 'editor-h', tabindex: -1 }, g ? t('grants.editTitle', { id: short(g.id), version: g.version }) : t('grants.addTitle', { dataset: datasetId() })),
      g ? h('p', { class: 'hint' }, t('grants.editHint')) : null,
      h('form', { class: 'grant-form', 'aria-labelledby': 'editor-h', onsubmit: save as EventListener },
        h('fieldset', {}, h('legend', {}, t('grants.audience')),
          h('div', { class: 'grid' }, field(t('grants.audienceKind'), kind), field(t('common.countries'), countries, t('grants.countriesHint')),
            field(t('grants.organisations'), orgs, t('grants.commaHint')), field(t('grants.roles'), roles, t('grants.rolesHint')))),
        h('div', { class: 'grid' }, field(t('grants.level'), level)),
        h('fieldset', {}, h('legend', {}, t('grants.constraints')),
          h('div', { class: 'grid' }, field(t('grants.k'), k, t('grants.kHint')), field(t('grants.grid'), grid, t('grants.gridHint')),
            field(t('grants.sensitive'), sensitive, t('grants.sensitiveHint')), field(t('grants.redacted'), redacted, t('grants.listHint')),
            field(t('grants.purposes'), purposes, t('grants.commaHint')), field(t('grants.embargo'), embargo, t('grants.embargoHint')))),
        h('div', { class: 'grid' }, field(t('grants.validFrom'), validFrom, t('grants.dateHint')), field(t('grants.validUntil'), validUntil, t('grants.dateHint'))),
        field(t('grants.reason'), reason, t('grants.reasonHint')),
        feedback,
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, g ? t('grants.saveChange') : t('grants.create')),
          button(t('common.cancel'), () => editorOut.replaceChildren()))));
    (editorOut.querySelector('h2') as HTMLElement).focus();
  };

  const openRevoke = (g: Grant) => {
    const reason = input({ name: 'revokeReason', 'aria-required': 'true', maxlength: 500 });
    const feedback = h('div');
    const go = async (ev: Event) => {
      ev.preventDefault();
      if (!reason.value.trim()) {
        fill(feedback, h('div', { class: 'error', role: 'alert' }, h('p', {}, t('grants.reasonRequired'))));
        return;
      }
      try {
        await ctx.api.request(NODE_DOCUMENTS.revokeGrant, { id: g.id, expectedVersion: g.version, reason: reason.value.trim() });
        editorOut.replaceChildren();
        await afterChange(t('grants.revoked', { id: short(g.id) }));
      } catch (err) {
        fill(feedback, errorBox(err));
      }
    };
    fill(editorOut, 
      h('h2', { id: 'editor-h', tabindex: -1 }, t('grants.revokeTitle', { id: short(g.id), version: g.version })),
      h('p', {}, t('grants.revokeWarning', { audience: audienceText(g.audience), level: t(`level.${g.level}` as MessageKey) })),
      h('form', { onsubmit: go as EventListener, 'aria-labelledby': 'editor-h' }, field(t('grants.reason'), reason, t('grants.reasonHint')), feedback,
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, t('grants.revokeConfirm')), button(t('common.cancel'), () => editorOut.replaceChildren()))));
    (editorOut.querySelector('h2') as HTMLElement).focus();
  };

  // explainAccess as a form: what would this requester get, for this purpose, now?
  const exCountry = input({ name: 'explainCountry', maxlength: 2, autocapitalize: 'characters', size: 4 });
  const exOrg = input({ name: 'explainOrganisation' });
  const exRoles = input({ name: 'explainRoles', value: 'analyst' });
  const exPurpose = input({ name: 'explainPurpose' });
  const exLevel = select([{ value: '', label: t('explain.highest') }, ...LEVELS.map((l) => ({ value: l, label: t(`level.${l}` as MessageKey) }))], { name: 'explainLevel' });
  const exFields = input({ name: 'explainFields' });
  const explain = async () => {
    try {
      const r = await ctx.api.request<{ explainAccess: Explanation }>(NODE_DOCUMENTS.explainAccess, {
        datasetId: datasetId(),
        requester: { country: exCountry.value.trim().toUpperCase(), organisation: exOrg.value.trim() || null, roles: listValue(exRoles) },
        purpose: exPurpose.value.trim(),
        level: exLevel.value || null,
        fields: listValue(exFields).length ? listValue(exFields) : null,
      });
      const e = r.explainAccess;
      fill(explainOut, 
        h('p', { class: e.allowed ? 'notice ok' : 'notice warn', role: 'status', 'data-testid': 'explain-verdict' },
          e.allowed ? t('explain.allowed', { level: t(`level.${e.level}` as MessageKey) }) : t('explain.denied', { level: t(`level.${e.requestedLevel}` as MessageKey) })),
        h('dl', { class: 'facts' },
          h('dt', {}, t('explain.highestLevel')), h('dd', {}, e.highestLevel ? t(`level.${e.highestLevel}` as MessageKey) : t('explain.none')),
          h('dt', {}, t('grants.constraints')), h('dd', {}, e.constraints ? constraintsText({ ...e.constraints, allowedPurposes: null }) : '—'),
          h('dt', {}, t('explain.deciding')), h('dd', {}, e.decidingGrants.length ? e.decidingGrants.map((d) => t('explain.grantVersion', { id: short(d.grantId), version: d.version })).join(', ') : '—'),
          h('dt', {}, t('explain.reasons')), h('dd', {}, e.reasons.length ? h('ul', { class: 'plain' }, ...e.reasons.map((x) => h('li', {}, x))) : '—'),
          h('dt', {}, t('explain.policyVersion')), h('dd', {}, String(e.policyVersion)),
          h('dt', {}, t('explain.evaluatedAt')), h('dd', {}, formatDateTime(e.evaluatedAt))));
    } catch (err) {
      fill(explainOut, errorBox(err));
    }
  };
  const explainForm = h('form', { class: 'explain', 'aria-labelledby': 'explain-h', onsubmit: ((ev: Event) => { ev.preventDefault(); explainRun = explain; void explain(); }) as EventListener },
    h('div', { class: 'grid' }, field(t('explain.country'), exCountry, t('explain.countryHint')), field(t('explain.organisation'), exOrg), field(t('explain.roles'), exRoles, t('grants.rolesHint')),
      field(t('explain.purpose'), exPurpose), field(t('explain.level'), exLevel), field(t('explain.fields'), exFields, t('grants.listHint'))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('explain.run'))));

  const reloadAll = () => {
    editorOut.replaceChildren();
    status.replaceChildren();
    explainOut.replaceChildren();
    explainRun = null;
    void loadGrants();
    void loadHistory();
  };
  datasetSel.addEventListener('change', reloadAll);
  includeRevoked.addEventListener('change', () => void loadGrants());

  append(main, [
    h('div', { class: 'grid' }, field(t('grants.dataset'), datasetSel), field(t('grants.includeRevoked'), includeRevoked)),
    status,
    h('section', { 'aria-labelledby': 'grants-h' }, h('h2', { id: 'grants-h' }, t('grants.listTitle')), listOut,
      h('div', { class: 'actions' }, button(t('grants.add'), () => openEditor(null), { class: 'primary' }))),
    editorOut,
    h('section', { class: 'panel', 'aria-labelledby': 'explain-h' }, h('h2', { id: 'explain-h' }, t('explain.title')), h('p', { class: 'hint' }, t('explain.lead')), explainForm, explainOut),
    historyOut]);
  await Promise.all([loadGrants(), loadHistory()]);
}
