import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// The built console held in memory: a few hundred kilobytes of static files,
// read once at start-up. Only files found there are ever served, so no
// request path can reach anything else on disk.

export interface ConsoleFile {
  body: Buffer;
  type: string;
  etag: string;
  /** Hashed build output (assets/…): cached for a year; everything else is revalidated. */
  immutable: boolean;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** dist/console of the installation this file belongs to (source tree or dist/), or null if none is found. */
export function defaultConsoleDir(from: string = __dirname): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'littoral') return path.join(dir, 'dist', 'console');
      } catch {
        // not ours; keep walking up
      }
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** Reads every file below `dir` (keys are URL paths relative to /console/, e.g. "index.html", "assets/app-1a2b.js"). Empty when the console was not built. */
export function loadConsoleFiles(dir: string | null): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  if (!dir || !existsSync(path.join(dir, 'index.html'))) return files;
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      const full = path.join(dir, rel);
      if (statSync(full).isDirectory()) walk(rel);
      else {
        const type = TYPES[path.extname(name).toLowerCase()];
        if (!type || name.endsWith('.map')) continue;
        const body = readFileSync(full);
        files.set(rel, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, immutable: rel.startsWith('assets/') });
      }
    }
  };
  walk('');
  return files;
}

/**
 * The console's files, read once. If the console was not built when the
 * server started (or was being rebuilt), they are looked for again on the
 * next request until found; once read they stay in memory, so a rebuild
 * under a running server never mixes two builds.
 */
export class ConsoleFiles {
  private files = new Map<string, ConsoleFile>();

  constructor(private readonly dir: string | null) {
    this.files = loadConsoleFiles(dir);
  }

  get(rel: string): ConsoleFile | undefined {
    if (this.files.size === 0) this.files = loadConsoleFiles(this.dir);
    return this.files.get(rel);
  }

  get built(): boolean {
    return this.files.size > 0;
  }
}

/**
 * The Content-Security-Policy of every console response: the console's own
 * files only, its GraphQL at the same origin, nothing from the internet. With
 * an OIDC issuer configured, the browser may also call that issuer (discovery
 * and token endpoints) and be sent to it to sign in.
 */
export function consoleCsp(issuerOrigin: string | null): string {
  const connect = issuerOrigin ? `'self' ${issuerOrigin}` : `'self'`;
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `img-src 'self'`,
    `font-src 'self'`,
    `connect-src ${connect}`,
    `manifest-src 'self'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    `object-src 'none'`,
  ].join('; ');
}
