/**
 * A build that cannot finish writes nothing and leaves earlier outputs byte for byte as they were.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { BulletinError, ValidationFailed } from '../../src/diagnostics.js';
import { copyExample, tempDir } from '../helpers/edition.js';

let tmp: ReturnType<typeof tempDir>;
let edition: string;
let out: string;
const OLD_PDF = '%PDF-1.4 old edition';
const OLD_HTML = '<!doctype html><p>old edition</p>';

beforeEach(() => {
  tmp = tempDir();
  edition = copyExample(tmp.dir);
  out = path.join(tmp.dir, 'out');
  mkdirSync(out);
  writeFileSync(path.join(out, 'central-asia-ct-bulletin-2014-q4.pdf'), OLD_PDF);
  writeFileSync(path.join(out, 'central-asia-ct-bulletin-2014-q4.html'), OLD_HTML);
});
afterEach(() => tmp.cleanup());

function expectOldOutputsIntact(): void {
  expect(readFileSync(path.join(out, 'central-asia-ct-bulletin-2014-q4.pdf'), 'utf8')).toBe(OLD_PDF);
  expect(readFileSync(path.join(out, 'central-asia-ct-bulletin-2014-q4.html'), 'utf8')).toBe(OLD_HTML);
  expect(readdirSync(out).sort()).toEqual(['central-asia-ct-bulletin-2014-q4.html', 'central-asia-ct-bulletin-2014-q4.pdf']);
}

function fakeBrowser(script: string): string {
  const p = path.join(tmp.dir, 'fake-chrome');
  writeFileSync(p, `#!/bin/sh\n${script}\n`);
  chmodSync(p, 0o755);
  return p;
}

describe('build refuses bad input and writes nothing', () => {
  it('stops on a missing title, an unknown country and an invalid date, naming file, line and field', async () => {
    const file = path.join(edition, 'reports', 'kyrgyzstan-tip-law-dialogue.md');
    const text = readFileSync(file, 'utf8')
      .replace(/^title: .*\n/m, '')
      .replace('country: Kyrgyzstan', 'country: Kirgizstan')
      .replace('date: 2014-11-03', 'date: 2014-11-31');
    writeFileSync(file, text);
    const error = await build(edition, { outDir: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    const diagnostics = (error as ValidationFailed).diagnostics.filter((d) => d.severity === 'error');
    const summary = diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`);
    expect(summary).toContain('reports/kyrgyzstan-tip-law-dialogue.md:1:1 schema/required');
    expect(summary).toContain('reports/kyrgyzstan-tip-law-dialogue.md:3:7 front-matter/schema');
    expect(diagnostics.find((d) => d.ruleId === 'schema/required')!.message).toContain('`title`');
    expect(diagnostics.find((d) => d.ruleId === 'front-matter/schema')!.message).toContain('2014-11-31');
    expectOldOutputsIntact();
  });

  it('reports an unknown country with the nearest one', async () => {
    const file = path.join(edition, 'reports', 'tajikistan-dca-training.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('country: Tajikistan', 'country: Tajkistan'));
    const error = (await build(edition, { outDir: out }).catch((e: unknown) => e)) as ValidationFailed;
    const d = error.diagnostics.find((x) => x.ruleId === 'front-matter/unknown-country')!;
    expect(d).toMatchObject({ file: 'reports/tajikistan-dca-training.md', line: 2, column: 10, suggestion: 'Tajikistan' });
    expectOldOutputsIntact();
  });

  it('stops on an invalid bulletin.yaml', async () => {
    const file = path.join(edition, 'bulletin.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('start: 2014-10-01', 'start: 2014-10-41'));
    const error = (await build(edition, { outDir: out }).catch((e: unknown) => e)) as ValidationFailed;
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(error.diagnostics[0]).toMatchObject({ file: 'bulletin.yaml', line: 7, column: 10, severity: 'error' });
    expectOldOutputsIntact();
  });
});

describe('build fails cleanly when the browser does', () => {
  it('names a browser path that does not exist, and writes nothing', async () => {
    const error = await build(edition, { outDir: out, chrome: path.join(tmp.dir, 'no-such-chrome') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulletinError);
    expect((error as BulletinError).code).toBe('browser-not-found');
    expect((error as BulletinError).message).toContain('no-such-chrome');
    expectOldOutputsIntact();
  });

  it('reports a browser that exits at once', async () => {
    const chrome = fakeBrowser('echo "cannot start" >&2; exit 3');
    const error = await build(edition, { outDir: out, chrome }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulletinError);
    expect((error as BulletinError).code).toBe('browser-launch');
    expectOldOutputsIntact();
  });

  it('gives up on a browser that hangs, within the timeout', async () => {
    const chrome = fakeBrowser('sleep 30');
    const started = Date.now();
    const error = await build(edition, { outDir: out, chrome, timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulletinError);
    expect(Date.now() - started).toBeLessThan(15_000);
    expectOldOutputsIntact();
  });

  it('builds the HTML edition without any browser', async () => {
    const result = await build(edition, { outDir: out, formats: ['html'], chrome: path.join(tmp.dir, 'no-such-chrome') });
    expect(result.files.map((f) => path.basename(f.path))).toEqual(['central-asia-ct-bulletin-2014-q4.html']);
    expect(readFileSync(path.join(out, 'central-asia-ct-bulletin-2014-q4.html'), 'utf8')).toContain('In this edition');
    expect(readFileSync(path.join(out, 'central-asia-ct-bulletin-2014-q4.pdf'), 'utf8')).toBe(OLD_PDF);
  });

  it('prints the PDF when a named pipe stands where the last HTML edition was, instead of waiting on it', async () => {
    const html = path.join(out, 'central-asia-ct-bulletin-2014-q4.html');
    rmSync(html);
    execFileSync('mkfifo', [html]);
    const result = await build(edition, { outDir: out, formats: ['pdf'], timeoutMs: 30_000 });
    expect(result.pages).toBeGreaterThan(1);
    expect(statSync(html).isFIFO()).toBe(true);
  }, 60_000);

  it('refuses an output folder that is a file', async () => {
    const blocked = path.join(tmp.dir, 'blocked');
    writeFileSync(blocked, 'a file');
    const error = await build(edition, { outDir: blocked, formats: ['html'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulletinError);
    expect((error as BulletinError).message).toContain('blocked');
    expect(existsSync(path.join(tmp.dir, 'blocked'))).toBe(true);
  });
});
