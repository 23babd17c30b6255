import { decodeToken } from '../auth/token.js';
import { startOidcSignIn } from '../auth/oidc.js';
import { t } from '../i18n/i18n.js';
import { button, field, fill, h } from '../ui/dom.js';
import { errorBox, notice } from '../ui/feedback.js';
import type { ServerSettings } from './context.js';

/**
 * The sign-in page: paste an access token from your identity provider (or,
 * where an issuer is configured, be sent there). The token is only decoded
 * here to show who it names; the server verifies it on every request.
 */
export function renderSignIn(main: HTMLElement, settings: ServerSettings, message: string | null, onToken: (token: string) => void): void {
  const where = settings.app === 'hub' ? t('app.hub') : t('app.node', { country: settings.country ?? '' });
  const area = h('textarea', { rows: 5, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', name: 'token', class: 'token-input' });
  const feedback = h('div', { class: 'feedback' });
  const submit = (ev: Event) => {
    ev.preventDefault();
    const token = area.value.trim();
    const decoded = decodeToken(token, Date.now());
    if (!decoded.ok) {
      fill(feedback, h('div', { class: 'error', role: 'alert' }, h('p', {}, decoded.problem === 'expired' ? t('signIn.expired') : t('signIn.notAToken'))));
      area.focus();
      return;
    }
    onToken(token);
  };
  const form = h('form', { class: 'sign-in', onsubmit: submit as EventListener },
    field(t('signIn.tokenLabel'), area, t('signIn.tokenHint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('signIn.submit'))));
  fill(main, 
    h('h1', { tabindex: -1 }, t('signIn.title')),
    h('p', {}, t('signIn.where', { where })),
    message ? notice(message, 'warn') : null,
    feedback,
    settings.oidc
      ? h('section', { class: 'oidc', 'aria-labelledby': 'oidc-h' }, h('h2', { id: 'oidc-h' }, t('signIn.oidcTitle')),
        button(t('signIn.oidcButton', { issuer: new URL(settings.oidc.issuer).host }), () => {
          startOidcSignIn(settings.oidc!).catch((err) => fill(feedback, errorBox(err)));
        }, { class: 'primary' }),
        h('p', {}, t('signIn.or')))
      : null,
    form,
    h('p', { class: 'hint' }, t('signIn.privacy')),
  );
  main.querySelector('h1')?.focus();
}
