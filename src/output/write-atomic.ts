import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BulletinError } from '../diagnostics.js';
import { onInterrupt } from '../util/cleanup.js';
import { makeDirs } from '../util/make-dirs.js';
import { errorCode } from '../util/read-text.js';

/** Temporary files being written right now, so that an interrupt can remove them (see removeTemporariesSync). */
const temporaries = new Set<string>();

/** For signal handlers: removes every temporary file this process is writing. Earlier outputs stay as they are. */
export function removeTemporariesSync(): void {
  for (const t of temporaries) {
    try {
      rmSync(t, { force: true });
    } catch {
      // nothing more to do in a signal handler
    }
  }
  temporaries.clear();
}
onInterrupt(removeTemporariesSync);

export interface PendingFile {
  path: string;
  data: string | Uint8Array;
}

/**
 * Writes several files so that each is either the old one or the whole new one: every file goes to a
 * temporary name in the same folder first, and only when all are written are they renamed into place.
 * On any failure the temporaries are removed and earlier outputs stay as they were.
 */
export async function writeFilesAtomically(files: readonly PendingFile[]): Promise<void> {
  const temps: { temp: string; final: string }[] = [];
  try {
    for (const f of files) {
      const dir = path.dirname(f.path);
      await ensureDir(dir);
      const temp = path.join(dir, `.${path.basename(f.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      temps.push({ temp, final: f.path });
      temporaries.add(temp);
      await writeFile(temp, f.data, { flag: 'wx' });
    }
    for (const t of temps) {
      const existing = await stat(t.final).catch(() => undefined);
      if (existing?.isDirectory()) {
        throw new BulletinError(`Cannot write ${t.final}: a folder of that name is in the way.`, 'output-blocked');
      }
    }
    for (const t of temps) {
      await rename(t.temp, t.final);
      temporaries.delete(t.temp);
    }
  } catch (err) {
    await Promise.all(temps.map((t) => rm(t.temp, { force: true }).catch(() => undefined)));
    for (const t of temps) temporaries.delete(t.temp);
    if (err instanceof BulletinError) throw err;
    throw new BulletinError(describeWriteError(err, files[0]?.path ?? ''), 'output-failed', { cause: err });
  }
}

/** Makes `dir` and any missing parents (see makeDirs), with the build's messages for what goes wrong. */
async function ensureDir(dir: string): Promise<void> {
  try {
    await makeDirs(dir);
  } catch (err) {
    if (errorCode(err) === 'EEXIST') {
      throw new BulletinError(`Cannot write into ${dir}: a file of that name is in the way. Choose another folder with --out.`, 'output-blocked');
    }
    throw new BulletinError(describeWriteError(err, path.join(dir, 'output')), 'output-failed', { cause: err });
  }
}

function describeWriteError(err: unknown, where: string): string {
  const code = errorCode(err);
  const dir = path.dirname(where);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Cannot write to ${dir}: permission denied. Choose another folder with --out. Earlier outputs were left as they were.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `Cannot write to ${dir}: the disk is full. Free some space and build again. Earlier outputs were left as they were.`;
    case 'ENOTDIR':
      return `Cannot write to ${dir}: part of the path is a file, not a folder. Choose another folder with --out.`;
    case 'ENOENT':
      return `Cannot write to ${dir}: the folder cannot be created there. Choose another folder with --out. Earlier outputs were left as they were.`;
    default:
      return `Cannot write to ${dir} (${code}). Earlier outputs were left as they were.`;
  }
}
