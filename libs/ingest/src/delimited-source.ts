import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Transform, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { LittoralError, type RowError } from '@littoral/contracts';
import type { ReaderItem } from './types.js';
import { DelimitedParser, type ParsedRecord } from './delimited-parser.js';

export interface DelimitedSourceOptions {
  /** File to read, unless `input` is given. */
  path?: string;
  /** An already open byte stream (e.g. an archive member). */
  input?: Readable;
  /** Label used in errors (member file name inside an archive). */
  file?: string;
  /** Field delimiter; default: tab for .tsv/.tab/.txt names, comma otherwise. */
  delimiter?: string;
  /** Quote character, or false for none (Darwin Core text files often have none). */
  quote?: string | false;
  /** Source encoding (default utf-8). Invalid UTF-8 becomes U+FFFD and is reported per cell. */
  encoding?: string;
  /** Lines to skip before the header (default 0). */
  skipLines?: number;
}

export interface DelimitedRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
  /** Every cell empty or whitespace (e.g. the trailing `,,,,` lines of spreadsheet exports). */
  blank: boolean;
}

const REPLACEMENT = '\uFFFD';

/**
 * Streams a delimited text file record by record with constant memory: decodes
 * the bytes, strips a BOM, accepts CRLF or LF, tracks line numbers. The first
 * record is the header.
 */
export class DelimitedSource {
  private header_: string[] | undefined;
  private bytes = 0;

  constructor(private readonly options: DelimitedSourceOptions) {}

  /** The header row (available once the first record has been read). */
  header(): string[] {
    return this.header_ ?? [];
  }

  bytesRead(): number {
    return this.bytes;
  }

  private delimiter(): string {
    if (this.options.delimiter) return this.options.delimiter;
    const name = (this.options.file ?? this.options.path ?? '').toLowerCase();
    return /\.(tsv|tab|txt)$/.test(name) ? '\t' : ',';
  }

  private open(): Readable {
    const raw = this.options.input ?? createReadStream(this.options.path!);
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.bytes += chunk.length;
        cb(null, chunk);
      },
    });
    raw.on('error', (e: Error) => counter.destroy(e));
    const bytes = raw.pipe(counter);
    const encoding = (this.options.encoding ?? 'utf-8').toLowerCase();
    if (encoding === 'utf-8' || encoding === 'utf8') {
      const decoder = new StringDecoder('utf8');
      const text = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          cb(null, decoder.write(chunk));
        },
        flush(cb) {
          cb(null, decoder.end());
        },
      });
      bytes.on('error', (e) => text.destroy(e));
      return bytes.pipe(text);
    }
    if (!iconv.encodingExists(encoding)) {
      throw new LittoralError('IMPORT_FILE_UNREADABLE', `Unknown encoding "${this.options.encoding}"; use utf-8, latin1, windows-1252, shift_jis, gb18030, euc-kr, tis-620 …`);
    }
    const text = iconv.decodeStream(encoding) as unknown as Transform;
    bytes.on('error', (e: Error) => text.destroy(e));
    return bytes.pipe(text);
  }

  /** Records after the header. Unreadable text (e.g. an unclosed quote) throws with the line number. */
  async *records(): AsyncIterable<DelimitedRecord> {
    for await (const batch of this.batches()) yield* batch;
  }

  /** Records after the header, a chunk's worth at a time (cheaper to iterate than one by one). */
  async *batches(): AsyncIterable<DelimitedRecord[]> {
    const label = this.options.file ?? this.options.path ?? 'input';
    let text: Readable;
    try {
      text = this.open();
    } catch (e) {
      throw e instanceof LittoralError ? e : new LittoralError('IMPORT_FILE_UNREADABLE', `Cannot read ${label}: ${(e as Error).message}`);
    }
    const parser = new DelimitedParser(this.delimiter(), this.options.quote === false ? null : (this.options.quote ?? '"'), label, this.options.skipLines ?? 0);
    const parsed: ParsedRecord[] = [];
    try {
      for await (const chunk of text as AsyncIterable<string>) {
        parser.push(chunk, parsed);
        if (parsed.length) yield this.take(parsed);
      }
      parser.end(parsed);
      if (parsed.length) yield this.take(parsed);
    } catch (e) {
      if (e instanceof LittoralError) throw e;
      const err = e as { code?: string; message: string };
      if (err.code === 'ENOENT') throw new LittoralError('IMPORT_FILE_UNREADABLE', `File not found: ${label}`);
      if (err.code === 'EISDIR') throw new LittoralError('IMPORT_FILE_UNREADABLE', `${label} is a directory; expected a file`);
      throw new LittoralError('IMPORT_FILE_UNREADABLE', `${label} is not readable as delimited text: ${err.message}`);
    } finally {
      text.destroy();
    }
    if (this.header_ === undefined) throw new LittoralError('IMPORT_FILE_UNREADABLE', `${label} is empty: expected a header row`);
  }

  /** Moves parsed records out, taking the first as the header. */
  private take(parsed: ParsedRecord[]): DelimitedRecord[] {
    const out: DelimitedRecord[] = [];
    for (const p of parsed) {
      if (this.header_ === undefined) {
        this.header_ = p.cells.map((c) => c.trim());
        continue;
      }
      out.push({ line: p.line, cells: p.cells, blank: isBlank(p.cells) });
    }
    parsed.length = 0;
    return out;
  }
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
  return true;
}

/**
 * Structural checks every delimited row gets: same number of fields as the
 * header (trailing empty extras are tolerated) and valid text encoding.
 */
export function structuralErrors(rec: DelimitedRecord, header: string[], file?: string): RowError[] {
  const errors: RowError[] = [];
  const extra = rec.cells.slice(header.length);
  if (rec.cells.length < header.length) {
    errors.push({ line: rec.line, file, column: '(row)', value: `${rec.cells.length} fields`, reason: `ragged row: ${rec.cells.length} fields but the header has ${header.length}`, expected: `${header.length} fields` });
  } else if (extra.some((c) => c.trim() !== '')) {
    errors.push({ line: rec.line, file, column: '(row)', value: `${rec.cells.length} fields`, reason: `ragged row: ${rec.cells.length} fields but the header has ${header.length}`, expected: `${header.length} fields` });
  }
  rec.cells.forEach((c, i) => {
    if (c.includes(REPLACEMENT)) {
      errors.push({ line: rec.line, file, column: header[i] ?? `#${i + 1}`, value: truncate(c), reason: 'bad encoding: invalid UTF-8, or a replacement character (U+FFFD) left by an earlier conversion', expected: 'UTF-8 text (or pass --encoding)' });
    }
  });
  return errors;
}

/**
 * The reader item of a line that yields no rows: a blank line, or one failing
 * the structural checks. Undefined when the record is sound and should be read.
 */
export function screenRecord(rec: DelimitedRecord, header: string[], file?: string): ReaderItem | undefined {
  if (rec.blank) return { type: 'blank', line: rec.line, file };
  const errors = structuralErrors(rec, header, file);
  return errors.length ? { type: 'error', line: rec.line, file, errors, raw: rec.cells } : undefined;
}

export function truncate(s: string, n = 200): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
