// Value transforms of the mapping language: pure functions from the text of a
// cell to canonical text, or a reason why the value cannot be transformed.
// Empty stays empty in every step: an absent value is never invented.
import { freePeriod, usDateTime, yyyymmdd } from './mapping-dates.js';
import { normKey, type Otherwise, type Step } from './mapping-schema.js';

export type StepResult = { ok: true; value: string } | { ok: false; reason: string; expected: string };

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

interface Decimal {
  negative: boolean;
  /** Significant digits without leading zeros ('' for zero). */
  digits: string;
  /** Power of ten of the last digit. */
  exp: number;
}

function parseDecimal(s: string): Decimal | undefined {
  const m = DECIMAL.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  return {
    negative: m[1] === '-',
    digits: (m[2] + frac).replace(/^0+/, ''),
    exp: (m[4] ? Number(m[4]) : 0) - frac.length,
  };
}

function formatDecimal(d: Decimal): string {
  if (d.digits === '') return '0';
  let text: string;
  if (d.exp >= 0) text = d.digits + '0'.repeat(d.exp);
  else {
    const padded = d.digits.padStart(-d.exp + 1, '0');
    const cut = padded.length + d.exp;
    text = `${padded.slice(0, cut)}.${padded.slice(cut)}`.replace(/\.?0+$/, '');
  }
  return (d.negative ? '-' : '') + text;
}

/** The k of a factor ±10^k, or undefined. */
function powerOfTen(f: number): number | undefined {
  const k = Math.round(Math.log10(Math.abs(f)));
  return Number(`1e${k}`) === Math.abs(f) ? k : undefined;
}

/**
 * `value × factor` as decimal text. Powers of ten (0.001, 1000, -1 …) shift
 * the decimal point exactly, so 1144.8 g × 0.001 is 1.1448 kg, not
 * 1.1448000000000002; other factors round to 15 significant digits.
 */
export function scaleText(value: string, factor: number): StepResult {
  const s = value.trim();
  const d = parseDecimal(s);
  if (!d) return { ok: false, reason: `not a number: "${s}"`, expected: `a decimal number (it is multiplied by ${factor})` };
  const k = powerOfTen(factor);
  if (k !== undefined && Math.abs(d.exp + k) <= 30) {
    return { ok: true, value: formatDecimal({ negative: d.negative !== factor < 0, digits: d.digits, exp: d.exp + k }) };
  }
  const product = Number(s) * factor;
  if (!Number.isFinite(product)) return { ok: false, reason: `out of range: "${s}"`, expected: 'a finite decimal number' };
  return { ok: true, value: String(Number(product.toPrecision(15))) };
}

function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '');
}

/** Runs one transform. */
export function applyStep(value: string, step: Step): StepResult {
  if (step.op === 'null') return { ok: true, value: step.tokens.has(normKey(value)) ? '' : value };
  if (value.trim() === '') return { ok: true, value: '' };
  switch (step.op) {
    case 'split': {
      const parts = value.split(step.separator);
      if (step.part >= parts.length) {
        return { ok: false, reason: `"${value}" has ${parts.length} part(s) separated by "${step.separator}"; part ${step.part} was asked for`, expected: `${step.part + 1} or more parts separated by "${step.separator}"` };
      }
      return { ok: true, value: parts[step.part].trim() };
    }
    case 'map': {
      const hit = step.table.get(normKey(value));
      if (hit !== undefined) return { ok: true, value: hit };
      return otherwise(value, step.otherwise, listed([...step.table.keys()].map((k) => `"${k}"`)));
    }
    case 'cases': {
      for (const c of step.cases) {
        const m = c.match.exec(value.trim());
        if (m) return { ok: true, value: expand(c.value, m) };
      }
      return otherwise(value, step.otherwise, `a value matching ${listed(step.cases.map((c) => `/${c.match.source}/`), ' or ')}`);
    }
    case 'date': {
      if (step.format === 'free-period') return { ok: true, value: freePeriod(value) };
      return step.format === 'yyyymmdd' ? yyyymmdd(value) : usDateTime(value, step.offset);
    }
    case 'scale':
      return scaleText(value, step.factor);
  }
}

function otherwise(value: string, o: Otherwise, known: string): StepResult {
  if ('keep' in o) return { ok: true, value };
  if ('value' in o) return { ok: true, value: o.value };
  return { ok: false, reason: `no mapping for "${value}"; the mapping accepts ${known}`, expected: o.error };
}

function listed(items: string[], sep = ', '): string {
  return items.length > 8 ? `${items.slice(0, 8).join(sep)}${sep}… (${items.length} in all)` : items.join(sep);
}

/** Runs transforms in order; the first failure stops. */
export function applySteps(value: string, steps: readonly Step[]): StepResult {
  let current = value;
  for (const step of steps) {
    const r = applyStep(current, step);
    if (!r.ok) return r;
    current = r.value;
  }
  return { ok: true, value: current };
}
