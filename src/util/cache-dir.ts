import os from 'node:os';
import path from 'node:path';

/**
 * Where bulletin keeps what it can compute again (resampled photos, lint results, hyphenation patterns as
 * JSON): a folder of `kind` in BULLETIN_CACHE_DIR, else in the user's cache folder (XDG_CACHE_HOME, or
 * ~/.cache); not in the edition, which is under version control (unless BULLETIN_CACHE_DIR names a folder
 * there).
 */
export function cacheDir(kind: 'images' | 'lint' | 'hyphen'): string {
  const env = process.env;
  if (env['BULLETIN_CACHE_DIR']) return path.join(env['BULLETIN_CACHE_DIR'], kind);
  const base = env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(base, 'bulletin', kind);
}
