#!/usr/bin/env node
// Compiles the whole monorepo once (apps and libs) into dist/ and rewrites the
// @littoral/* path aliases into relative requires, so `npx littoral` runs
// without any loader; then builds the web console into dist/console. Runs on
// `npm ci` through the `prepare` script.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const started = Date.now();
if (!fs.existsSync(bin('tsc'))) {
  // Production installs (npm ci --omit=dev) ship a prebuilt dist/.
  console.log('littoral build: TypeScript not installed, skipping build');
  process.exit(0);
}
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
// The web console (apps/console): type-checked, then bundled by Vite into
// dist/console, which the hub and the nodes serve at /console/.
execFileSync(bin('tsc'), ['-p', 'apps/console/tsconfig.json'], { cwd: root, stdio: 'inherit' });
execFileSync(bin('vite'), ['build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
console.log(`littoral build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
