// Messages from verification end up in logs and security events: anything taken
// from an untrusted message is quoted and cut short, never echoed whole.

const MAX_SHOWN = 40;

/** A short, quoted rendering of an untrusted value, safe to log. */
export function shown(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return `a ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`;
  const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(cut);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
