// Date transforms of the mapping language. Each turns one source spelling into
// ISO 8601 text the validator understands (YYYY-MM-DD, date-time with offset,
// YYYY, YYYY-MM, or start/end of those) — or says why it cannot. None of them
// invents a part the source does not give (no year for `Aug`, no time zone).

export type DateResult = { ok: true; value: string } | { ok: false; reason: string; expected: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** `Aug`, `Aug.`, `August`, `Sept` → 8 or 9; undefined for anything else. */
export function monthNumber(word: string): number | undefined {
  const w = word.trim().toLowerCase().replace(/\.$/, '');
  if (w === 'sept') return 9;
  const i = Math.max(MONTHS.indexOf(w), MONTH_NAMES.indexOf(w));
  return i < 0 ? undefined : i + 1;
}

const ISO = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const ISO_DATETIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * NCEI's US date-times: `M/D/YYYY h:mm[:ss] AM|PM` (12-hour) or `MM/DD/YYYY HH:MM[:SS]`
 * (24-hour), or a bare `M/D/YYYY`. Without `offset` the result is the calendar
 * date only: a time of day without a zone cannot be placed on the timeline (and
 * NCEI writes midnight for "no time"). With `offset` (e.g. "Z") the time is kept.
 * ISO dates and date-times with an offset are accepted as they are.
 */
export function usDateTime(input: string, offset?: string): DateResult {
  const s = input.trim();
  const expected = 'a US date such as 5/16/2012, 5/16/2012 12:00:00 AM or 05/16/2012 14:30';
  if (ISO.test(s) && s.length === 10) return validIso(s) ? { ok: true, value: s } : { ok: false, reason: `not a calendar date: ${s}`, expected };
  if (ISO_DATETIME_OFFSET.test(s)) return { ok: true, value: s };
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(s);
  if (!m) return { ok: false, reason: `not a US date: "${s}"`, expected };
  const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDay(y, mo, d)) return { ok: false, reason: `no such date: month ${mo}, day ${d}, year ${y}`, expected };
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (m[4] === undefined) return { ok: true, value: date };
  let h = Number(m[4]);
  const min = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  const ampm = m[7]?.toUpperCase();
  if (ampm) {
    if (h < 1 || h > 12) return { ok: false, reason: `hour ${h} is not on a 12-hour clock`, expected };
    h = (h % 12) + (ampm === 'PM' ? 12 : 0);
  } else if (h > 23) return { ok: false, reason: `hour ${h} is out of range`, expected };
  if (min > 59 || sec > 59) return { ok: false, reason: `time ${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ''} is out of range`, expected };
  if (offset === undefined) return { ok: true, value: date };
  return { ok: true, value: `${date}T${pad(h)}:${pad(min)}:${pad(sec)}${offset}` };
}

function validIso(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  return m === undefined || d === undefined || validDay(y, m, d);
}

