#!/usr/bin/env node
// `npm run demo`: a regional hub and three country nodes on this machine (docs/demo.md).
// The demo is TypeScript in apps/demo, compiled into dist/ by the build (`npm ci` runs it).
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'apps', 'demo', 'src', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('littoral demo: the project is not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
require(entry);
