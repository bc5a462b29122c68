import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulletinError } from '../../src/diagnostics.js';
import { findBrowser, systemCandidates } from '../../src/output/find-browser.js';

let tmp: string;
beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-')));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function fakeExe(name: string, dir = tmp): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, '#!/bin/sh\necho fake\n');
  fs.chmodSync(p, 0o755);
  return p;
}

describe('findBrowser with explicit paths', () => {
  it('prefers the option over BULLETIN_CHROME and PUPPETEER_EXECUTABLE_PATH', async () => {
    const opt = fakeExe('opt-chrome');
    const env = { BULLETIN_CHROME: fakeExe('env-chrome'), PUPPETEER_EXECUTABLE_PATH: fakeExe('pptr-chrome') };
    expect(await findBrowser({ chrome: opt, env })).toEqual({ executablePath: opt, source: 'option' });
  });

  it('prefers BULLETIN_CHROME over PUPPETEER_EXECUTABLE_PATH', async () => {
    const env = { BULLETIN_CHROME: fakeExe('env-chrome'), PUPPETEER_EXECUTABLE_PATH: fakeExe('pptr-chrome') };
    expect(await findBrowser({ env })).toEqual({ executablePath: env.BULLETIN_CHROME, source: 'BULLETIN_CHROME' });
  });

  it('uses PUPPETEER_EXECUTABLE_PATH when it is the only setting', async () => {
    const p = fakeExe('pptr-chrome');
    expect(await findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: p } })).toEqual({ executablePath: p, source: 'PUPPETEER_EXECUTABLE_PATH' });
  });

  it('ignores empty settings', async () => {
    const p = fakeExe('pptr-chrome');
    expect(await findBrowser({ chrome: '', env: { BULLETIN_CHROME: '', PUPPETEER_EXECUTABLE_PATH: p } })).toMatchObject({
      source: 'PUPPETEER_EXECUTABLE_PATH',
    });
  });

  it('resolves a relative path', async () => {
    const p = fakeExe('chrome');
    const rel = path.relative(process.cwd(), p);
    expect(await findBrowser({ chrome: rel, env: {} })).toEqual({ executablePath: p, source: 'option' });
  });

  it('fails with browser-not-found naming the path when the option does not exist, without trying others', async () => {
    const missing = path.join(tmp, 'no-such-chrome');
    const err = await findBrowser({ chrome: missing, env: { BULLETIN_CHROME: fakeExe('env-chrome') } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulletinError);
    expect(err).toMatchObject({ code: 'browser-not-found' });
    expect((err as Error).message).toContain(missing);
    expect((err as Error).message).toContain('--chrome');
  });

  it('names the variable when BULLETIN_CHROME points to a file that is not executable', async () => {
    const p = path.join(tmp, 'not-exec');
    fs.writeFileSync(p, 'x');
    fs.chmodSync(p, 0o644);
    await expect(findBrowser({ env: { BULLETIN_CHROME: p } })).rejects.toMatchObject({
      code: 'browser-not-found',
      message: expect.stringContaining(`BULLETIN_CHROME (${p})`),
    });
  });

  it('refuses a folder given as the browser', async () => {
    await expect(findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: tmp } })).rejects.toMatchObject({
      code: 'browser-not-found',
      message: expect.stringContaining(`PUPPETEER_EXECUTABLE_PATH (${tmp})`),
    });
  });
});

describe('systemCandidates', () => {
  it('includes the browser names in every PATH folder, in order, after the fixed locations', () => {
    const other = path.join(tmp, 'other');
    const list = systemCandidates({ PATH: [tmp, other].join(path.delimiter) });
    const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
    const onPath = list.filter((p) => p.startsWith(tmp));
    expect(onPath).toEqual([...names.map((n) => path.join(tmp, n)), ...names.map((n) => path.join(other, n))]);
    expect(list.indexOf(path.join(tmp, 'chromium'))).toBeGreaterThan(0);
    expect(list.slice(list.length - onPath.length)).toEqual(onPath);
  });

  it('has no duplicates and ignores empty PATH entries', () => {
    const list = systemCandidates({ PATH: `${tmp}${path.delimiter}${path.delimiter}${tmp}` });
    expect(new Set(list).size).toBe(list.length);
    expect(list.filter((p) => p.startsWith(tmp))).toHaveLength(5);
  });

  it('finds a system or PATH browser in candidate order when nothing is configured', async () => {
    const fake = fakeExe('chromium');
    const env = { PATH: tmp, PUPPETEER_CACHE_DIR: path.join(tmp, 'no-cache') };
    const expected = systemCandidates(env).find((p) => {
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return fs.statSync(p).isFile();
      } catch {
        return false;
      }
    });
    expect(expected).toBeDefined();
    expect(await findBrowser({ env })).toEqual({ executablePath: expected, source: 'system' });
    // Our fake is a candidate either way.
    expect(systemCandidates(env)).toContain(fake);
  });
});
