import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './paths';

// Browser tests drive the system's Chromium (Debian package `chromium`) with
// playwright-core: no browser download. CI installs the package (.ci/run);
// CHROMIUM_PATH points elsewhere if needed.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of the browser tests (gitignored; kept by CI as artifacts). */
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'console');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine has no internet: without these Chromium keeps trying to reach Google's services.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A fresh browser context (own storage) at a viewport size, collecting console errors and CSP violations. */
export async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|404)/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Opens the console of `baseUrl` and signs in with a pasted token. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

// The functions below run inside the page; they are written as strings
// because this project's TypeScript has no DOM types (Node only).

/** Whether the page scrolls sideways (it must not, at any width). */
export function scrollsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth + 1');
}

const FOCUSED_NAME = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const labelled = el.getAttribute('aria-labelledby');
  const byLabel = (el.labels && el.labels[0] && el.labels[0].textContent) || '';
  return el.getAttribute('aria-label') || (labelled ? document.getElementById(labelled)?.textContent : '') || byLabel || (el.textContent || '').trim();
})()`;

/** Presses Tab `max` times from the top of the page and returns the accessible name of each element focused, in order. */
export async function tabOrder(page: Page, max: number): Promise<string[]> {
  await page.evaluate(`(() => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    start.id = 'tab-order-start';
    document.body.prepend(start);
    start.focus();
  })()`);
  const names: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    names.push(await page.evaluate<string>(FOCUSED_NAME));
  }
  await page.evaluate(`document.getElementById('tab-order-start')?.remove()`);
  return names;
}

/** Form controls, buttons and links on the page without an accessible name (label, aria-label(ledby) or text). */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')]
    .filter((el) => !((el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.textContent || '').trim()))
    .map((el) => el.outerHTML.slice(0, 120))`);
}

/** How many items the page's sessionStorage holds (the console keeps the token there). */
export function sessionItems(page: Page): Promise<number> {
  return page.evaluate<number>('sessionStorage.length');
}
