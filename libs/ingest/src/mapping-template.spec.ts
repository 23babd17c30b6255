import { LittoralError } from '@littoral/contracts';
import { parseTemplate, renderTemplate } from './mapping-template.js';
import type { ColumnRef } from './mapping-schema.js';

const cells: Record<string, string> = { Date: '2018-04-27', Transect: 'A', Position: '3', Empty: '', '<5mm#2': 'second', '#4': 'by index' };
const key = (r: ColumnRef) => (r.kind === 'index' ? `#${r.index}` : r.occurrence ? `${r.name}#${r.occurrence}` : r.name);
const render = (text: string) => renderTemplate(parseTemplate(text, '$.t'), (r) => cells[key(r)] ?? '');

describe('templates', () => {
  it.each([
    ['{Date}|{Transect}|{Position}', '2018-04-27|A|3'],
    ['beach-{Transect}{Position}', 'beach-A3'],
    ['{Transect}[ / {Empty}]', 'A'],
    ['{Transect}[ / {Position}]', 'A / 3'],
    ['{Empty}[; {Transect}]', '; A'],
    ['{{{Transect}}} [[x]]', '{A} [x]'],
    ['{<5mm@2}', 'second'],
    ['{#4}', 'by index'],
    ['id-{Empty}', ''],
    ['[a: {Empty}][b: {Empty}]', ''],
  ])('%s → "%s"', (text, out) => {
    expect(render(text)).toBe(out);
  });

  it('lists the columns it reads', () => {
    expect(parseTemplate('{A}|{B@2}|{#0}', '$').refs).toEqual([
      { kind: 'name', name: 'A', occurrence: undefined, optional: false },
      { kind: 'name', name: 'B', occurrence: 2, optional: false },
      { kind: 'index', index: 0 },
    ]);
  });

  it.each([
    ['{A', 'Mapping invalid at $.t: unclosed "{" at character 1 of "{A"'],
    ['A}', 'Mapping invalid at $.t: unmatched "}" at character 2 of "A}" (write "}}" for a literal brace)'],
    ['{}', 'Mapping invalid at $.t: empty placeholder "{}"; expected {Column name}, {Column name@2} or {#index}'],
    ['{A@0}', 'Mapping invalid at $.t: occurrence in "{A@0}" must be 1 or more'],
    ['[{A}', 'Mapping invalid at $.t: unclosed "[" in "[{A}"'],
    ['{A}]', 'Mapping invalid at $.t: unmatched "]" at character 4 of "{A}]" (write "]]" for a literal bracket)'],
    ['[[{A}]', 'Mapping invalid at $.t: unmatched "]" at character 6 of "[[{A}]" (write "]]" for a literal bracket)'],
    ['[a[{A}]]', 'Mapping invalid at $.t: nested "[" at character 3 of "[a[{A}]]"; optional parts cannot be nested'],
    ['fixed', 'Mapping invalid at $.t: template "fixed" names no column; use "const" for a fixed value'],
  ])('rejects %s', (text, message) => {
    let err: unknown;
    try {
      parseTemplate(text, '$.t');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LittoralError);
    expect((err as LittoralError).code).toBe('MAPPING_INVALID');
    expect((err as LittoralError).message).toBe(message);
  });
});
