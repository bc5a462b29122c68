import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of bulletin's own package.json, found by walking up from this module: the code runs from src/
 * (tests), dist/ (the library) and dist/cli-bundle/ (the command line), at different depths.
 */
export const PACKAGE_ROOT: string = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** bulletin's package.json, parsed once. */
export const PACKAGE_JSON: { name: string; version: string } = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'),
) as { name: string; version: string };

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && isBulletinPackage(file)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`bulletin: cannot find its own package.json above ${start}; reinstall bulletin.`);
  }
}

function isBulletinPackage(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'bulletin';
  } catch {
    return false;
  }
}
