const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPABLE = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Encodes one value for Postgres COPY text format. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  const s = String(v);
  // Most values need no escaping: test once instead of four replaces.
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPABLE, (c) => ESCAPES[c]) : s;
}

/** One COPY text line from values in column order. */
export function copyLine(values: readonly unknown[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) {
    if (i) s += '\t';
    s += copyValue(values[i]);
  }
  return s + '\n';
}
