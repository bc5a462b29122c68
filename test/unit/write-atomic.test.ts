import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulletinError } from '../../src/diagnostics.js';
import { writeFilesAtomically } from '../../src/output/write-atomic.js';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const tmpFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('writeFilesAtomically', () => {
  it('writes every file, creating missing folders', async () => {
    const a = path.join(tmp, 'out', 'edition.html');
    const b = path.join(tmp, 'out', 'nested', 'edition.pdf');
    await writeFilesAtomically([
      { path: a, data: '<html></html>' },
      { path: b, data: new Uint8Array([0x25, 0x50, 0x44, 0x46]) },
    ]);
    expect(fs.readFileSync(a, 'utf8')).toBe('<html></html>');
    expect([...fs.readFileSync(b)]).toEqual([0x25, 0x50, 0x44, 0x46]);
    expect(tmpFiles(path.join(tmp, 'out'))).toEqual([]);
    expect(tmpFiles(path.join(tmp, 'out', 'nested'))).toEqual([]);
  });

  it('replaces existing files', async () => {
    const a = path.join(tmp, 'a.html');
    fs.writeFileSync(a, 'old');
    await writeFilesAtomically([{ path: a, data: 'new' }]);
    expect(fs.readFileSync(a, 'utf8')).toBe('new');
  });

  it('replaces nothing when the second file cannot be written (its parent is a file)', async () => {
    const first = path.join(tmp, 'edition.html');
    fs.writeFileSync(first, 'OLD BYTES');
    fs.writeFileSync(path.join(tmp, 'blocker'), 'I am a file');
    const second = path.join(tmp, 'blocker', 'edition.pdf');
    const err = await writeFilesAtomically([
      { path: first, data: 'NEW BYTES' },
      { path: second, data: 'pdf' },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulletinError);
    expect(err).toMatchObject({ code: 'output-blocked' });
    expect((err as Error).message).toContain(path.join(tmp, 'blocker'));
    expect(fs.readFileSync(first, 'utf8')).toBe('OLD BYTES');
    expect(tmpFiles(tmp)).toEqual([]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['blocker', 'edition.html']);
  });

  it('refuses with BulletinError output-blocked when a folder is in the way of a target, and writes nothing', async () => {
    const first = path.join(tmp, 'edition.html');
    fs.writeFileSync(first, 'OLD');
    const second = path.join(tmp, 'edition.pdf');
    fs.mkdirSync(second);
    const err = await writeFilesAtomically([
      { path: first, data: 'NEW' },
      { path: second, data: 'pdf' },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulletinError);
    expect(err).toMatchObject({ name: 'BulletinError', code: 'output-blocked' });
    expect((err as Error).message).toBe(`Cannot write ${second}: a folder of that name is in the way.`);
    expect(fs.readFileSync(first, 'utf8')).toBe('OLD');
    expect(fs.statSync(second).isDirectory()).toBe(true);
    expect(tmpFiles(tmp)).toEqual([]);
  });

  it('does nothing for an empty list', async () => {
    await expect(writeFilesAtomically([])).resolves.toBeUndefined();
  });
});
