/**
 * A build that cannot finish writes nothing and leaves earlier outputs byte for byte as they were.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { BulletinError, ValidationFailed } from '../../src/diagnostics.js';
import { CLI, copyExample, tempDir } from '../helpers/edition.js';

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

describe('pictures the build cannot use', () => {
  /** The CLI, run in the edition folder: its exit status and what it printed. */
  function cli(...args: string[]): { status: number | null; output: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: edition, encoding: 'utf8', timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0' } });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  /** A report using the picture, which it names at line 9, column 1. */
  function useIn(file: string): string {
    const report = path.join(edition, 'reports', 'kazakhstan-pictures.md');
    writeFileSync(report, `---\ncountry: Kazakhstan\ntitle: Pictures\ndate: 2014-11-03\n---\n\nThe seminar brought together police officers and social workers.\n\n![A picture](../assets/${file} "A caption")\n\nThe meeting ended with a joint statement.\n`);
    return 'reports/kazakhstan-pictures.md:9:1';
  }

  it('reports damaged WebP, GIF and AVIF pixels as errors of the report (exit 1), never as a crash', async () => {
    const raw = Buffer.alloc(300 * 200 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) % 251;
    const png = await sharp(raw, { raw: { width: 300, height: 200, channels: 3 } }).png().toBuffer();
    const damaged: Record<string, Buffer> = { webp: await sharp(png).webp().toBuffer(), gif: await sharp(png).gif().toBuffer(), avif: await sharp(png).avif().toBuffer() };
    damaged['webp']!.fill(0xff, 40);
    for (const type of ['gif', 'avif']) damaged[type]!.fill(type === 'gif' ? 0xff : 0x55, Math.floor(damaged[type]!.length * 0.4), Math.floor(damaged[type]!.length * 0.6));
    for (const [type, data] of Object.entries(damaged)) {
      writeFileSync(path.join(edition, 'assets', `damaged.${type}`), data);
      const at = useIn(`damaged.${type}`);
      // Its header is sound, so lint (which reads no pixels) passes; build decodes it and says where it is used.
      expect(cli('lint', '.').status, type).toBe(0);
      const { status, output } = cli('build', '.', '--out', out, '--format', 'html');
      expect(status, output).toBe(1);
      expect(output).toMatch(new RegExp(`${at}\\s+error\\s+The picture assets/damaged\\.${type} cannot be read: it is damaged.*image/unsupported-type`));
      expect(output).not.toMatch(/unexpected failure|This is a bug/);
      expectOldOutputsIntact();
    }
  });

  it('refuses a picture file too large to read, in lint and build (exit 1), without reading it', () => {
    for (const [name, bytes] of [['padded.jpg', 450 * 1024 * 1024], ['sparse.jpg', 3 * 1024 * 1024 * 1024]] as const) {
      const file = path.join(edition, 'assets', name);
      writeFileSync(file, readFileSync(path.join(edition, 'assets', 'kz-aktau-seminar.jpg')));
      truncateSync(file, bytes); // sparse: no room taken
      const at = useIn(name);
      for (const command of [['lint', '.'], ['build', '.', '--out', out, '--format', 'html']]) {
        const { status, output } = cli(...command);
        expect(status, output).toBe(1);
        expect(output).toMatch(new RegExp(`${at}\\s+error\\s+The picture “\\.\\./assets/${name}” is \\d+ MB, more than the 50 MB a picture may have.*image/too-large`));
        expect(output).not.toMatch(/unexpected failure|This is a bug/);
      }
      rmSync(file);
    }
    expectOldOutputsIntact();
  });

  it('refuses a photo whose header claims more pixels than the build decodes, before decoding it', () => {
    // 25 KB that claim 16000 × 16000 pixels: decoding it would take gigabytes.
    const jpeg = readFileSync(path.join(edition, 'assets', 'kz-aktau-seminar.jpg'));
    const sof = [0xc0, 0xc1, 0xc2].map((m) => jpeg.indexOf(Buffer.from([0xff, m]))).find((i) => i > 0)!;
    jpeg.writeUInt16BE(16000, sof + 5);
    jpeg.writeUInt16BE(16000, sof + 7);
    writeFileSync(path.join(edition, 'assets', 'claims.jpg'), jpeg);
    const at = useIn('claims.jpg');
    for (const command of [['lint', '.'], ['build', '.', '--out', out, '--format', 'html']]) {
      const started = Date.now();
      const { status, output } = cli(...command);
      expect(status, output).toBe(1);
      expect(output).toMatch(new RegExp(`${at}\\s+error\\s+The photo “\\.\\./assets/claims\\.jpg” is 16000 × 16000 pixels \\(256 megapixels\\), more than the 120 megapixels.*image/too-large`));
      expect(Date.now() - started).toBeLessThan(20_000);
    }
    expectOldOutputsIntact();
  });

  it('refuses an SVG drawing a browser would show as a broken image, in lint and build (exit 1)', () => {
    writeFileSync(path.join(edition, 'assets', 'chart.svg'), '<svg width="600" height="300" viewBox="0 0 600 300"><rect width="600" height="300" fill="#c33"/></svg>');
    const at = useIn('chart.svg');
    for (const command of [['lint', '.'], ['build', '.', '--out', out, '--format', 'html']]) {
      const { status, output } = cli(...command);
      expect(status, output).toBe(1);
      expect(output).toMatch(new RegExp(`${at}\\s+error\\s+The SVG drawing “\\.\\./assets/chart\\.svg” would print as a broken image: its <svg> element has no xmlns=.*image/unsupported-type`));
    }
    expectOldOutputsIntact();
  });
});
