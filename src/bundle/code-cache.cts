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
 * A script compiled with `vm` has no `import()` (on Node 20 that needs an experimental loader), so
 * bundle.cts tells esbuild to turn the lazy `import()`s of puppeteer, sharp, pdf-lib and chokidar into
 * `require`s; all four ship CommonJS.
 *
 * CommonJS on purpose: bin/bulletin.js loads it before anything else, and an ES module entry costs Node an
 * extra 10 ms to start its ES module loader.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
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

/**
 * V8 settings for the bundle, set before it is compiled, when the cache is written as when it is read (V8
 * refuses a cache made under other flags, so both must pass through loadBundle).
 *
 * `-compiler` keeps TurboFan off one function: mdast-util-from-markdown's `compiler`, which builds some
 * ninety handler closures each time a report is parsed. After a few hundred reports V8 decides to optimize
 * it, and TurboFan's escape analysis then spends 0.5 to 0.7 s of a core on that one function. Nothing waits
 * for the result during the run, but a process exits only once the compiler threads have finished: lint of
 * 1,000 reports sat idle for a quarter of a second at its end, and on two cores the compile competed with
 * the parser all along. The function runs once per report, so optimizing it gains nothing measurable.
 */
export const V8_FLAGS = ['--turbo-filter=-compiler'];

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
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
  const requireFromBundle = createRequire(entry);
  const cachedData = options.useCache === false ? undefined : readCache(entry);
  // ASCII (see finish-bundle.cts), so it is read as Latin-1: the same string, a plain copy, and V8 gets a
  // compact one-byte string. Read as UTF-8, the 1.5 MB took 15 to 20 ms longer to decode.
  const source = readFileSync(entry, 'latin1');
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
