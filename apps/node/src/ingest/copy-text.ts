/** Encodes one value for Postgres COPY text format. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
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
