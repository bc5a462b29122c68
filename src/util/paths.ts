import path from 'node:path';

/**
 * Whether `target` is `root` itself or lies inside it. Both should be real paths (symbolic links resolved):
 * the edition folder's limits hold for what a path leads to, not for how it is written.
 */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
