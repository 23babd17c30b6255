import type { TrustedKey } from '@littoral/crypto';
import { readCheckpointJws, readEntries } from './audit-store.js';
import { verifyCheckpoint, type SignedCheckpoint } from './checkpoint.js';
import type { SqlRunner } from './sql.js';
import { verifyChain, type ChainVerification } from './verify-chain.js';

export interface DatabaseVerification extends ChainVerification {
  /** Checkpoints whose signature verified (the witnesses used). */
  checkpoints: number;
  /** Stored checkpoints refused (bad signature, unknown key…): not used as witnesses, and worth a look. */
  refusedCheckpoints: { seq: number; code: string; message: string }[];
}

/**
 * Verifies the audit log stored in a database: the checkpoints of `origin`
 * are checked against `trusted` keys first (a refused one is reported and not
 * used), then the entries are streamed in seq order through verifyChain.
 * `extraCheckpoints` are witnessed copies from elsewhere (the hub, JetStream):
 * a log whose own checkpoint table was tampered with is still caught by them.
 */
export async function verifyDatabaseLog(
  db: SqlRunner,
  origin: string,
  trusted: readonly TrustedKey[],
  now: Date,
  extraCheckpoints: readonly string[] = [],
): Promise<DatabaseVerification> {
  const stored = await readCheckpointJws(db, origin);
  const good: SignedCheckpoint[] = [];
  const refusedCheckpoints: DatabaseVerification['refusedCheckpoints'] = [];
  for (const { seq, jws } of [...stored, ...extraCheckpoints.map((jws) => ({ seq: 0, jws }))]) {
    try {
      const cp = await verifyCheckpoint(jws, origin, trusted, now);
      if (seq !== 0 && cp.seq !== seq) throw Object.assign(new Error(`the row says seq ${seq}, the signed checkpoint ${cp.seq}`), { code: 'MESSAGE_MALFORMED' });
      good.push(cp);
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown };
      refusedCheckpoints.push({ seq, code: typeof e.code === 'string' ? e.code : 'ERROR', message: String(e.message) });
    }
  }
  const result = await verifyChain(readEntries(db), good.map(({ origin: o, seq, head, time }) => ({ origin: o, seq, head, time })));
  return { ...result, checkpoints: good.length, refusedCheckpoints };
}
