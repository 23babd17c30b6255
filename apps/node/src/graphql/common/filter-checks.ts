import { LittoralError, resolveCountry } from '@littoral/contracts';

// Checks of filter arguments that GraphQL's own types cannot express. Each
// throws INPUT_INVALID naming the argument and what was expected.

function invalid(argument: string, message: string): LittoralError {
  return new LittoralError('INPUT_INVALID', message, { argument });
}

/** A record id (bigint) given as an ID argument. */
export function checkRecordId(value: string, argument: string): string {
  if (!/^[1-9][0-9]{0,18}$/.test(value) || BigInt(value) > 9223372036854775807n) {
    throw invalid(argument, `${argument} "${value}" is not a record id; expected a positive integer id such as 42`);
  }
  return value;
}

/** A country given as ISO 3166-1 alpha-2 (or a name/alpha-3 of a member), returned as alpha-2. */
export function checkCountry(value: string, argument: string): string {
  const code = resolveCountry(value);
  if (!code) throw invalid(argument, `${argument} "${value}" is not a known country; expected an ISO 3166-1 alpha-2 code such as TH`);
  return code;
}

/**
 * An instant given as DateTime. Nest's DateTime scalar turns any string into
 * a Date, so an unreadable one arrives here as an Invalid Date.
 */
export function checkInstant(value: Date, argument: string): Date {
  if (Number.isNaN(value.getTime())) {
    throw invalid(argument, `${argument} is not a date-time; expected ISO 8601 such as 2024-03-31T00:00:00Z`);
  }
  return value;
}

/** `from` must not be after `to` (both inclusive). */
export function checkRange<T extends Date | string>(from: T | null | undefined, to: T | null | undefined, argument: string): void {
  if (from != null && to != null && from > to) {
    const show = (v: T) => (v instanceof Date ? v.toISOString() : v);
    throw invalid(argument, `${argument}.from ${show(from)} is after ${argument}.to ${show(to)}`);
  }
}

/** A calendar date written YYYY-MM-DD that exists. */
export function checkDate(value: string, argument: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw invalid(argument, `${argument} "${value}" is not a date; expected YYYY-MM-DD such as 2024-03-31`);
  }
  return value;
}

/** A non-empty text filter, trimmed. */
export function checkText(value: string, argument: string): string {
  const text = value.trim();
  if (text === '') throw invalid(argument, `${argument} must not be empty`);
  return text;
}

/** Escapes LIKE wildcards so user text matches literally (backslash is PostgreSQL's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
