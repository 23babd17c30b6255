import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of a JSON value in canonical form: object members sorted by
 * name at every depth, no whitespace. Two values that mean the same JSON hash
 * the same, whatever order their members were built in.
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with object members sorted by name (arrays keep their order; undefined members are dropped, as JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    // A null-prototype object keeps a member named "__proto__" as data.
    const sorted: Record<string, unknown> = Object.create(null);
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
