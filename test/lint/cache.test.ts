/**
 * `lint --cache`: results kept between runs must never change what lint says. Every fixture is linted without
 * the cache, then twice with it (the second run takes every result it can from the cache), and the three answers
 * must be the same. Then each thing a report's result depends on is changed in turn (its text, bulletin.yaml, a
 * picture it shows) and the next cached run must see the change.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint, type LintResult } from '../../src/lint.js';
import { CLI, copyExample, tempDir } from '../helpers/edition.js';
import { fixtureNames, materializeFixture } from '../helpers/lint-fixtures.js';

const store = tempDir('bulletin-lint-cache-');
const saved = process.env['BULLETIN_CACHE_DIR'];
beforeAll(() => {
  process.env['BULLETIN_CACHE_DIR'] = store.dir;
});
afterAll(() => {
  if (saved === undefined) delete process.env['BULLETIN_CACHE_DIR'];
  else process.env['BULLETIN_CACHE_DIR'] = saved;
  store.cleanup();
});

/** What lint says, without what only the cache knows. */
const said = (r: LintResult) => ({ diagnostics: r.diagnostics, errorCount: r.errorCount, warningCount: r.warningCount, fileCount: r.fileCount });

describe('lint --cache gives the same answer as lint', () => {
  for (const name of fixtureNames()) {
    it(name, async () => {
      const fixture = materializeFixture(name);
      try {
        const plain = await lint(fixture.dir);
        const first = await lint(fixture.dir, { cache: true });
        const second = await lint(fixture.dir, { cache: true });
        expect(said(first)).toEqual(said(plain));
        expect(said(second)).toEqual(said(plain));
        expect(plain.reusedCount).toBeUndefined();
        expect(first.reusedCount).toBe(0);
      } finally {
        fixture.cleanup();
      }
    });
  }
});

