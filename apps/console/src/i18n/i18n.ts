import en from './messages/en.json';

// Interface text lives in message files, one per language (English first).
// A language is added by writing messages/<code>.json with the same keys
// (missing keys fall back to English) and listing it in LOCALES.

export type MessageKey = keyof typeof en;
type Catalog = Partial<Record<MessageKey, string>>;

/** Languages the console offers: code (BCP 47) and the language's own name. */
export const LOCALES: readonly { code: string; name: string; catalog: Catalog }[] = [{ code: 'en', name: 'English', catalog: en }];

let current: Catalog = en;
let currentCode = 'en';

/** Chooses the language: the stored choice, else the browser's, else English. */
export function setLocale(preferred: readonly string[]): string {
  for (const p of preferred) {
    const found = LOCALES.find((l) => l.code === p || l.code === p.split('-')[0]);
    if (found) {
      current = found.catalog;
      currentCode = found.code;
      return found.code;
    }
  }
  current = en;
  currentCode = 'en';
  return 'en';
}

export function locale(): string {
  return currentCode;
}

/** The message for `key` with {placeholders} filled in. */
export function t(key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): string {
  const template = current[key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A message that depends on a number: `<key>.one`, `<key>.few`… by the language's plural rules where the file has them, else `<key>`. */
export function tn(key: MessageKey, count: number, vars: Readonly<Record<string, string | number>> = {}): string {
  const specific = `${key}.${new Intl.PluralRules(currentCode).select(count)}`;
  return t(hasMessage(specific) ? specific : key, { count, ...vars });
}

/** Whether a message exists (for codes sent by the server, e.g. error and manifest codes). */
export function hasMessage(key: string): key is MessageKey {
  return key in en;
}

/** Numbers and dates in the user's language. */
export function formatNumber(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(currentCode, { maximumSignificantDigits: Math.abs(n) >= 1000 ? undefined : digits, maximumFractionDigits: Math.abs(n) >= 1000 ? 0 : undefined }).format(n);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(currentCode, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(d) + ' UTC';
}
