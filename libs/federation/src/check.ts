// Internal helpers for validating untrusted JSON (GraphQL input at the hub,
// envelopes at the node, answers at the hub). Nothing is coerced and nothing
// unknown is ignored; every problem names the path, what was found and what
// was expected. Not exported from the library's index.

/** One thing wrong with an input, at a JSON path such as `filter.matrices[1]`. */
export interface Problem {
  path: string;
  message: string;
}

export type Json = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short, safe rendering of a value for an error message (never more than 40 characters). */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** Collects problems while reading one input. */
export class Checker {
  readonly problems: Problem[] = [];

  fail(path: string, message: string): undefined {
    this.problems.push({ path, message });
    return undefined;
  }

  /** Reads an object with exactly the allowed keys (unknown keys are problems). */
  object(v: unknown, path: string, allowed: readonly string[], required: readonly string[] = []): Json | undefined {
    if (!isObject(v)) return this.fail(path, `got ${show(v)}; expected an object`);
    for (const key of Object.keys(v).sort()) {
      if (!allowed.includes(key)) this.fail(join(path, key), `unknown key; expected one of ${allowed.join(', ')}`);
    }
    for (const key of required) if (v[key] === undefined) this.fail(join(path, key), 'is required');
    return v;
  }

  string(v: unknown, path: string, opts: { pattern?: RegExp; expected?: string; max?: number } = {}): string | undefined {
    const expected = opts.expected ?? 'a non-empty string without surrounding spaces';
    if (typeof v !== 'string' || v === '' || v !== v.trim()) return this.fail(path, `got ${show(v)}; expected ${expected}`);
    if (v.length > (opts.max ?? 200)) return this.fail(path, `is ${v.length} characters long; expected at most ${opts.max ?? 200}`);
    if (opts.pattern && !opts.pattern.test(v)) return this.fail(path, `got ${show(v)}; expected ${expected}`);
    return v;
  }

  code<T extends string>(v: unknown, path: string, codes: readonly T[], what: string): T | undefined {
    if (typeof v === 'string' && (codes as readonly string[]).includes(v)) return v as T;
    return this.fail(path, `got ${show(v)}; expected ${what}, one of ${codes.join(', ')}`);
  }

  boolean(v: unknown, path: string): boolean | undefined {
    if (typeof v === 'boolean') return v;
    return this.fail(path, `got ${show(v)}; expected true or false`);
  }

  /** A finite number within [min, max]; `integer` requires a safe integer. */
  number(v: unknown, path: string, opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number | undefined {
    const { min = -Infinity, max = Infinity, integer = false, exclusiveMin = false } = opts;
    const expected = `${integer ? 'an integer' : 'a finite number'}${rangeText(min, max, exclusiveMin)}`;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(path, `got ${show(v)}; expected ${expected}`);
    if (integer && !Number.isSafeInteger(v)) return this.fail(path, `got ${show(v)}; expected ${expected}`);
    if (v < min || v > max || (exclusiveMin && v === min)) return this.fail(path, `got ${show(v)}; expected ${expected}`);
    return v;
  }

  /** A non-empty list of distinct items, at most `max` long. */
  list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T | undefined, opts: { max?: number; allowEmpty?: boolean; distinct?: boolean } = {}): T[] | undefined {
    const { max = 1000, allowEmpty = false, distinct = true } = opts;
    if (!Array.isArray(v)) return this.fail(path, `got ${show(v)}; expected a list`);
    if (v.length === 0 && !allowEmpty) return this.fail(path, 'is an empty list; leave the key out instead, or give at least one value');
    if (v.length > max) return this.fail(path, `has ${v.length} entries; expected at most ${max}`);
    const out: T[] = [];
    const seen = new Set<string>();
    const before = this.problems.length;
    v.forEach((x: unknown, i) => {
      const read = item(x, `${path}[${i}]`);
      if (read === undefined) return;
      const key = JSON.stringify(read);
      if (distinct && seen.has(key)) this.fail(`${path}[${i}]`, `${show(x)} is listed twice; list each value once`);
      seen.add(key);
      out.push(read);
    });
    return this.problems.length === before ? out : undefined;
  }
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function rangeText(min: number, max: number, exclusiveMin: boolean): string {
  if (min === -Infinity && max === Infinity) return '';
  if (max === Infinity) return exclusiveMin ? ` greater than ${min}` : ` of at least ${min}`;
  if (min === -Infinity) return ` of at most ${max}`;
  return exclusiveMin ? ` greater than ${min} and at most ${max}` : ` from ${min} to ${max}`;
}

/** Result of reading an input: the typed value, or every problem found. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function finish<T>(c: Checker, value: T | undefined): Parsed<T> {
  if (c.problems.length > 0 || value === undefined) {
    return { ok: false, problems: c.problems.length > 0 ? c.problems : [{ path: '', message: 'could not be read' }] };
  }
  return { ok: true, value };
}
