import { LittoralError } from '@littoral/contracts';

// RFC 8785 (JSON Canonicalization Scheme): no whitespace, object members sorted
// by the UTF-16 code units of their names, strings with the minimal escapes of
// RFC 8785 §3.2.2.2, numbers in the ECMAScript shortest round-trip form
// (§3.2.2.3). Hashes are computed over these bytes, so two writers that agree on
// a value agree on its hash whatever order they built its members in.

/**
 * The RFC 8785 canonical JSON text of `value`. Accepts plain objects, arrays,
 * strings, finite numbers, booleans and null; throws INPUT_INVALID for anything
 * else (undefined, NaN, Infinity, BigInt, functions, class instances such as
 * Date, lone UTF-16 surrogates), naming the path of the offending member.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', out, new Set());
  return out.join('');
}

function write(value: unknown, path: string, out: string[], seen: Set<object>): void {
  if (value === null) return void out.push('null');
  switch (typeof value) {
    case 'boolean':
      return void out.push(value ? 'true' : 'false');
    case 'number':
      return void out.push(canonicalNumber(value, path));
    case 'string':
      return void out.push(canonicalString(value, path));
    case 'object':
      break;
    default:
      throw invalid(path, `a ${typeof value} has no JSON form`);
  }
  const obj = value as object;
  if (seen.has(obj)) throw invalid(path, 'the value contains a cycle');
  seen.add(obj);
  if (Array.isArray(obj)) {
    out.push('[');
    obj.forEach((item: unknown, i) => {
      if (i > 0) out.push(',');
      write(item, `${path}[${i}]`, out, seen);
    });
    out.push(']');
  } else {
    const proto = Object.getPrototypeOf(obj) as unknown;
    if (proto !== Object.prototype && proto !== null) throw invalid(path, 'only plain objects have a canonical JSON form');
    const keys = Object.keys(obj).sort(compareUtf16);
    out.push('{');
    keys.forEach((key, i) => {
      if (i > 0) out.push(',');
      out.push(canonicalString(key, `${path} (member name)`), ':');
      write((obj as Record<string, unknown>)[key], `${path}.${key}`, out, seen);
    });
    out.push('}');
  }
  seen.delete(obj);
}

/** Orders strings by their UTF-16 code units, as RFC 8785 §3.2.3 requires (not by locale, not by code point). */
function compareUtf16(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * RFC 8785 §3.2.2.3 prescribes the ECMAScript Number-to-String algorithm
 * (shortest digits that round-trip; exponent form below 1e-6 and from 1e21);
 * JavaScript's own String(number) is that algorithm. -0 becomes 0.
 */
function canonicalNumber(n: number, path: string): string {
  if (!Number.isFinite(n)) throw invalid(path, `${String(n)} is not a JSON number`);
  return Object.is(n, -0) ? '0' : String(n);
}

const SHORT_ESCAPES: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

/** A JSON string with only the escapes RFC 8785 allows: `"`, `\`, and controls below U+0020 (short forms where JSON has them, else \u00xx in lower case). */
function canonicalString(s: string, path: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const short = SHORT_ESCAPES[c];
    if (short !== undefined) out += short;
    else if (c < 0x20) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) throw invalid(path, `a lone UTF-16 surrogate at position ${i} is not Unicode text`);
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) throw invalid(path, `a lone UTF-16 surrogate at position ${i} is not Unicode text`);
    else out += s[i];
  }
  return `${out}"`;
}

function invalid(path: string, what: string): LittoralError {
  return new LittoralError('INPUT_INVALID', `No canonical JSON for ${path}: ${what}`);
}
