/** Terminal output helpers: colour that honours NO_COLOR, FORCE_COLOR and --no-color, and sizes. */
import { Chalk, type ChalkInstance } from 'chalk';

export function makeChalk(options: { color?: boolean | undefined }, stream: NodeJS.WriteStream = process.stderr): ChalkInstance {
  // chalk 5 does not read NO_COLOR itself: https://no-color.org
  const env = process.env;
  let level: 0 | 1 | 2 | 3;
  if (options.color === false) level = 0;
  else if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '') level = env['FORCE_COLOR'] === '0' || env['FORCE_COLOR'] === 'false' ? 0 : 1;
  else if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') level = 0;
  else level = stream.isTTY && env['TERM'] !== 'dumb' ? 1 : 0;
  return new Chalk({ level });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
