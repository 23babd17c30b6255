// Turning what an administrator typed (GraphQL input, CLI flags, a JSON file)
// into a `Grant` of the policy contract. Pure: the service adds the id, the
// version and the storage. Validation is the policy library's `parseGrant`,
// so what is stored is exactly what the engine will accept.
import { LittoralError } from '@littoral/contracts';
import { parseGrant, type Grant, type GrantProblem } from '@littoral/policy';

/** Assigned by the node, never by the administrator. */
const NODE_KEYS = ['id', 'version', 'revokedAt'] as const;

export const MAX_REASON_LENGTH = 2000;

/** One problem of a bulk request: which entry (0-based), where in it and what was expected. */
export interface IndexedProblem extends GrantProblem {
  readonly index?: number;
}

/**
 * Builds and validates one grant version from an untrusted draft. `datasetId`
 * is taken from the draft unless `fixedDatasetId` is given (a change keeps the
 * grant's dataset; the draft may repeat it but not change it).
 */
export function grantFromDraft(
  draft: unknown,
  ids: { id: string; version: number; fixedDatasetId?: string },
): { ok: true; grant: Grant } | { ok: false; problems: GrantProblem[] } {
  if (typeof draft !== 'object' || draft === null || Array.isArray(draft)) {
    return { ok: false, problems: [{ path: '', message: 'expected a grant object with datasetId, audience, level and optional constraints, validFrom, validUntil' }] };
  }
  const obj = draft as Record<string, unknown>;
  const problems: GrantProblem[] = [];
  for (const key of NODE_KEYS) {
    if (obj[key] !== undefined) problems.push({ path: key, message: `is assigned by the node; leave it out${key === 'revokedAt' ? ' (revoke a grant with revokeGrant / littoral grants revoke)' : ''}` });
  }
  const { id: _id, version: _version, revokedAt: _revokedAt, ...rest } = obj;
  if (ids.fixedDatasetId !== undefined) {
    if (rest['datasetId'] !== undefined && rest['datasetId'] !== ids.fixedDatasetId) {
      problems.push({ path: 'datasetId', message: `a grant stays on its dataset ("${ids.fixedDatasetId}"); create a new grant for another dataset` });
    }
    rest['datasetId'] = ids.fixedDatasetId;
  }
  const parsed = parseGrant({ ...rest, id: ids.id, version: ids.version });
  if (!parsed.ok) problems.push(...parsed.problems.filter((p) => !(NODE_KEYS as readonly string[]).includes(p.path)));
  if (problems.length > 0 || !parsed.ok) return { ok: false, problems };
  return { ok: true, grant: parsed.grant };
}

/** `[2].constraints.minGroupSize` for bulk requests, `constraints.minGroupSize` otherwise. */
export function problemPath(p: IndexedProblem): string {
  if (p.index === undefined) return p.path === '' ? '(grant)' : p.path;
  return p.path === '' ? `[${p.index}]` : `[${p.index}].${p.path}`;
}

/** One GRANT_INVALID error listing every problem (details.problems keeps them machine-readable). */
export function grantInvalid(problems: readonly IndexedProblem[], bulk = false): LittoralError {
  const list = problems.map((p) => `${problemPath(p)}: ${p.message}`).join('; ');
  const head = bulk ? `Invalid grants, nothing was stored (${problems.length} problem${problems.length === 1 ? '' : 's'})` : 'Invalid grant';
  return new LittoralError('GRANT_INVALID', `${head}: ${list}`, {
    problems: problems.map((p) => ({ ...(p.index !== undefined ? { index: p.index } : {}), path: p.path, message: p.message })),
  });
}

/** The reason every grant change must give: required, not blank, at most {@link MAX_REASON_LENGTH} characters. */
export function checkReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw grantInvalid([{ path: 'reason', message: 'give the reason for this change (it is kept in the grant\'s history)' }]);
  }
  if (reason.length > MAX_REASON_LENGTH) {
    throw grantInvalid([{ path: 'reason', message: `at most ${MAX_REASON_LENGTH} characters (got ${reason.length})` }]);
  }
  return reason.trim();
}
