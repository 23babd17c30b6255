// Templates join several source columns into one value, e.g.
// "{Location_name}|{Date_YYYY-MM-DD}|{Transect}|{Position}". `{Name@2}` is the
// 2nd column of that name, `{#5}` the column at 0-based index 5; `[ … ]` is an
// optional part, left out when any column inside it is empty. `{{ }} [[ ]]`
// are literal brackets.
import { LittoralError } from '@littoral/contracts';

/** A source column: by header name (n-th occurrence for duplicate names) or by 0-based index. */
export type ColumnRef = { kind: 'name'; name: string; occurrence?: number; optional: boolean } | { kind: 'index'; index: number };

export type TemplatePart = { lit: string } | { ref: ColumnRef } | { group: TemplatePart[] };

export interface Template {
  text: string;
  parts: TemplatePart[];
  refs: ColumnRef[];
}

function fail(path: string, message: string): never {
  throw new LittoralError('MAPPING_INVALID', `Mapping invalid at ${path}: ${message}`, { path });
}

function placeholder(body: string, path: string): ColumnRef {
  if (body.includes('{')) fail(path, `"{" inside the placeholder "{${body}}"; close each placeholder with "}"`);
  const index = /^#(\d+)$/.exec(body);
  if (index) return { kind: 'index', index: Number(index[1]) };
  const nth = /^(.*)@(\d+)$/.exec(body);
  const name = (nth ? nth[1] : body).trim();
  if (name === '') fail(path, `empty placeholder "{${body}}"; expected {Column name}, {Column name@2} or {#index}`);
  if (nth && Number(nth[2]) < 1) fail(path, `occurrence in "{${body}}" must be 1 or more`);
  return { kind: 'name', name, occurrence: nth ? Number(nth[2]) : undefined, optional: false };
}

export function parseTemplate(text: string, path: string): Template {
  const refs: ColumnRef[] = [];
  const stack: TemplatePart[][] = [[]];
  let lit = '';
  const flush = () => {
    if (lit) stack[stack.length - 1].push({ lit });
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if ((c === '{' || c === '}' || c === '[' || c === ']') && next === c) {
      lit += c;
      i++;
    } else if (c === '{') {
      const end = text.indexOf('}', i + 1);
      if (end < 0) fail(path, `unclosed "{" at character ${i + 1} of "${text}"`);
      flush();
      const ref = placeholder(text.slice(i + 1, end), path);
      refs.push(ref);
      stack[stack.length - 1].push({ ref });
      i = end;
    } else if (c === '}') {
      fail(path, `unmatched "}" at character ${i + 1} of "${text}" (write "}}" for a literal brace)`);
    } else if (c === '[') {
      if (stack.length > 1) fail(path, `nested "[" at character ${i + 1} of "${text}"; optional parts cannot be nested`);
      flush();
      stack.push([]);
    } else if (c === ']') {
      if (stack.length === 1) fail(path, `unmatched "]" at character ${i + 1} of "${text}" (write "]]" for a literal bracket)`);
      flush();
      const group = stack.pop()!;
      stack[0].push({ group });
    } else {
      lit += c;
    }
  }
  if (stack.length > 1) fail(path, `unclosed "[" in "${text}"`);
  flush();
  if (refs.length === 0) fail(path, `template "${text}" names no column; use "const" for a fixed value`);
  return { text, parts: stack[0], refs };
}

/**
 * Fills a template. Empty when every referenced value is empty, so an id
 * template never turns a blank cell into a non-empty id like "||".
 */
export function renderTemplate(t: Template, value: (ref: ColumnRef) => string): string {
  const values = new Map<ColumnRef, string>(t.refs.map((r) => [r, value(r)]));
  if ([...values.values()].every((v) => v === '')) return '';
  const render = (parts: TemplatePart[]): string =>
    parts
      .map((p) => {
        if ('lit' in p) return p.lit;
        if ('ref' in p) return values.get(p.ref) ?? '';
        const inner = p.group.filter((g): g is { ref: ColumnRef } => 'ref' in g);
        return inner.some((g) => (values.get(g.ref) ?? '') === '') ? '' : render(p.group);
      })
      .join('');
  return render(t.parts);
}
