import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConsoleFiles, consoleCsp, defaultConsoleDir, loadConsoleFiles } from './console-files';

describe('console files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'console-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the build: types, hashed assets immutable, source maps and unknown types left out', () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'x');
    writeFileSync(path.join(dir, 'assets', 'index-abc.js.map'), '{}');
    writeFileSync(path.join(dir, 'notes.exe'), 'x');
    const files = loadConsoleFiles(dir);
    expect([...files.keys()].sort()).toEqual(['assets/index-abc.js', 'index.html']);
    expect(files.get('index.html')).toMatchObject({ type: 'text/html; charset=utf-8', immutable: false });
    expect(files.get('assets/index-abc.js')).toMatchObject({ type: 'text/javascript; charset=utf-8', immutable: true, etag: expect.stringMatching(/^"[\w-]{27}"$/) });
  });

  it('is empty without index.html, and finds a build made after start-up', () => {
    expect(loadConsoleFiles(dir).size).toBe(0);
    expect(loadConsoleFiles(null).size).toBe(0);
    const files = new ConsoleFiles(dir);
    expect(files.built).toBe(false);
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    expect(files.get('index.html')).toBeDefined();
    expect(files.built).toBe(true);
  });

  it('has no path that leaves the build', () => {
    writeFileSync(path.join(dir, 'index.html'), 'x');
    const files = new ConsoleFiles(dir);
    for (const p of ['../package.json', '/etc/passwd', 'assets/../../x', '']) expect(files.get(p)).toBeUndefined();
  });

  it('finds dist/console of this installation', () => {
    expect(defaultConsoleDir()).toBe(path.resolve(__dirname, '..', '..', '..', 'dist', 'console'));
  });

  it('CSP: self only, nothing inline; an OIDC issuer is added to connect-src only', () => {
    expect(consoleCsp(null)).toBe(`default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'`);
    expect(consoleCsp('https://login.example')).toContain(`connect-src 'self' https://login.example;`);
    expect(consoleCsp('https://login.example').match(/login\.example/g)).toHaveLength(1);
  });
});
