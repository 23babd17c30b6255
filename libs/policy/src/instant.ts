// Strict reading of the instants used by grants and records. Anything not
// recognised is `undefined`, and callers fail closed on it.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function validCalendarDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2025-02-30 over to March; a round trip catches it.
  return new Date(ms).toISOString().slice(0, 10) === date;
}

/**
 * Milliseconds since the epoch of an ISO 8601 date (`2025-01-31`, read as UTC
 * midnight) or date-time with an explicit zone (`2025-01-31T08:00:00+07:00`).
 * Returns undefined for anything else, including impossible dates and
 * date-times without a zone (which would depend on the server's zone).
 */
export function parseInstant(text: string): number | undefined {
  if (DATE.test(text)) return validCalendarDate(text) ? Date.parse(`${text}T00:00:00Z`) : undefined;
  const m = DATE_TIME.exec(text);
  if (!m || !validCalendarDate(m[1] as string)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
