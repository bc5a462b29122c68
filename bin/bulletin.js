#!/usr/bin/env node
// The command line is src/ compiled by tsc and then bundled by esbuild into one CommonJS file, which Node
// loads several times faster than the hundreds of modules it is made of (`npm ci` and `npm run build` do both).
// Puppeteer, sharp and pdf-lib stay outside the bundle and load only when a command needs them.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const entry = new URL('../dist/cli.cjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('bulletin: the compiled code is missing (dist/). Run `npm ci` or `npm run build` in the bulletin folder first.\n');
  process.exit(2);
}
const { main } = createRequire(import.meta.url)(entry.pathname);
await main();
