import './styles.css';
import { GraphqlClient } from './api/client.js';
import { describeError } from './api/error-messages.js';
import type { ApiError } from './api/api-error.js';
import { completeOidcSignIn } from './auth/oidc.js';
import { clearSession, loadSession, saveSession, type Session } from './auth/session.js';
import { formatDateTime, LOCALES, locale, setLocale, t } from './i18n/i18n.js';
import { button, field, fill, h, select } from './ui/dom.js';
import { errorBox } from './ui/feedback.js';
import type { ServerSettings, ViewContext, ViewDef } from './views/context.js';
import { renderSignIn } from './views/sign-in.js';
import { VIEWS } from './views/registry.js';

// The console shell: reads the server's settings, restores the session,
// draws the header and the navigation for the signed-in roles, and routes
// between views with the URL's hash (#/query, #/grants?dataset=…), so the
// static files need no server-side routing.

const LANG_KEY = 'littoral.console.lang';
const root = document.getElementById('app')!;
let settings: ServerSettings;
let session: Session | null = null;
let signInMessage: string | null = null;
let expiryTimer: number | undefined;

function signOut(message: string | null): void {
  clearSession();
  session = null;
  signInMessage = message;
  window.clearTimeout(expiryTimer);
  navigate('sign-in');
}

const api = new GraphqlClient(() => session?.token ?? null, (err: ApiError) => signOut(describeError(err).message));

function allowedViews(): ViewDef[] {
  const roles = session?.claims.roles ?? [];
  return VIEWS.filter((v) => v.app === settings.app && v.roles.some((r) => roles.includes(r)));
}

function parseHash(): { route: string; params: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [route, query] = raw.split('?');
  return { route: route || '', params: new URLSearchParams(query ?? '') };
}

function navigate(route: string, params: Record<string, string> = {}): void {
  const q = new URLSearchParams(params).toString();
  const target = `#/${route}${q ? `?${q}` : ''}`;
  if (location.hash === target) void render();
  else location.hash = target;
}

function header(views: ViewDef[], current: string): HTMLElement {
  const where = settings.app === 'hub' ? t('app.hub') : t('app.node', { country: settings.country ?? '' });
  const c = session?.claims;
  const langs = LOCALES.length > 1
    ? field(t('shell.language'), select(LOCALES.map((l) => ({ value: l.code, label: l.name })), {
      onchange: ((ev: Event) => { localStorage.setItem(LANG_KEY, (ev.target as HTMLSelectElement).value); setLocale([(ev.target as HTMLSelectElement).value]); render(); }) as EventListener,
    }, [locale()]))
    : null;
  return h('header', { class: 'top' },
    h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), h('span', {}, t('app.name')), h('span', { class: 'where' }, where)),
    c ? h('div', { class: 'who' },
      h('span', { class: 'who-line', 'data-testid': 'who' }, t('shell.signedInAs', { subject: c.subject || '?', roles: c.roles.join(', ') || t('shell.noRoles') }),
        c.country ? ` · ${c.country}` : '', c.organisation ? ` · ${c.organisation}` : ''),
      c.expiresAt ? h('span', { class: 'who-line' }, t('shell.expires', { at: formatDateTime(new Date(c.expiresAt).toISOString()) })) : null,
      button(t('shell.signOut'), () => signOut(t('shell.signedOut')))) : null,
    langs,
    c && views.length > 0
      ? h('nav', { 'aria-label': t('shell.navigation') }, h('ul', {}, ...views.map((v) => h('li', {},
        h('a', { href: `#/${v.route}`, 'aria-current': v.route === current ? 'page' : null }, t(v.title))))))
      : null);
}

async function render(): Promise<void> {
  document.documentElement.lang = locale();
  const { route, params } = parseHash();
  const main = h('main', { id: 'main', tabindex: -1 });
  const live = h('div', { id: 'announcer', class: 'visually-hidden', 'aria-live': 'polite' });
  if (!session) {
    document.title = `${t('signIn.title')} — ${t('app.name')}`;
    fill(root, header([], ''), main, live);
    renderSignIn(main, settings, signInMessage, (token) => {
      saveSession(token);
      session = loadSession();
      signInMessage = null;
      scheduleExpiry();
      const first = allowedViews()[0];
      if (first) navigate(first.route);
      else render();
    });
    return;
  }
  const views = allowedViews();
  const view = views.find((v) => v.route === route) ?? views[0];
  fill(root, header(views, view?.route ?? ''), main, live);
  if (!view) {
    fill(main, h('h1', { tabindex: -1 }, t('shell.nothingTitle')), h('p', {}, t('shell.nothing', { roles: session.claims.roles.join(', ') || t('shell.noRoles') })));
    return;
  }
  if (view.route !== route) {
    history.replaceState(null, '', `#/${view.route}`);
  }
  document.title = `${t(view.title)} — ${t('app.name')}`;
  const ctx: ViewContext = { settings, session, api, navigate, params };
  try {
    await view.render(ctx, main);
  } catch (err) {
    main.append(errorBox(err));
  }
  // Move focus to the new page's heading, so keyboard and screen-reader users start there.
  (main.querySelector('h1') as HTMLElement | null)?.focus();
}

function scheduleExpiry(): void {
  window.clearTimeout(expiryTimer);
  const exp = session?.claims.expiresAt;
  if (!exp) return;
  // setTimeout holds at most ~24.8 days; tokens live far less.
  expiryTimer = window.setTimeout(() => signOut(t('errors.UNAUTHENTICATED.TOKEN_EXPIRED')), Math.max(0, Math.min(exp - Date.now(), 2 **31 - 1)));
}

async function boot(): Promise<void> {
  const stored = localStorage.getItem(LANG_KEY);
  setLocale([...(stored ? [stored] : []), ...navigator.languages]);
  document.querySelector('.skip-link')!.textContent = t('shell.skip');
  try {
    const res = await fetch('/console/config.json', { cache: 'no-store', credentials: 'omit' });
    settings = await res.json();
  } catch {
    fill(root, h('main', { id: 'main' }, errorBox(null)));
    return;
  }
  try {
    const token = await completeOidcSignIn();
    if (token) saveSession(token);
  } catch (err) {
    signInMessage = describeError(err).message;
  }
  session = loadSession();
  scheduleExpiry();
  window.addEventListener('hashchange', () => void render());
  await render();
}

void boot();
