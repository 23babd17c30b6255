import { describeError } from '../api/error-messages.js';
import { t } from '../i18n/i18n.js';
import { fill, h } from './dom.js';

/** An error in plain words, read out at once by screen readers. */
export function errorBox(err: unknown): HTMLElement {
  const { message, problems } = describeError(err);
  return h('div', { class: 'error', role: 'alert' },
    h('p', {}, h('strong', {}, t('common.error')), ' ', message),
    problems.length > 0 ? h('ul', {}, ...problems.map((p) => h('li', {}, p))) : null);
}

export function notice(message: string, kind: 'ok' | 'info' | 'warn' = 'info'): HTMLElement {
  return h('div', { class: `notice ${kind}`, role: 'status' }, message);
}

/** Replaces `target`'s content with a busy message while `work` runs; shows the error in words if it fails. */
export async function withBusy<T>(target: HTMLElement, work: () => Promise<T>): Promise<T | undefined> {
  target.setAttribute('aria-busy', 'true');
  fill(target, h('p', { class: 'busy' }, t('common.loading')));
  try {
    return await work();
  } catch (err) {
    fill(target, errorBox(err));
    return undefined;
  } finally {
    target.removeAttribute('aria-busy');
  }
}
