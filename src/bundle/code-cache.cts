/**
 * Loads the command-line bundle (dist/cli.cjs) with a V8 code cache, so that a command starts without
 * compiling the functions it runs: Node 22 has `module.enableCompileCache()` for this, Node 20 does not.
 *
 * `npm run build` writes the cache (dist/cli.cjs.cache) right after bundling, by running the lint and the
 * HTML build of the example edition and keeping the code V8 compiled for them (see finish-bundle.cts).
 * A cache that does not fit is never used: V8 refuses one from another V8 version or other flags, and the
 * header below ties it to the size and modification time of the bundle it was made for (V8 itself checks
 * only the length of the source). Without a usable cache V8 compiles the bundle as `require` would.
 *
 * A script compiled with `vm` has no `import()` (on Node 20 that needs an experimental loader), so the
 * bundle script tells esbuild to turn the lazy `import()`s of puppeteer, sharp, pdf-lib and chokidar into
 * `require`s; all four ship CommonJS.
 *
 * CommonJS on purpose: bin/bulletin.js loads it before anything else, and an ES module entry costs Node an
 * extra 10 ms to start its ES module loader.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export interface CliModule {
  main(argv?: string[]): Promise<void>;
}

export interface LoadedBundle {
  exports: CliModule;
  /** The compiled script, for writing a new cache. */
  script: vm.Script;
  /** True when V8 took the cache. */
  cacheUsed: boolean;
}

const MAGIC = 'bulletin-code-cache-1';

export function cacheFileFor(entry: string): string {
  return `${entry}.cache`;
}

/** The header of a cache for `entry`: what the cache is tied to, the bundle's size and modification time. */
export function cacheHeader(entry: string): string {
  const s = statSync(entry);
  return `${MAGIC} ${s.size} ${Math.trunc(s.mtimeMs)}\n`;
}

/** The cache data for `entry`, or undefined when there is none or it was made for another bundle. */
function readCache(entry: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFileFor(entry));
  } catch {
    return undefined;
  }
  const header = Buffer.from(cacheHeader(entry), 'latin1');
  if (data.length <= header.length || !data.subarray(0, header.length).equals(header)) return undefined;
  return data.subarray(header.length);
}

/**
 * Loads the bundle. With `useCache: false` it is compiled without a cache (the writer does this, then calls
 * `serializeCache` after running it).
 */
export function loadBundle(entry: string, options: { useCache?: boolean } = {}): LoadedBundle {
  const requireFromBundle = createRequire(entry);
  const cachedData = options.useCache === false ? undefined : readCache(entry);
  // ASCII (see finish-bundle.cts), so decoding is a copy and V8 gets a compact one-byte string.
  const source = readFileSync(entry, 'utf8');
  // Node's own CommonJS wrapper, on the first line so that line numbers in stack traces stay right.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
    filename: entry,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as CliModule, id: entry, filename: entry, loaded: false };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, requireFromBundle, module, entry, path.dirname(entry));
  module.loaded = true;
  return { exports: module.exports, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The cache file's contents for a bundle loaded and run with `loadBundle(entry, { useCache: false })`. */
export function serializeCache(entry: string, loaded: LoadedBundle): Buffer {
  return Buffer.concat([Buffer.from(cacheHeader(entry), 'latin1'), loaded.script.createCachedData()]);
}
