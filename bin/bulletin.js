#!/usr/bin/env node
// The command line is src/ compiled by tsc and then bundled by esbuild into one CommonJS file, which Node
// loads several times faster than the hundreds of modules it is made of, and with a V8 code cache for it
// (`npm ci` and `npm run build` make both; see src/bundle/code-cache.cts). Puppeteer, sharp and pdf-lib
// stay outside the bundle and load only when a command needs them. This file is CommonJS (bin/package.json
// says so): an ES module entry would cost Node some 10 ms more to start.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const entry = path.join(dist, 'cli.cjs');
const loader = path.join(dist, 'bundle', 'code-cache.cjs');
if (!existsSync(entry) || !existsSync(loader)) {
  process.stderr.write('bulletin: the compiled code is missing (dist/). Run `npm ci` or `npm run build` in the bulletin folder first.\n');
  process.exit(2);
}
require(loader).loadBundle(entry).exports.main();
