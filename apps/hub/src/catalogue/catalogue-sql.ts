import type { EntityManager } from 'typeorm';

// What "listed in the regional catalogue" means, in one place: an entry that
// has a verified body, is not withdrawn, whose member is active, and whose
// signing key was not compromised at or before the moment it was signed (a
// key compromised from T vouches for nothing issued at or after T).

/** SQL condition on a catalogue_entry alias: the entry's signature is still trusted. */
export function signatureTrusted(alias: string): string {
  return `${alias}.entry IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM member_key ck WHERE ck.kid = ${alias}.kid AND ck.compromised_at IS NOT NULL
      AND date_trunc('second', ck.compromised_at) <= ${alias}.issued_at)`;
}

/** SQL condition: the entry's member is active. */
export function memberActive(alias: string): string {
  return `EXISTS (SELECT 1 FROM member cm WHERE cm.country = ${alias}.country AND cm.status = 'active')`;
}

/** Recomputes a member's entry count (trusted, not withdrawn), inside the caller's transaction. */
export async function refreshEntryCount(em: EntityManager, country: string): Promise<void> {
  await em.query(
    `UPDATE member SET entry_count = (
       SELECT count(*) FROM catalogue_entry e WHERE e.country = member.country AND NOT e.withdrawn AND ${signatureTrusted('e')})
     WHERE country = $1`,
    [country],
  );
}

/** Marks a member seen at `at` (never moves last_seen_at backwards). */
export async function touchMember(em: EntityManager, country: string, at: Date): Promise<void> {
  await em.query(`UPDATE member SET last_seen_at = GREATEST(coalesce(last_seen_at, $2), $2) WHERE country = $1`, [country, at]);
}
