import fc from 'fast-check';
import { DelimitedParser, type ParsedRecord } from './delimited-parser';

function parseAll(chunks: string[], delimiter = ',', quote: string | null = '"', skip = 0): ParsedRecord[] {
  const p = new DelimitedParser(delimiter, quote, 'test.csv', skip);
  const out: ParsedRecord[] = [];
  for (const c of chunks) p.push(c, out);
  p.end(out);
  return out;
}

describe('DelimitedParser', () => {
  it('reads LF and CRLF records, a BOM and a last line without newline', () => {
    expect(parseAll(['\uFEFFa,b\r\n1,2\n3,4'])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, keeping the start line', () => {
    expect(parseAll(['h1,h2\n"a, b","say ""hi""\nthere"\nx,y\n'])).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['a, b', 'say "hi"\nthere'] },
      { line: 4, cells: ['x', 'y'] },
    ]);
  });

  it('keeps empty fields and empty lines', () => {
    expect(parseAll(['a,,\n\n,,c\n'])).toEqual([
      { line: 1, cells: ['a', '', ''] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['', '', 'c'] },
    ]);
  });

  it('reads tab-separated text without quoting', () => {
    expect(parseAll(['a\t"b\n"c"\td\n'], '\t', null)).toEqual([
      { line: 1, cells: ['a', '"b'] },
      { line: 2, cells: ['"c"', 'd'] },
    ]);
  });

  it('skips lines before the header and counts them', () => {
    expect(parseAll(['title line\nh\n1\n'], ',', '"', 1)).toEqual([
      { line: 2, cells: ['h'] },
      { line: 3, cells: ['1'] },
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseAll(['a\n"open,b\nc\n'])).toThrow(/unclosed quoted field starting on line 2/);
    expect(() => parseAll(['a\n"x"y,b\n'])).toThrow(/unexpected text after a closing quote on line 2/);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const cell = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', 'é') }), fc.constantFrom('', 'x'));
    const records = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(records, fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (recs, cuts, crlf) => {
        const quoted = (c: string) => (/[",\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c);
        const text = recs.map((r) => r.map(quoted).join(',')).join(crlf ? '\r\n' : '\n') + '\n';
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(text.slice(prev, p));
          prev = p;
        }
        chunks.push(text.slice(prev));
        const got = parseAll(chunks).map((r) => r.cells);
        expect(got).toEqual(recs);
      }),
    );
  });
});
