import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import * as yauzl from 'yauzl';
import { LittoralError } from '@littoral/contracts';

/**
 * Read access to the member files of a Darwin Core Archive, zipped or
 * unpacked. Members are opened as byte streams one at a time; nothing is
 * loaded into memory except through `readSmall`.
 */
export interface ArchiveSource {
  /** Member file names ('/'-separated, relative to the zip root or the directory). */
  readonly names: readonly string[];
  /** Opens a member as a stream of its (uncompressed) content. */
  open(name: string): Promise<Readable>;
  /** Reads a small member (meta.xml) fully. */
  readSmall(name: string, limit: number): Promise<Buffer>;
  /**
   * Bytes of `options.path` consumed so far, comparable with its size on
   * disk: for a zip, the COMPRESSED member bytes read from the zip; for a
   * directory, the bytes read from its files.
   */
  bytesRead(): number;
  close(): Promise<void>;
}

/** Opens `path` as an unpacked archive (directory) or a zip. */
export async function openArchive(path: string): Promise<ArchiveSource> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw unreadable(code === 'ENOENT' ? `File not found: ${path}` : `Cannot read ${path}: ${(e as Error).message}`);
  }
  return isDir ? openDirectory(path) : openZip(path);
}

class ByteCounter {
  total = 0;
  /** A pass-through transform adding every chunk's length to `total`. */
  stream(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.total += chunk.length;
        cb(null, chunk);
      },
    });
  }
}

/** Pipes `from` into `to`, forwarding errors so the consumer of `to` sees them. */
function chain(from: Readable, to: Transform): Transform {
  from.on('error', (e: Error) => to.destroy(e));
  return from.pipe(to);
}

async function openDirectory(dir: string): Promise<ArchiveSource> {
  let names: string[];
  try {
    names = await listFiles(dir, '', 3);
  } catch (e) {
    throw unreadable(`Cannot list the directory ${dir}: ${(e as Error).message}`);
  }
  const counter = new ByteCounter();
  const open = new Set<Readable>();
  const source: ArchiveSource = {
    names,
    open: async (name) => {
      const raw = createReadStream(join(dir, name));
      open.add(raw);
      raw.on('close', () => open.delete(raw));
      return chain(raw, counter.stream());
    },
    readSmall: async (name, limit) => readAll(await source.open(name), `${dir}/${name}`, limit),
    bytesRead: () => counter.total,
    close: async () => {
      for (const s of open) s.destroy();
    },
  };
  return source;
}

/** Files under `dir` as '/'-separated relative names, `depth` folder levels deep (meta.xml locations may name sub-folders). */
async function listFiles(dir: string, prefix: string, depth: number): Promise<string[]> {
  const out: string[] = [];
  for (const d of (await readdir(join(dir, prefix), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (d.isFile()) out.push(prefix + d.name);
    else if (d.isDirectory() && depth > 0) out.push(...(await listFiles(dir, `${prefix}${d.name}/`, depth - 1)));
  }
  return out;
}

async function openZip(path: string): Promise<ArchiveSource> {
  let zip: yauzl.ZipFile;
  const entries = new Map<string, yauzl.Entry>();
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (e) {
    throw unreadable(`${path} is neither a directory nor a readable zip archive (${(e as Error).message}); expected a Darwin Core Archive`);
  }
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      // Skip directories and macOS resource forks ("__MACOSX/…", "._name").
      if (name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\._/.test(name)) continue;
      entries.set(name, entry);
    }
  } catch (e) {
    zip.close();
    throw unreadable(`${path} is a damaged zip archive: ${(e as Error).message}`);
  }
  const counter = new ByteCounter();
  const open = new Set<Readable>();
  const source: ArchiveSource = {
    names: [...entries.keys()],
    open: async (name) => {
      const entry = entries.get(name);
      if (!entry) throw unreadable(`${path} has no member ${name}`);
      if (entry.isEncrypted()) throw unreadable(`${path}: ${name} is encrypted; expected an unencrypted archive`);
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw unreadable(`${path}: ${name} uses zip compression method ${entry.compressionMethod}; expected stored (0) or deflate (8)`);
      }
      // Raw (still compressed) bytes, so bytesRead() can count compressed bytes; we inflate ourselves.
      let raw: Readable;
      try {
        raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
      } catch (e) {
        throw unreadable(`${path}: cannot read ${name}: ${(e as Error).message}`);
      }
      open.add(raw);
      raw.on('close', () => open.delete(raw));
      const counted = chain(raw, counter.stream());
      const content = entry.compressionMethod === 8 ? chain(counted, createInflateRaw()) : counted;
      return chain(content, sizeCheck(entry.uncompressedSize, `${path}: ${name}`));
    },
    readSmall: async (name, limit) => readAll(await source.open(name), `${path}: ${name}`, limit),
    bytesRead: () => counter.total,
    close: async () => {
      for (const s of open) s.destroy();
      zip.close();
    },
  };
  return source;
}

/** Fails the stream when a member inflates to another size than its directory entry says (a damaged zip). */
function sizeCheck(expected: number, label: string): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > expected) cb(new Error(`${label} is larger than the ${expected} bytes its zip entry declares`));
      else cb(null, chunk);
    },
    flush(cb) {
      cb(n === expected ? null : new Error(`${label} has ${n} bytes; its zip entry declares ${expected}`));
    },
  });
}

async function readAll(stream: Readable, label: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > limit) {
        stream.destroy();
        throw unreadable(`${label} is larger than ${limit} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    throw e instanceof LittoralError ? e : unreadable(`Cannot read ${label}: ${(e as Error).message}`);
  }
  return Buffer.concat(chunks);
}

function unreadable(message: string): LittoralError {
  return new LittoralError('IMPORT_FILE_UNREADABLE', message);
}
