import Module from 'node:module';
import path from 'node:path';

// Jest applies moduleNameMapper to test files but not to globalSetup. This
// gives globalSetup the same two rules: `@littoral/<lib>` → libs/<lib>/src and
// relative `.js` specifiers → the `.ts` source.
const root = path.resolve(__dirname, '..', '..');
const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
  const alias = /^@littoral\/([a-z-]+)$/.exec(request);
  if (alias) return original.call(this, path.join(root, 'libs', alias[1], 'src', 'index.ts'), ...rest);
  try {
    return original.call(this, request, ...rest);
  } catch (e) {
    if (request.startsWith('.') && request.endsWith('.js')) return original.call(this, request.slice(0, -3), ...rest);
    throw e;
  }
};
