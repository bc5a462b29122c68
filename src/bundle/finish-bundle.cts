/**
 * Run by `npm run build` right after esbuild, on the command-line bundle dist/cli.cjs:
 *
 * 1. Makes it pure ASCII. esbuild escapes every character outside ASCII in code, but keeps comments as
 *    they are, and a handful of comments in dependencies have curly quotes. One of them makes Node decode
 *    the whole 1.3 MB file as UTF-16, which cost about 10 ms on every start. In a comment, the escape it gets
 *    here is text like any other.
 * 2. Writes dist/cli.cjs.cache, the V8 code cache of the bundle (see code-cache.cts). It loads the bundle
 *    without a cache, runs what an editor runs most (lint, then the HTML build of the example edition,
 *    into a temporary folder, with the image cache pointed there too) and keeps the code V8 compiled.
 *
 * The cache only makes starting faster, so nothing here fails the build: when the example is missing or
 * a warm-up command fails, the cache holds what was compiled up to there, and a note says so.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheFileFor, loadBundle, serializeCache } from './code-cache.cjs';

/** Every UTF-16 unit outside ASCII as a `\\uXXXX` escape. */
function escapeNonAscii(source: string): string {
  return source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function writeAtomically(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}

async function finishBundle(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const entry = path.join(root, 'dist', 'cli.cjs');
  const source = readFileSync(entry, 'utf8');
  const ascii = escapeNonAscii(source);
  if (ascii !== source) writeAtomically(entry, ascii);
  const example = path.join(root, 'examples', 'central-asia-2014-q4');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bulletin-code-cache-'));
  const note = (message: string) => process.stderr.write(`bulletin build: ${message}\n`);
  rmSync(cacheFileFor(entry), { force: true });
  try {
    process.env['XDG_CACHE_HOME'] = path.join(scratch, 'cache');
    const loaded = loadBundle(entry, { useCache: false });
    if (existsSync(example)) {
      const node = process.argv[0]!;
      for (const args of [
        ['lint', example, '--quiet'],
        ['build', example, '--format', 'html', '--out', path.join(scratch, 'out'), '--quiet'],
      ]) {
        await loaded.exports.main([node, 'bulletin', ...args]);
        if (process.exitCode) {
          note(`the warm-up \`bulletin ${args[0]}\` of the example failed (exit ${process.exitCode}); the code cache covers less.`);
          process.exitCode = 0;
        }
      }
    } else {
      note('the example edition is missing, so the code cache covers only loading the command line.');
    }
    writeAtomically(cacheFileFor(entry), serializeCache(entry, loaded));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

finishBundle().catch((err: unknown) => {
  process.stderr.write(`bulletin build: could not finish the bundle (${err instanceof Error ? err.message : String(err)}); the command line starts without one.\n`);
  process.exitCode = 0;
});
