import { LittoralError } from '@littoral/contracts';

/** A parsed record: its cells and the physical line it starts on. */
export interface ParsedRecord {
  line: number;
  cells: string[];
}

/**
 * Incremental RFC 4180 parser: quoted fields (with doubled quotes and line
 * breaks inside), LF or CRLF records, any one-character delimiter, optional
 * quoting. Text is pushed chunk by chunk; complete records come out, an
 * incomplete tail waits for the next chunk. Much faster than a general CSV
 * library because unquoted fields are cut with indexOf, not char by char.
 */
export class DelimitedParser {
  private pending = '';
  private line = 1;
  private skip: number;
  private started = false;

  constructor(
    private readonly delimiter: string,
    private readonly quote: string | null,
    private readonly label: string,
    skipLines = 0,
  ) {
    this.skip = skipLines;
  }

  /** Parses what `text` completes; records are appended to `out`. */
  push(text: string, out: ParsedRecord[]): void {
    let s = this.pending + text;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    s = this.skipLeading(s, false);
    this.pending = s.slice(this.parse(s, false, out));
  }

  /** Parses the rest at end of input. */
  end(out: ParsedRecord[]): void {
    const s = this.skipLeading(this.pending, true);
    this.pending = '';
    this.parse(s, true, out);
  }

  private skipLeading(s: string, final: boolean): string {
    while (this.skip > 0) {
      const nl = s.indexOf('\n');
      if (nl === -1) return final ? '' : s;
      s = s.slice(nl + 1);
      this.skip--;
      this.line++;
    }
    return s;
  }

  /** Returns how much of `s` was consumed by complete records. */
  private parse(s: string, final: boolean, out: ParsedRecord[]): number {
    const { delimiter: d, quote: q } = this;
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      const start = pos;
      const cells: string[] = [];
      let extraLines = 0;
      let done = false;
      while (!done) {
        if (q !== null && s[pos] === q) {
          let value = '';
          let i = pos + 1;
          for (;;) {
            const j = s.indexOf(q, i);
            if (j === -1 || (j === n - 1 && !final)) {
              if (!final) return start;
              throw this.error(`unclosed quoted field starting on line ${this.line + extraLines}`);
            }
            const chunk = s.slice(i, j);
            extraLines += countNewlines(chunk);
            value += chunk;
            if (s[j + 1] === q) {
              value += q;
              i = j + 2;
              continue;
            }
            pos = j + 1;
            break;
          }
          cells.push(value);
          const c = s[pos];
          if (pos >= n) {
            if (!final) return start;
            done = true;
          } else if (c === d) {
            pos++;
          } else if (c === '\n') {
            pos++;
            done = true;
          } else if (c === '\r' && s[pos + 1] === '\n') {
            pos += 2;
            done = true;
          } else if (c === '\r' && pos + 1 >= n && !final) {
            return start;
          } else {
            throw this.error(`unexpected text after a closing quote on line ${this.line + extraLines}`);
          }
        } else {
          const nl = s.indexOf('\n', pos);
          if (nl === -1 && !final) return start;
          const lineEnd = nl === -1 ? n : nl;
          const dl = s.indexOf(d, pos);
          if (dl !== -1 && dl < lineEnd) {
            cells.push(s.slice(pos, dl));
            pos = dl + 1;
          } else {
            let end = lineEnd;
            if (end > pos && s.charCodeAt(end - 1) === 13) end--;
            cells.push(s.slice(pos, end));
            pos = lineEnd + 1;
            done = true;
          }
        }
      }
      out.push({ line: this.line, cells });
      this.line += 1 + extraLines;
    }
    return pos > n ? n : pos;
  }

  private error(message: string): LittoralError {
    return new LittoralError('IMPORT_FILE_UNREADABLE', `${this.label} is not readable as delimited text: ${message}`);
  }
}

function countNewlines(s: string): number {
  let count = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) count++;
  return count;
}
