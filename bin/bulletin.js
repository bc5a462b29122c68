#!/usr/bin/env node
// The command line lives in dist/ (compiled from src/ by `npm ci` or `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('bulletin: the compiled code is missing (dist/). Run `npm ci` or `npm run build` in the bulletin folder first.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main();
