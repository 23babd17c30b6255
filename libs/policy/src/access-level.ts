// Access levels and their order. A higher level reveals strictly more than a
// lower one: RECORDS lets a requester compute any aggregate, AGGREGATE lets
// them read the catalogue entry.

/** Access levels in increasing order of what they reveal. */
export const ACCESS_LEVELS = ['METADATA', 'AGGREGATE', 'RECORDS'] as const;

/** METADATA (catalogue entry only) < AGGREGATE (statistics only) < RECORDS (individual records). */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** True when `value` is one of the three access levels, spelled exactly. */
export function isAccessLevel(value: unknown): value is AccessLevel {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** Position of a level in {@link ACCESS_LEVELS}: 0 for METADATA, 2 for RECORDS. */
export function levelRank(level: AccessLevel): number {
  return ACCESS_LEVELS.indexOf(level);
}
