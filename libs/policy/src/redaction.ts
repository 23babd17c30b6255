// Redaction: whitelisting by omission — the named fields are dropped.

/**
 * Returns a copy of `record` without the named fields, compared trimmed and
 * case-insensitively (so `Team_Member_Name` is removed when `team_member_name`
 * is redacted).
 */
export function redact(record: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  const gone = new Set(fields.map((f) => f.trim().toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!gone.has(key.trim().toLowerCase())) out[key] = value;
  }
  return out;
}
