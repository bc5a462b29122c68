/**
 * The command line's bundle and its V8 code cache (src/bundle/): the bundle `npm run build` writes is ASCII
 * and has no `import()` (a script compiled with `vm` could not run one), its cache is taken, and a cache
 * that does not belong to the bundle beside it is never used.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/edition.js';

const DIST = path.join(ROOT, 'dist');
const ENTRY = path.join(DIST, 'cli.cjs');
const LOADER = path.join(DIST, 'bundle', 'code-cache.cjs');

/** Loads `entry` in a fresh Node (same flags as the command line), runs `--version`, reports whether the cache was used. */
function load(entry: string): { cacheUsed: boolean; stdout: string; stderr: string } {
  const script = `const b = require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(entry)});
process.stderr.write('cacheUsed=' + b.cacheUsed + '\\n');
b.exports.main([process.execPath, 'bulletin', '--version']);`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(r.status, r.stderr).toBe(0);
  const m = /cacheUsed=(true|false)/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return { cacheUsed: m![1] === 'true', stdout: r.stdout, stderr: r.stderr.replace(/cacheUsed=\w+\n/, '') };
}

const copies: string[] = [];
/** A copy of the bundle beside the real one (so that it finds the package as the real one does). */
function copyBundle(): string {
  const copy = path.join(DIST, `.test-copy-${process.pid}-${copies.length}.cjs`);
  copies.push(copy, `${copy}.cache`);
  copyFileSync(ENTRY, copy);
  return copy;
}
afterEach(() => {
  for (const f of copies.splice(0)) rmSync(f, { force: true });
});

describe('the command-line bundle', () => {
  it('is ASCII and has no import(), so that it loads as a one-byte string through vm', () => {
    const source = readFileSync(ENTRY, 'utf8');
    expect(source.length).toBeGreaterThan(100_000);
    expect(source.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
    expect(source.match(/\bimport\(/g) ?? []).toEqual([]);
  });

  it('starts with the code cache that npm run build wrote for it', () => {
    const r = load(ENTRY);
    expect(r.cacheUsed).toBe(true);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.stderr).toBe('');
  });

  it('does not use a cache made for another bundle, and runs without it', () => {
    // A copy has its own modification time, so the original's cache header does not match it.
    const copy = copyBundle();
    copyFileSync(`${ENTRY}.cache`, `${copy}.cache`);
    const stale = load(copy);
    expect(stale.cacheUsed).toBe(false);
    expect(stale.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    // The control: the same cache under a header made for the copy is taken.
    const { cacheHeader } = createRequire(import.meta.url)(LOADER) as { cacheHeader(entry: string): string };
    const original = readFileSync(`${ENTRY}.cache`);
    const data = original.subarray(original.indexOf(10) + 1);
    writeFileSync(`${copy}.cache`, Buffer.concat([Buffer.from(cacheHeader(copy), 'latin1'), data]));
    expect(load(copy).cacheUsed).toBe(true);

    // The right header over data that is not a code cache: V8 refuses it, and the bundle still runs.
    writeFileSync(`${copy}.cache`, Buffer.concat([Buffer.from(cacheHeader(copy), 'latin1'), Buffer.alloc(4096, 7)]));
    const corrupt = load(copy);
    expect(corrupt.cacheUsed).toBe(false);
    expect(corrupt.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(corrupt.stderr).toBe('');
  });
});
