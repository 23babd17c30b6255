// Embargo on recent records: a record dated after the cutoff is withheld.
import { LittoralError } from '@littoral/contracts';
import { parseInstant } from './instant.js';
import type { Decision } from './policy-engine.js';

const DAY_MS = 86_400_000;

/** The instant `days` × 24 h before `now`; records dated strictly after it are embargoed. */
export function embargoCutoff(now: Date, days: number): Date {
  if (!Number.isFinite(now.getTime())) throw new LittoralError('INPUT_INVALID', 'now must be a valid Date');
  if (!Number.isInteger(days) || days < 0) throw new LittoralError('INPUT_INVALID', 'embargo days must be a non-negative integer');
  return new Date(now.getTime() - days * DAY_MS);
}

/** Latest instant of a date, a date-time or a Darwin Core interval `start/end` (the end decides). */
function latestInstant(date: string | Date): number | undefined {
  if (date instanceof Date) return Number.isFinite(date.getTime()) ? date.getTime() : undefined;
  if (typeof date !== 'string') return undefined;
  const parts = date.split('/');
  if (parts.length > 2) return undefined;
  const times = parts.map((p) => {
    const t = parseInstant(p);
    // A bare date covers the whole day: its latest instant is the next midnight.
    return t !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(p) ? t + DAY_MS - 1 : t;
  });
  if (times.some((t) => t === undefined)) return undefined;
  return Math.max(...(times as number[]));
}

/**
 * Whether a record dated `date` is withheld under the decision's embargo at
 * `now`. With an embargo, a date that cannot be read (or an interval ending
 * after the cutoff) is embargoed: fail closed. A denial embargoes everything.
 */
export function isEmbargoed(date: string | Date | null | undefined, decision: Decision, now: Date): boolean {
  if (!decision.allowed) return true;
  const days = decision.constraints.embargoDays;
  if (days === 0) return false;
  const cutoff = embargoCutoff(now, days).getTime();
  const t = date === null || date === undefined ? undefined : latestInstant(date);
  return t === undefined || t > cutoff;
}
