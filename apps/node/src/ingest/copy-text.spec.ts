import { copyLine, copyValue } from './copy-text';

describe('COPY text encoding', () => {
  it.each([
    [null, '\\N'],
    [undefined, '\\N'],
    [true, 't'],
    [false, 'f'],
    [1.5, '1.5'],
    [Number.NaN, '\\N'],
    ['plain text', 'plain text'],
    ['tab\there', 'tab\\there'],
    ['two\nlines\r\n', 'two\\nlines\\r\\n'],
    ['back\\slash', 'back\\\\slash'],
    [new Date('2024-03-05T02:30:00Z'), '2024-03-05T02:30:00.000Z'],
  ])('encodes %p as %p', (value, expected) => {
    expect(copyValue(value)).toBe(expected);
  });

  it('joins a line with tabs and ends it with a newline', () => {
    expect(copyLine([1, 'a\tb', null])).toBe('1\ta\\tb\t\\N\n');
  });
});
