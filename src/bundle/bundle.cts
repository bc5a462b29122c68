/**
 * `npm run bundle`: esbuild makes the command line into one file, dist/cli.cjs, from what tsc wrote to dist/
 * (see the README's Performance section; finish-bundle.cts then makes it ASCII and writes its code cache).
 *
 * - Puppeteer, sharp, pdf-lib and chokidar stay outside: they load only when a command needs them, and as
 *   `require`s (no `import()` in a script compiled with `vm`: see code-cache.cts).
 * - js-yaml, which gray-matter loads for a YAML engine bulletin replaces, is left out (js-yaml-unused.ts).
 * - micromark's parser gets a `combineExtensions` that remembers its result (combine-extensions-once.ts);
 *   every other importer of micromark-util-combine-extensions gets the package itself.
 */
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
const source = (file: string): string => path.join(root, 'src', 'bundle', file);

/**
 * micromark/lib/parse.js's import of micromark-util-combine-extensions, to the remembering one. A micromark
 * that no longer imports it there fails the bundle (below), rather than quietly parsing slower.
 */
let redirected = false;
const combineOnce: Plugin = {
  name: 'combine-extensions-once',
  setup(b) {
    b.onResolve({ filter: /^micromark-util-combine-extensions$/ }, (args) => {
      if (!args.importer.split(path.sep).join('/').endsWith('/node_modules/micromark/lib/parse.js')) return undefined;
      redirected = true;
      return { path: source('combine-extensions-once.ts') };
    });
  },
};

build({
  entryPoints: [path.join(root, 'dist', 'cli', 'main.js')],
  outfile: path.join(root, 'dist', 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['puppeteer-core', '@puppeteer/browsers', 'sharp', '@cantoo/pdf-lib', 'chokidar'],
  banner: { js: "const __bulletinImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__bulletinImportMetaUrl' },
  alias: { 'js-yaml': source('js-yaml-unused.ts') },
  supported: { 'dynamic-import': false },
  plugins: [combineOnce],
  logLevel: 'warning',
}).then(
  () => {
    if (redirected) return;
    process.stderr.write('bulletin build: micromark/lib/parse.js no longer imports micromark-util-combine-extensions; see src/bundle/combine-extensions-once.ts.\n');
    process.exitCode = 1;
  },
  () => {
    // esbuild has printed what went wrong.
    process.exitCode = 1;
  },
);
