/**
 * Nothing lost when the output cannot be written or the input is extreme: concurrent builds into one folder,
 * an output folder that is a file or lies inside one, a read-only output folder, a folder where an output
 * file should go, a report just under the 2 MB limit and one over it, and an unreadable photo. Every failure is exit 2
 * (or 1 for the edition's own errors) with one clear message, and earlier outputs stay byte for byte.
 *
 * Each CLI run gets its own TMPDIR (see faults-browser.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REPORT_BYTES } from '../../src/reports/read-reports.js';
import { copyExample, prose, tempDir } from '../helpers/edition.js';
import { profileDirsIn, runCli, STACK_TRACE, temporariesIn, type CliRun } from '../helpers/leaks.js';
import { pdfPageCount } from '../helpers/pdf.js';

const NAME = 'central-asia-ct-bulletin-2014-q4';

function expectOneClearMessage(run: CliRun, ...mentions: (string | RegExp)[]): void {
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr).not.toContain('unexpected failure');
  for (const m of mentions) expect(run.stderr).toMatch(m);
}

/** A PDF that poppler reads to the end and that ends with %%EOF; an HTML page that ends with </html>. */
function expectWholeOutputs(out: string): void {
  const pdf = path.join(out, `${NAME}.pdf`);
  expect(pdfPageCount(pdf)).toBeGreaterThan(1);
  expect(readFileSync(pdf).subarray(-32).toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  expect(readFileSync(path.join(out, `${NAME}.html`), 'utf8').trimEnd().endsWith('</html>')).toBe(true);
}

describe('two builds of the same edition into the same folder at once', () => {
  const tmp = tempDir('bulletin-concurrent-');
  const tmpdirs = [path.join(tmp.dir, 'tmp-a'), path.join(tmp.dir, 'tmp-b')];
  const out = path.join(tmp.dir, 'out');
  let runs: CliRun[];

  beforeAll(async () => {
    const edition = copyExample(tmp.dir);
    for (const t of tmpdirs) mkdirSync(t);
    mkdirSync(out);
    writeFileSync(path.join(out, `${NAME}.pdf`), 'an earlier PDF');
    runs = await Promise.all(tmpdirs.map((t) => runCli(['build', edition, '--out', out], { tmpdir: t })));
  });
  afterAll(() => tmp.cleanup());

  it('both succeed and leave whole outputs, and no temporaries', () => {
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expectWholeOutputs(out);
    expect(readdirSync(out).sort()).toEqual([`${NAME}.html`, `${NAME}.pdf`]);
    expect(temporariesIn(out)).toEqual([]);
    for (const t of tmpdirs) expect(profileDirsIn(t)).toEqual([]);
  });

  it('a successful build leaves nothing at all in the temporary folder', () => {
    for (const t of tmpdirs) expect(readdirSync(t)).toEqual([]);
  });
});

describe('outputs that cannot be written', () => {
  let tmp: ReturnType<typeof tempDir>;
  let edition: string;
  let privateTmp: string;
  beforeEach(() => {
    tmp = tempDir('bulletin-output-');
    edition = copyExample(tmp.dir);
    privateTmp = path.join(tmp.dir, 'tmp');
    mkdirSync(privateTmp);
  });
  afterEach(() => tmp.cleanup());

  const html = (out: string) => ['build', edition, '--out', out, '--format', 'html'];

  it('an output folder that is a file: exit 2 naming it, the file untouched', async () => {
    const file = path.join(tmp.dir, 'out-is-a-file');
    writeFileSync(file, 'not a folder');
    const run = await runCli(html(file), { tmpdir: privateTmp });
    expect(run.code).toBe(2);
    expectOneClearMessage(run, /^bulletin: /, file, /a file of that name is in the way/);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('an output folder inside a file (ENOTDIR): exit 2 naming it', async () => {
    const file = path.join(tmp.dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const out = path.join(file, 'sub', 'dist');
    const run = await runCli(html(out), { tmpdir: privateTmp });
    expect(run.code).toBe(2);
    expectOneClearMessage(run, /^bulletin: /, file, /(is in the way|is a file, not a folder)/);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('a folder where an output file goes: exit 2, and the other output is not replaced either', async () => {
    const out = path.join(tmp.dir, 'out');
    mkdirSync(path.join(out, `${NAME}.html`), { recursive: true });
    const oldPdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(32)]);
    writeFileSync(path.join(out, `${NAME}.pdf`), oldPdf);
    const run = await runCli(['build', edition, '--out', out], { tmpdir: privateTmp });
    expect(run.code).toBe(2);
    expectOneClearMessage(run, /^bulletin: /, /a folder of that name is in the way/, `${NAME}.html`);
    expect(readFileSync(path.join(out, `${NAME}.pdf`)).equals(oldPdf)).toBe(true);
    expect(statSync(path.join(out, `${NAME}.html`)).isDirectory()).toBe(true);
    expect(temporariesIn(out)).toEqual([]);
    expect(profileDirsIn(privateTmp)).toEqual([]);
  });

  it('a read-only output folder: exit 2 naming the folder, nothing left in it', async () => {
    const ro = path.join(tmp.dir, 'read-only');
    mkdirSync(ro);
    // As root, permission bits do not stop writes: a read-only file system does. Where it cannot be mounted,
    // a folder under /proc/self (where nothing can be created) stands in for it.
    const mounted = mountReadOnly(ro);
    try {
      if (mounted) {
        const run = await runCli(html(ro), { tmpdir: privateTmp });
        expect(run.code).toBe(2);
        expectOneClearMessage(run, /^bulletin: /, `Cannot write to ${ro}`, /permission denied/);
        expect(readdirSync(ro)).toEqual([]);
        const below = await runCli(html(path.join(ro, 'dist')), { tmpdir: privateTmp });
        expect(below.code).toBe(2);
        expectOneClearMessage(below, /^bulletin: /, ro);
      } else {
        const out = '/proc/self/bulletin-out';
        const run = await runCli(html(out), { tmpdir: privateTmp });
        expect(run.code).toBe(2);
        expectOneClearMessage(run, /^bulletin: /, '/proc/self');
      }
    } finally {
      if (mounted) unmount(ro);
    }
    expect(isMountPoint(ro)).toBe(false);
  });
});

function mountReadOnly(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return isMountPoint(dir);
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
}

function isMountPoint(dir: string): boolean {
  const info = readFileSync('/proc/self/mountinfo', 'utf8');
  return info.split('\n').some((line) => line.split(' ')[4] === dir);
}

describe('extreme reports', () => {
  let tmp: ReturnType<typeof tempDir>;
  let edition: string;
  let privateTmp: string;
  beforeEach(() => {
    tmp = tempDir('bulletin-extreme-');
    edition = copyExample(tmp.dir);
    privateTmp = path.join(tmp.dir, 'tmp');
    mkdirSync(privateTmp);
  });
  afterEach(() => tmp.cleanup());

  const HEAD = '---\ncountry: Kazakhstan\ntitle: The complete annual data of the referral mechanism\ndate: 2014-11-20\n---\n\n';

  it('a report just under the 2 MB limit: built (or refused with a clear message) within 60 s', async () => {
    const parts = [HEAD];
    let bytes = Buffer.byteLength(HEAD);
    for (let seed = 1; bytes < MAX_REPORT_BYTES - 64 * 1024; seed++) {
      const part = `## Part ${seed}\n\n${prose(5000, seed)}\n\n`;
      parts.push(part);
      bytes += Buffer.byteLength(part);
    }
    writeFileSync(path.join(edition, 'reports', 'kazakhstan-annual-data.md'), parts.join(''));
    const out = path.join(tmp.dir, 'out');
    const run = await runCli(['build', edition, '--out', out, '--format', 'html'], { tmpdir: privateTmp, timeoutMs: 90_000 });
    expect(run.ms).toBeLessThan(60_000);
    expect(run.signal).toBeNull();
    if (run.code === 0) {
      const page = readFileSync(path.join(out, `${NAME}.html`), 'utf8');
      expect(page.length).toBeGreaterThan(MAX_REPORT_BYTES - 64 * 1024);
      expect(page.trimEnd().endsWith('</html>')).toBe(true);
    } else {
      expect([1, 2]).toContain(run.code);
      expectOneClearMessage(run, 'kazakhstan-annual-data.md');
    }
    expect(temporariesIn(out)).toEqual([]);
  });

  it('a report over the 2 MB limit: file/too-large naming the report and the limit, nothing written', async () => {
    const file = path.join(edition, 'reports', 'kazakhstan-pasted-images.md');
    writeFileSync(file, HEAD + `![x](data:image/png;base64,${'A'.repeat(MAX_REPORT_BYTES)})\n`);
    const out = path.join(tmp.dir, 'out');
    const run = await runCli(['build', edition, '--out', out, '--format', 'html'], { tmpdir: privateTmp });
    expect(run.code).toBe(1);
    expectOneClearMessage(run, 'reports/kazakhstan-pasted-images.md', 'file/too-large', `the limit is ${MAX_REPORT_BYTES / 1048576} MB`);
    expect(run.ms).toBeLessThan(30_000);
    expect(existsSync(out)).toBe(false);
  });

  it('a photo that is not a picture: refused with a message naming it, not an unexpected failure', async () => {
    writeFileSync(path.join(edition, 'assets', 'kz-aktau-seminar.jpg'), 'this is not a JPEG\n');
    const out = path.join(tmp.dir, 'out');
    const run = await runCli(['build', edition, '--out', out, '--format', 'html'], { tmpdir: privateTmp });
    expect(run.code).not.toBe(0);
    expectOneClearMessage(run, 'kz-aktau-seminar.jpg');
    expect(existsSync(out)).toBe(false);
  });
});