/** EEA `EventDate`: the integer 20180428 → 2018-04-28. */
export function yyyymmdd(input: string): DateResult {
  const s = input.trim();
  const expected = 'a date written as the 8-digit number YYYYMMDD, e.g. 20180428';
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { ok: false, reason: `not an 8-digit YYYYMMDD date: "${s}"`, expected };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDay(y, mo, d)) return { ok: false, reason: `no such date: ${m[1]}-${m[2]}-${m[3]}`, expected };
  return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}` };
}

/**
 * Separate Year / Month / Day columns → `YYYY-MM-DD`, or `YYYY-MM` when Day is
 * empty, or `YYYY` when Month is empty too. Month may be a number or an English
 * month name. An empty Year gives '' (the field is then empty).
 */
export function ymdColumns(year: string, month: string, day: string): DateResult {
  const [ys, ms, ds] = [year.trim(), month.trim(), day.trim()];
  if (ys === '') {
    if (ms !== '' || ds !== '') return { ok: false, reason: `month or day given without a year (year "", month "${ms}", day "${ds}")`, expected: 'a 4-digit year' };
    return { ok: true, value: '' };
  }
  if (!/^\d{4}$/.test(ys)) return { ok: false, reason: `not a 4-digit year: "${ys}"`, expected: 'a 4-digit year, e.g. 2014' };
  const y = Number(ys);
  if (ms === '') {
    if (ds !== '') return { ok: false, reason: `day "${ds}" given without a month`, expected: 'a month (1–12) with the day' };
    return { ok: true, value: ys };
  }
  const mo = /^\d{1,2}$/.test(ms) ? Number(ms) : monthNumber(ms);
  if (mo === undefined || mo < 1 || mo > 12) return { ok: false, reason: `not a month: "${ms}"`, expected: 'a whole month number 1–12 or a month name' };
  if (ds === '') return { ok: true, value: `${ys}-${pad(mo)}` };
  if (!/^\d{1,2}$/.test(ds)) return { ok: false, reason: `not a day of the month: "${ds}"`, expected: 'a whole day number 1–31' };
  const d = Number(ds);
  if (!validDay(y, mo, d)) return { ok: false, reason: `no such date: ${ys}-${pad(mo)}-${pad(d)}`, expected: 'a day that exists in that month' };
  return { ok: true, value: `${ys}-${pad(mo)}-${pad(d)}` };
}

const MON = '([A-Za-z]{3,9}\\.?)';
const YEAR = '(\\d{4})';
const DASH = '\\s*[-–/]\\s*';
const FREE_PATTERNS: { re: RegExp; build: (m: RegExpExecArray) => string | undefined }[] = [
  // 2016
  { re: new RegExp(`^${YEAR}$`), build: (m) => m[1] },
  // 2015-2016
  { re: new RegExp(`^${YEAR}${DASH}${YEAR}$`), build: (m) => (m[1] <= m[2] ? `${m[1]}/${m[2]}` : undefined) },
  // 2016 Feb | Feb 2016
  { re: new RegExp(`^${YEAR}\\s+${MON}$`), build: (m) => ym(m[1], m[2]) },
  { re: new RegExp(`^${MON}\\s+${YEAR}$`), build: (m) => ym(m[2], m[1]) },
  // 2015 Jun-Jul | Jun-Jul 2015 (within one year: the end month must not come first)
  { re: new RegExp(`^${YEAR}\\s+${MON}${DASH}${MON}$`), build: (m) => span(m[1], m[2], m[1], m[3]) },
  { re: new RegExp(`^${MON}${DASH}${MON}\\s+${YEAR}$`), build: (m) => span(m[3], m[1], m[3], m[2]) },
  // Aug 2020-Jan 2021 | 2020 Aug-2021 Jan
  { re: new RegExp(`^${MON}\\s+${YEAR}${DASH}${MON}\\s+${YEAR}$`), build: (m) => span(m[2], m[1], m[4], m[3]) },
  { re: new RegExp(`^${YEAR}\\s+${MON}${DASH}${YEAR}\\s+${MON}$`), build: (m) => span(m[1], m[2], m[3], m[4]) },
  // 2019 fall | Spring 2015: both seasons lie inside one calendar year on
  // either hemisphere, so the year is certain; summer and winter are not.
  { re: /^(\d{4})\s+(spring|fall|autumn)$/i, build: (m) => m[1] },
  { re: /^(spring|fall|autumn)\s+(\d{4})$/i, build: (m) => m[2] },
];

function ym(year: string, month: string): string | undefined {
  const mo = monthNumber(month);
  return mo === undefined ? undefined : `${year}-${pad(mo)}`;
}

function span(y1: string, m1: string, y2: string, m2: string): string | undefined {
  const a = ym(y1, m1);
  const b = ym(y2, m2);
  if (a === undefined || b === undefined || b < a) return undefined;
  return a === b ? a : `${a}/${b}`;
}

/**
 * Free-text sampling periods (DOER `Sample Time`): `2016` → 2016,
 * `2016 Feb` → 2016-02, `2015 Jun-Jul` → 2015-06/2015-07,
 * `Aug 2020-Jan 2021` → 2020-08/2021-01, `2019 fall` → 2019; ISO text passes.
 * Anything else (`Aug` with no year, `2016 Dec-Jan`, `2018 summer`) is returned
 * unchanged, so the validator rejects it with the value the user wrote.
 */
export function freePeriod(input: string): string {
  const s = input.trim().replace(/\s+/g, ' ');
  if (s === '') return '';
  if (isIsoPeriod(s)) return s;
  for (const p of FREE_PATTERNS) {
    const m = p.re.exec(s);
    const value = m ? p.build(m) : undefined;
    if (value !== undefined) return value;
  }
  return input;
}

function isIsoPeriod(s: string): boolean {
  const parts = s.split('/');
  if (parts.length > 2) return false;
  return parts.every((p) => (ISO.test(p) && validIso(p)) || ISO_DATETIME_OFFSET.test(p));
}
