import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegularFile, readRegularHead } from '../../src/util/read-regular.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reading pictures', () => {
  it('reads a regular file whole or its head', async () => {
    const file = path.join(dir, 'a.bin');
    fs.writeFileSync(file, Buffer.from([1, 2, 3, 4, 5]));
    expect([...(await readRegularFile(file))]).toEqual([1, 2, 3, 4, 5]);
    expect([...readRegularHead(file, 3)]).toEqual([1, 2, 3]);
    expect([...readRegularHead(file, 1000)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a named pipe at once instead of waiting for a writer for ever', async () => {
    // A picture swapped for a pipe after it was checked: a plain open() would block the process, Ctrl-C too.
    const fifo = path.join(dir, 'photo.jpg');
    execFileSync('mkfifo', [fifo]);
    await expect(readRegularFile(fifo)).rejects.toThrow(/not a regular file/);
    expect(() => readRegularHead(fifo, 10)).toThrow(/not a regular file/);
  });
});
