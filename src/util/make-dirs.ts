import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './read-text.js';

/**
 * `mkdir -p`, one level at a time. Node's own `mkdir(dir, { recursive: true })` never returns for a folder
 * under /proc (it loops), which would hang a build given `--out /proc/x` or a cache folder there.
 */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    const info = await stat(at).catch((err: unknown) => (errorCode(err) === 'ENOENT' ? undefined : Promise.reject(err)));
    if (info) break;
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing) await mkdir(d).catch((err: unknown) => (errorCode(err) === 'EEXIST' ? undefined : Promise.reject(err)));
  // A file where the folder should be.
  if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(`${dir} exists and is not a folder`), { code: 'EEXIST' });
}

/** makeDirs, synchronously: for the small caches written on the way (see hyphenate.ts). */
export function makeDirsSync(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    if (statSync(at, { throwIfNoEntry: false })) break;
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err;
    }
  }
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} exists and is not a folder`), { code: 'EEXIST' });
}
