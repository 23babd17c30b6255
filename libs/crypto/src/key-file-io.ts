import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LittoralError } from '@littoral/contracts';
import { validateKeyFile, type KeyFile } from './key-file.js';

// Key files hold private keys: they are read only when no one but their owner
// can read them, and written so that a crash never leaves half a file.

/** A key file larger than this is not a key file (and is not read into memory). */
const MAX_KEY_FILE_BYTES = 1024 * 1024;
const OWNER_ONLY = 0o600;

/** Options of {@link writeKeyFile}. */
export interface WriteKeyFileOptions {
  /** Replace an existing file (its keys are lost unless they are in `kf`). Default false. */
  overwrite?: boolean;
}

/**
 * Reads and validates a key file. Refuses, with KEY_FILE_INVALID naming the
 * path and the fix, a file that group or others may read or write. Never puts
 * key material in an error message.
 */
export async function readKeyFile(file: string): Promise<KeyFile> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw ioError(err, file, 'read');
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new LittoralError('KEY_FILE_INVALID', `Key file ${file} is not a regular file`);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new LittoralError(
        'KEY_FILE_INVALID',
        `Key file ${file} has mode ${mode}: group or others may access it, and it holds private keys; run \`chmod 600 ${file}\` and check that no one else has read it`,
      );
    }
    if (stat.size > MAX_KEY_FILE_BYTES) throw new LittoralError('KEY_FILE_INVALID', `Key file ${file} is ${stat.size} bytes; a key file is far smaller than ${MAX_KEY_FILE_BYTES} bytes`);
    const text = await handle.readFile('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // JSON.parse quotes the text around the error: that could be key material.
      throw new LittoralError('KEY_FILE_INVALID', `Key file ${file} is not valid JSON`);
    }
    return await validateKeyFile(json, file);
  } catch (err) {
    if (err instanceof LittoralError) throw err;
    throw ioError(err, file, 'read');
  } finally {
    await handle.close();
  }
}

/**
 * Writes a key file atomically (a temporary file beside it, synced, then
 * renamed into place) with mode 0600. Refuses to replace an existing file
 * unless `options.overwrite` is set.
 */
export async function writeKeyFile(file: string, kf: KeyFile, options: WriteKeyFileOptions = {}): Promise<void> {
  const valid = await validateKeyFile(kf, file);
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let tempExists = false;
  try {
    const handle = await open(temp, 'wx', OWNER_ONLY);
    tempExists = true;
    try {
      await handle.chmod(OWNER_ONLY); // whatever the umask
      await handle.writeFile(`${JSON.stringify(valid, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await rename(temp, file);
      tempExists = false;
    } else {
      await placeWithoutOverwrite(temp, file);
    }
    await syncDirectory(dir);
  } catch (err) {
    if (err instanceof LittoralError) throw err;
    throw ioError(err, file, 'write');
  } finally {
    if (tempExists) await unlink(temp).catch(() => undefined);
  }
}

/** Moves `temp` to `file` only if `file` does not exist: a hard link fails atomically if it does. */
async function placeWithoutOverwrite(temp: string, file: string): Promise<void> {
  try {
    await link(temp, file);
    return;
  } catch (err) {
    if (codeOf(err) === 'EEXIST') throw alreadyExists(file);
    // Some filesystems have no hard links: fall back to check-then-rename.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS'].includes(codeOf(err) ?? '')) throw err;
  }
  const existing = await lstat(file).catch((err: unknown) => {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw err;
  });
  if (existing) throw alreadyExists(file);
  await rename(temp, file);
}

function alreadyExists(file: string): LittoralError {
  return new LittoralError('KEY_FILE_INVALID', `Key file ${file} already exists; refusing to overwrite it (its keys would be lost). Choose another path, or replace it deliberately (littoral keys generate --force)`);
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename durable; not every platform can open a directory, so this is best effort.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only.
  }
}

function ioError(err: unknown, file: string, action: 'read' | 'write'): LittoralError {
  const code = codeOf(err);
  const reason =
    code === 'ENOENT' ? (action === 'read' ? 'does not exist; create one with `littoral keys generate` or set LITTORAL_KEY_FILE' : 'cannot be created: its directory does not exist')
    : code === 'EACCES' || code === 'EPERM' ? `cannot be ${action === 'read' ? 'read' : 'written'} by this user (permission denied)`
    : code === 'EISDIR' ? 'is a directory'
    : `cannot be ${action === 'read' ? 'read' : 'written'} (${code ?? 'unknown error'})`;
  return new LittoralError('KEY_FILE_INVALID', `Key file ${file} ${reason}`);
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
