import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeText, errorCode, readText } from '../../src/util/read-text.js';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('decodeText', () => {
  it('decodes UTF-8 and strips a byte-order mark', () => {
    expect(decodeText(Buffer.from('\ufeffПривет'))).toEqual({ ok: true, text: 'Привет', hadBom: true });
    expect(decodeText(Buffer.from('plain'))).toEqual({ ok: true, text: 'plain', hadBom: false });
  });

  it('reads carriage returns alone (old Mac line ends) as line ends, and leaves CRLF files as they are', () => {
    expect(decodeText(Buffer.from('---\rcountry: X\r---\rText.\r'))).toEqual({ ok: true, text: '---\ncountry: X\n---\nText.\n', hadBom: false });
    expect(decodeText(Buffer.from('a\r\nb'))).toEqual({ ok: true, text: 'a\r\nb', hadBom: false });
  });

  it('reports a NUL byte as file/binary with its line and column (in characters)', () => {
    expect(decodeText(Buffer.from('line1\nщщ\0rest'))).toMatchObject({ ok: false, ruleId: 'file/binary', line: 2, column: 3 });
  });

  it('reports an invalid byte that can never start a character at its own column', () => {
    // 0xFC (ü in Latin-1) is never valid in UTF-8.
    expect(decodeText(latin1('ab\xfcc'))).toMatchObject({ ok: false, ruleId: 'file/encoding', line: 1, column: 3 });
  });

  it('reports a truncated sequence at the end of the file at its start', () => {
    expect(decodeText(Buffer.concat([Buffer.from('ок\n'), Buffer.from([0xd0])]))).toMatchObject({
      ruleId: 'file/encoding',
      line: 2,
      column: 1,
    });
  });

  it('tells the author to save as UTF-8', () => {
    const r = decodeText(latin1('x\xff'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('UTF-8');
  });

  it('points at a Latin-1 é (a UTF-8 lead byte followed by ASCII), not at the character after it', () => {
    // "title: Café au lait": é is the 11th character of line 2.
    expect(decodeText(latin1('---\ntitle: Caf\xe9 au lait\n'))).toMatchObject({ ruleId: 'file/encoding', line: 2, column: 11 });
  });
});

describe('readText', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads a UTF-8 file', async () => {
    const f = path.join(tmp, 'a.md');
    fs.writeFileSync(f, 'Ёлка\n');
    expect(await readText(f)).toEqual({ ok: true, text: 'Ёлка\n', hadBom: false });
  });

  it('refuses a file above the size limit with file/too-large', async () => {
    const f = path.join(tmp, 'big.md');
    fs.writeFileSync(f, 'x'.repeat(2048));
    const r = await readText(f, 1024);
    expect(r).toMatchObject({ ok: false, ruleId: 'file/too-large' });
  });

  it('reports a missing file and a folder as file/unreadable', async () => {
    expect(await readText(path.join(tmp, 'nope.md'))).toMatchObject({ ok: false, ruleId: 'file/unreadable', message: expect.stringContaining('ENOENT') });
    expect(await readText(tmp)).toMatchObject({ ok: false, ruleId: 'file/unreadable', message: 'This is a folder, not a text file, so it cannot be read.' });
  });
});

describe('errorCode', () => {
  it('prefers the code of a system error', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('EACCES');
    expect(errorCode(new Error('plain'))).toBe('plain');
    expect(errorCode('text')).toBe('text');
  });

  it('names UTF-16 as the encoding to change, not as binary', () => {
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('title: T\n', 'utf16le')]), Buffer.from('title: T\n', 'utf16le')]) {
      const r = decodeText(bytes);
      expect(r).toMatchObject({ ok: false, ruleId: 'file/encoding', line: 1, column: 1 });
      expect(!r.ok && r.message).toContain('UTF-16');
    }
  });

  it('gives the column of a bad byte in UTF-16 units, like every other rule: an emoji counts two', () => {
    const r = decodeText(Buffer.concat([Buffer.from('ab 🙂🙂 é '), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(r).toMatchObject({ ok: false, ruleId: 'file/encoding', line: 1, column: 'ab 🙂🙂 é '.length + 1 });
  });
});
