import { existsSync } from 'node:fs';
import path from 'node:path';
import { BulletinError } from '../diagnostics.js';
import { CONFIG_FILE } from '../config/load-config.js';

/** The edition folder: the given one, else the current folder or the nearest parent holding bulletin.yaml. */
export function locateEdition(given: string | undefined, cwd = process.cwd()): string {
  if (given !== undefined) {
    const dir = path.resolve(cwd, given);
    if (!existsSync(path.join(dir, CONFIG_FILE))) {
      throw new BulletinError(`There is no ${CONFIG_FILE} in ${dir}. Give the edition folder with --edition, or create one with \`bulletin init\`.`, 'no-edition');
    }
    return dir;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  throw new BulletinError(
    `No ${CONFIG_FILE} was found in ${path.resolve(cwd)} or any folder above it. Run this inside an edition folder, give one with --edition, or create one with \`bulletin init\`.`,
    'no-edition',
  );
}
