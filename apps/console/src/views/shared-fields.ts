import { ApiError } from '../api/api-error.js';
import { HUB_DOCUMENTS } from '../api/documents.js';
import { t } from '../i18n/i18n.js';
import { field, h, input } from '../ui/dom.js';
import type { ViewContext } from './context.js';

export interface MemberSummary { country: string; displayName: string; status: string }

let membersCache: { token: string; members: Promise<MemberSummary[]> } | null = null;

/** The network's active members (hub `nodes`), once per session. */
export function loadMembers(ctx: ViewContext): Promise<MemberSummary[]> {
  if (membersCache?.token !== ctx.session.token) {
    const members = ctx.api.request<{ nodes: MemberSummary[] }>(HUB_DOCUMENTS.nodes).then((r) => r.nodes.filter((n) => n.status === 'ACTIVE'));
    membersCache = { token: ctx.session.token, members };
    members.catch(() => (membersCache = null));
  }
  return membersCache.members;
}

/** West/south/east/north in decimal degrees; all four or none. */
export function bboxFields(): { fieldset: HTMLElement; value(): { west: number; south: number; east: number; north: number } | null } {
  const mk = (name: string, min: number, max: number) => input({ type: 'number', name, min, max, step: 'any', inputmode: 'decimal' });
  const west = mk('west', -180, 180);
  const south = mk('south', -90, 90);
  const east = mk('east', -180, 180);
  const north = mk('north', -90, 90);
  const fieldset = h('fieldset', { class: 'bbox' }, h('legend', {}, t('common.area')),
    h('p', { class: 'hint' }, t('common.areaHint')),
    h('div', { class: 'grid four' }, field(t('common.west'), west), field(t('common.south'), south), field(t('common.east'), east), field(t('common.north'), north)));
  return {
    fieldset,
    value() {
      const all = [west, south, east, north];
      if (all.every((i) => i.value === '')) return null;
      if (all.some((i) => i.value === '' || !i.checkValidity())) throw new ApiError('INPUT_INVALID', 'bbox', null, { problems: [{ path: t('common.area'), message: t('common.bboxIncomplete') }] });
      return { west: Number(west.value), south: Number(south.value), east: Number(east.value), north: Number(north.value) };
    },
  };
}
