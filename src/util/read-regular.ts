/**
 * Reading the pictures a report names. They were checked to be regular files, but a file can be swapped (for a
 * named pipe, say) before it is read: opening without blocking and checking what was opened means a read can
 * never wait for ever, which would also keep the process from exiting on Ctrl-C.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The whole of a regular file; fails on anything else. */
export async function readRegularFile(file: string): Promise<Buffer> {
  const handle = await open(file, FLAGS);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${file} is not a regular file`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** The first `bytes` bytes of a regular file (fewer if it is shorter); fails on anything else. */
export function readRegularHead(file: string, bytes: number): Buffer {
  const fd = openSync(file, FLAGS);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${file} is not a regular file`);
    const head = Buffer.alloc(Math.min(bytes, st.size));
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
