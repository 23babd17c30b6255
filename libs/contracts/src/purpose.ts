/**
 * The stated purpose of use that comes with every federated query: checked
 * against grants' allowed purposes, carried in the signed envelope and
 * recorded in the audit log. One rule everywhere, so a purpose the hub
 * accepts is never refused further down the path.
 */
export const MAX_PURPOSE_CHARS = 200;

/** Why `purpose` is not a usable stated purpose, or null when it is (trimmed, 1–200 characters, one line). */
export function purposeProblem(purpose: unknown): string | null {
  if (typeof purpose !== 'string' || purpose.trim() === '') return 'expected a non-empty text stating the purpose of use';
  if (purpose.length > MAX_PURPOSE_CHARS) return `expected at most ${MAX_PURPOSE_CHARS} characters (got ${purpose.length})`;
  if (/[\x00-\x1f\x7f]/.test(purpose)) return 'expected one line of text without control characters';
  return null;
}