describe('lint --cache sees every change a result depends on', () => {
  const tmp = tempDir('bulletin-lint-cache-edition-');
  const own = path.join(tmp.dir, 'cache');
  beforeAll(() => {
    process.env['BULLETIN_CACHE_DIR'] = own;
  });
  afterAll(() => tmp.cleanup());
  const dir = copyExample(tmp.dir);
  const reports = readdirSync(path.join(dir, 'reports')).length;
  const aktau = path.join(dir, 'reports', 'kazakhstan-aktau-seminar.md');
  const rules = (r: LintResult) => r.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`);
  /** The cache file the last lint wrote (the edition reached through a link has one of its own). */
  const newestCacheFile = () =>
    readdirSync(path.join(own, 'lint'))
      .map((name) => ({ name, at: statSync(path.join(own, 'lint', name)).mtimeMs }))
      .sort((a, b) => b.at - a.at)[0]!.name;

  it('takes every report from the cache when nothing changed, and keeps the cache out of the edition', async () => {
    const before = readdirSync(dir).sort();
    await lint(dir, { cache: true });
    const again = await lint(dir, { cache: true });
    expect(again.reusedCount).toBe(reports);
    expect(again.diagnostics).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(path.join(own, 'lint'))).toHaveLength(1);
  });

  it('checks a changed report again, and only that one', async () => {
    writeFileSync(aktau, `${readFileSync(aktau, 'utf8')}\n<div>raw</div>\n`);
    const r = await lint(dir, { cache: true });
    expect(r.reusedCount).toBe(reports - 1);
    expect(rules(r)).toEqual([expect.stringMatching(/^reports\/kazakhstan-aktau-seminar\.md:\d+ content\/raw-html$/)]);
    expect((await lint(dir, { cache: true })).reusedCount).toBe(reports);
  });

  it('sees a picture that is gone, and one that came back smaller', async () => {
    const photo = path.join(dir, 'assets', 'kz-aktau-seminar.jpg');
    const bytes = readFileSync(photo);
    rmSync(photo);
    let r = await lint(dir, { cache: true });
    expect(rules(r)).toContainEqual(expect.stringMatching(/kazakhstan-aktau-seminar\.md:\d+ image\/not-found$/));
    expect(r.reusedCount).toBe(reports - 1);
    // A small picture in its place: the same name, too few pixels to print.
    writeFileSync(photo, await sharp({ create: { width: 120, height: 90, channels: 3, background: '#888' } }).jpeg().toBuffer());
    r = await lint(dir, { cache: true });
    expect(rules(r)).toContainEqual(expect.stringMatching(/kazakhstan-aktau-seminar\.md:\d+ image\/low-resolution$/));
    expect(said(r)).toEqual(said(await lint(dir)));
    writeFileSync(photo, bytes);
    r = await lint(dir, { cache: true });
    expect(said(r)).toEqual(said(await lint(dir)));
  });

  it('sees a picture rewritten with its old size and time put back (touch -r, cp -p), and a change of permissions', async () => {
    const photo = path.join(dir, 'assets', 'kz-aktau-seminar.jpg');
    const bytes = readFileSync(photo);
    const { atime, mtime } = statSync(photo);
    await lint(dir, { cache: true });
    expect((await lint(dir, { cache: true })).reusedCount).toBe(reports);
    // Other pixels, same length, same modification time: only the change time tells.
    writeFileSync(photo, Buffer.concat([bytes.subarray(0, bytes.length - 64), Buffer.alloc(64)]));
    utimesSync(photo, atime, mtime);
    expect((await lint(dir, { cache: true })).reusedCount).toBe(reports - 1);
    writeFileSync(photo, bytes);
    utimesSync(photo, atime, mtime);
    await lint(dir, { cache: true });
    chmodSync(photo, 0o600);
    expect((await lint(dir, { cache: true })).reusedCount).toBe(reports - 1);
    chmodSync(photo, 0o644);
  });

  it('keeps the results of an edition reached by another path apart: messages name the path as given', async () => {
    const link = path.join(tmp.dir, 'link');
    symlinkSync(dir, link);
    writeFileSync(aktau, `${readFileSync(aktau, 'utf8')}\n![Gone](../assets/gone.jpg "Gone")\n`);
    const viaDir = await lint(dir, { cache: true });
    const viaLink = await lint(link, { cache: true });
    expect(viaLink.reusedCount).toBe(0);
    expect(said(viaLink)).toEqual(said(await lint(link)));
    expect(viaLink.diagnostics.find((d) => d.ruleId === 'image/not-found')?.message).toContain(path.join(link, 'assets', 'gone.jpg'));
    expect(said(await lint(dir, { cache: true }))).toEqual(said(viaDir));
    writeFileSync(aktau, readFileSync(aktau, 'utf8').replace('\n![Gone](../assets/gone.jpg "Gone")\n', ''));
  });

  it('starts afresh when bulletin.yaml changes', async () => {
    const config = path.join(dir, 'bulletin.yaml');
    const text = readFileSync(config, 'utf8');
    // The period ends before the December reports.
    const changed = text.replace('end: 2014-12-31', 'end: 2014-11-30');
    expect(changed).not.toBe(text);
    writeFileSync(config, changed);
    const r = await lint(dir, { cache: true });
    expect(r.reusedCount).toBe(0);
    expect(rules(r)).toContainEqual(expect.stringMatching(/tajikistan-dca-training\.md:\d+ front-matter\/date-outside-period$/));
    expect(said(r)).toEqual(said(await lint(dir)));
    writeFileSync(config, text);
  });

  it('leaves out entries of the wrong shape rather than fail', async () => {
    await lint(dir, { cache: true });
    const file = newestCacheFile();
    const stored = JSON.parse(readFileSync(path.join(own, 'lint', file!), 'utf8')) as { entries: Record<string, { read: { diagnostics: unknown }; analysis: { lookups: unknown } }> };
    const [first, second] = Object.values(stored.entries);
    first!.read.diagnostics = null;
    second!.analysis.lookups = [[1, 2]];
    writeFileSync(path.join(own, 'lint', file!), JSON.stringify(stored));
    const r = await lint(dir, { cache: true });
    expect(r.reusedCount).toBe(reports - 2);
    expect(said(r)).toEqual(said(await lint(dir)));
  });

  it('ignores a cache file that is damaged', async () => {
    await lint(dir, { cache: true });
    expect((await lint(dir, { cache: true })).reusedCount).toBe(reports);
    const file = newestCacheFile();
    writeFileSync(path.join(own, 'lint', file!), '{"key": 4, "entries": [');
    const r = await lint(dir, { cache: true });
    expect(r.reusedCount).toBe(0);
    expect(said(r)).toEqual(said(await lint(dir)));
  });

  it('lints as without a cache when the cache folder cannot be made (under /proc, where mkdir -p never returns)', () => {
    const env = { ...process.env, BULLETIN_CACHE_DIR: '/proc/bulletin-cache', FORCE_COLOR: '0' };
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'lint', dir, '--format', 'json', ...args], { encoding: 'utf8', env, timeout: 30_000 });
    const cached = run('--cache');
    expect(cached.signal).toBeNull();
    expect(cached.stdout).toBe(run().stdout);
  });

  it('is what `bulletin lint --cache` uses, with the same output as without', () => {
    const env = { ...process.env, BULLETIN_CACHE_DIR: path.join(tmp.dir, 'cli-cache'), FORCE_COLOR: '0' };
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'lint', dir, '--format', 'json', ...args], { encoding: 'utf8', env });
    const plain = run();
    const first = run('--cache');
    const second = run('--cache');
    expect(first.stdout).toBe(plain.stdout);
    expect(second.stdout).toBe(plain.stdout);
    expect(second.status).toBe(plain.status);
    expect(existsSync(path.join(tmp.dir, 'cli-cache', 'lint'))).toBe(true);
  });
});
