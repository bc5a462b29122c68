/**
 * Nothing lost, nothing leaked when the browser fails or the build is interrupted: the CLI exits with the
 * documented code and one clear message, earlier outputs stay byte for byte, and no temporary file, Chrome
 * profile folder or process is left behind.
 *
 * Each run gets its own TMPDIR, so that the profile folders (`bulletin-chrome-*`, made in os.tmpdir()) and the
 * processes checked are those of that run alone, not those of other tests building at the same time.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_DIR } from '../../src/render/template.js';
import { copyExample, prose, tempDir } from '../helpers/edition.js';
import {
  leftoverProcesses,
  liveProcessesMatching,
  profileDirsIn,
  runCli,
  spawnCli,
  STACK_TRACE,
  temporariesIn,
  waitFor,
  type CliRun,
} from '../helpers/leaks.js';

const NAME = 'central-asia-ct-bulletin-2014-q4';

let tmp: ReturnType<typeof tempDir>;
let edition: string;
let out: string;
/** TMPDIR of the CLI runs of this test. */
let privateTmp: string;
let oldPdf: Buffer;
let oldHtml: Buffer;

beforeEach(() => {
  tmp = tempDir('bulletin-faults-');
  edition = copyExample(tmp.dir);
  out = path.join(tmp.dir, 'out');
  privateTmp = path.join(tmp.dir, 'tmp');
  mkdirSync(out);
  mkdirSync(privateTmp);
  oldPdf = Buffer.concat([Buffer.from('%PDF-1.4\n% an earlier edition\n'), randomBytes(64), Buffer.from('\n%%EOF\n')]);
  oldHtml = Buffer.from(`<!doctype html><title>earlier</title><p>${randomBytes(16).toString('hex')}</p>\n`);
  writeFileSync(path.join(out, `${NAME}.pdf`), oldPdf);
  writeFileSync(path.join(out, `${NAME}.html`), oldHtml);
});
afterEach(() => tmp.cleanup());

function expectOldOutputsIntact(): void {
  expect(readFileSync(path.join(out, `${NAME}.pdf`)).equals(oldPdf), 'the earlier PDF is unchanged').toBe(true);
  expect(readFileSync(path.join(out, `${NAME}.html`)).equals(oldHtml), 'the earlier HTML is unchanged').toBe(true);
  expect(temporariesIn(out)).toEqual([]);
}

function expectOneClearMessage(run: CliRun, ...mentions: (string | RegExp)[]): void {
  expect(run.stderr).toMatch(/^bulletin: /);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr).not.toContain('unexpected failure');
  for (const m of mentions) expect(run.stderr).toMatch(m);
}

/** Nothing of the run is left: no profile folder, no process whose command line names one of `needles`. */
async function expectNothingLeft(needles: string[], pgids: number[] = []): Promise<void> {
  expect(await waitFor(() => profileDirsIn(privateTmp).length === 0, 3000), `profile folders left: ${profileDirsIn(privateTmp).join(', ')}`).toBe(true);
  const left = await leftoverProcesses(needles, pgids, 3000);
  expect(left.map((p) => `${p.pid} ${p.stat} ${p.args.slice(0, 160)}`)).toEqual([]);
}

function fakeBrowser(name: string, script: string): string {
  const dir = path.join(tmp.dir, 'fake-browsers');
  mkdirSync(dir, { recursive: true });
  const p = path.join(dir, `${name}-${randomBytes(4).toString('hex')}`);
  writeFileSync(p, `#!/bin/sh\n${script}\n`);
  chmodSync(p, 0o755);
  return p;
}

const build = (...extra: string[]) => ['build', edition, '--out', out, ...extra];

describe('a browser that does not work', () => {
  it('a --chrome path that does not exist: exit 2 naming it, nothing written', async () => {
    const missing = path.join(tmp.dir, 'no-such-chrome');
    const run = await runCli(build('--chrome', missing, '--timeout', '2'), { tmpdir: privateTmp });
    expect(run.code).toBe(2);
    expectOneClearMessage(run, missing, /does not exist or is not executable/);
    expect(run.ms).toBeLessThan(20_000);
    expectOldOutputsIntact();
    await expectNothingLeft([privateTmp]);
  });

  it('a browser that exits at once: exit 2 naming it, nothing written, nothing left', async () => {
    const chrome = fakeBrowser('exits', 'echo "cannot start" >&2\nexit 3');
    const run = await runCli(build('--chrome', chrome, '--timeout', '2'), { tmpdir: privateTmp });
    expect(run.code).toBe(2);
    expectOneClearMessage(run, `Chrome could not be started from ${chrome}`);
    expect(run.ms).toBeLessThan(20_000);
    expectOldOutputsIntact();
    await expectNothingLeft([privateTmp, chrome]);
  });

  it('a browser that hangs: exit 2 within the --timeout bound, nothing written, the hung process ended', async () => {
    // The fractional duration marks the sleeping process so that it can be found if it is left behind.
    const marker = `30.${randomInt(100_000, 999_999)}`;
    const chrome = fakeBrowser('hangs', `sleep ${marker}`);
    const run = await runCli(build('--chrome', chrome, '--timeout', '2'), { tmpdir: privateTmp });
    expect(run.code).toBe(2);
    expectOneClearMessage(run, chrome);
    expect(run.ms).toBeLessThan(20_000);
    expectOldOutputsIntact();
    await expectNothingLeft([privateTmp, chrome, `sleep ${marker}`]);
  });
});

describe('an edition with errors while Chrome starts', () => {
  it('exit 1 with the errors at once: the launch still under way is given up, nothing written, nothing left', async () => {
    const report = path.join(edition, 'reports', 'kazakhstan-aktau-seminar.md');
    writeFileSync(report, readFileSync(report, 'utf8').replace(/^country: .*$/m, 'country: Atlantis'));
    // A browser that never comes up: the build must not wait for it (the launch bound here is 60 s).
    const marker = `30.${randomInt(100_000, 999_999)}`;
    const chrome = fakeBrowser('hangs', `sleep ${marker}`);
    const run = await runCli(build('--chrome', chrome, '--timeout', '60'), { tmpdir: privateTmp });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('front-matter/unknown-country');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.ms).toBeLessThan(30_000);
    expectOldOutputsIntact();
    await expectNothingLeft([privateTmp, chrome, `sleep ${marker}`]);
  });
});

describe('an interrupted build', () => {
  /**
   * A copy of the example with a long report, so that printing lasts several seconds: on a fast machine the
   * build of the example with a report of 14,000 words ended 1.7 s after Chrome's renderer started, too close
   * to the second that the tests below wait before they interrupt it.
   */
  function lengthenPrinting(): void {
    writeFileSync(
      path.join(edition, 'reports', 'kazakhstan-long-report.md'),
      `---\ncountry: Kazakhstan\ntitle: A long report on the referral mechanism\ndate: 2014-11-20\n---\n\n${prose(40_000, 7)}\n`,
    );
  }

  /** Processes of the Chrome started for this run: those naming its profile, and their process groups. */
  function chromeOfRun(): { pgids: number[]; renderer: boolean } {
    const procs = liveProcessesMatching([`${privateTmp}/`]);
    return {
      pgids: [...new Set(procs.map((p) => p.pgid))],
      renderer: procs.some((p) => p.args.includes('--type=renderer') && !p.args.includes('--top-chrome-webui')),
    };
  }

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s while printing: exit %i, earlier outputs kept, Chrome and its profile gone', async (signal, code) => {
    lengthenPrinting();
    const cli = spawnCli(build(), { tmpdir: privateTmp });
    const profile = await waitFor(() => profileDirsIn(privateTmp)[0], 60_000, 20);
    expect(profile, 'Chrome was started').toBeTruthy();
    // Chrome is up once its renderers run; then the document loads and prints for several seconds.
    expect(await waitFor(() => chromeOfRun().renderer, 30_000, 20), 'Chrome renders').toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const { pgids } = chromeOfRun();
    expect(pgids.length).toBeGreaterThan(0);
    cli.kill(signal);
    const run = await cli.done;
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain('interrupted');
    expect(run.stderr).toContain(signal);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expectOldOutputsIntact();
    await expectNothingLeft([privateTmp, path.join(privateTmp, profile!)], pgids);
  });

  it('Chrome crashing mid-print: exit 2 with a clear message, earlier outputs kept, nothing left', async () => {
    lengthenPrinting();
    const cli = spawnCli(build(), { tmpdir: privateTmp });
    const profile = await waitFor(() => profileDirsIn(privateTmp)[0], 60_000, 20);
    expect(await waitFor(() => chromeOfRun().renderer, 30_000, 20), 'Chrome renders').toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const { pgids } = chromeOfRun();
    for (const pgid of pgids) process.kill(-pgid, 'SIGKILL'); // the browser dies under bulletin
    const run = await cli.done;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/Chrome failed while|Chrome did not finish/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expectOldOutputsIntact();
    await expectNothingLeft([privateTmp, path.join(privateTmp, profile!)], pgids);
  });

  it('SIGTERM while Chrome starts: its profile folder is removed too', async () => {
    const cli = spawnCli(build(), { tmpdir: privateTmp });
    const profile = await waitFor(() => profileDirsIn(privateTmp)[0], 60_000, 10);
    expect(profile).toBeTruthy();
    cli.kill('SIGTERM');
    const run = await cli.done;
    expect(run.code).toBe(143);
    expectOldOutputsIntact();
    await expectNothingLeft([privateTmp]);
  });
});

describe('Chrome failing after it started', () => {
  it('a launch that times out leaves no profile folder', async () => {
    // Bounds shorter than any launch of Chrome, ending it at different moments of its start.
    for (const timeout of ['0.05', '0.1', '0.2']) {
      const run = await runCli(build('--timeout', timeout), { tmpdir: privateTmp });
      expect(run.code).toBe(2);
      expectOneClearMessage(run, `did not start within ${timeout} s`);
      expectOldOutputsIntact();
      await expectNothingLeft([privateTmp]);
    }
  });

  it('a template that fails to render while Chrome starts: exit 2 and the template error, every time', async () => {
    const tpl = path.join(edition, 'tpl');
    cpSync(DEFAULT_TEMPLATE_DIR, tpl, { recursive: true });
    const entry = path.join(tpl, 'edition.liquid');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('<body>', "<body>{% include 'no-such-partial' %}"));
    writeFileSync(path.join(edition, 'bulletin.yaml'), `${readFileSync(path.join(edition, 'bulletin.yaml'), 'utf8')}template: tpl\n`);
    for (let attempt = 0; attempt < 5; attempt++) {
      const run = await runCli(build(), { tmpdir: privateTmp });
      expect(run.stderr).not.toContain('ECONNRESET');
      expect(run.code, run.stderr).toBe(2);
      expectOneClearMessage(run, /The template default failed to render/);
      expectOldOutputsIntact();
    }
  });

  it('a print that exceeds --timeout: a clear message that points at --timeout', async () => {
    writeFileSync(
      path.join(edition, 'reports', 'kazakhstan-long-report.md'),
      `---\ncountry: Kazakhstan\ntitle: A long report on the referral mechanism\ndate: 2014-11-20\n---\n\n${prose(200_000, 7)}\n`,
    );
    // About 400 pages: Chrome starts within the bound, but loading or printing them takes longer (here a full
    // print takes well over 5 s), even as a draft. A bound of 2 s was too short for Chrome's start on a busy
    // two-core machine, where it shares the cores with the checking of the edition.
    // When the whole suite loads the machine, Chrome's own start can exceed the bound (a failure with its own
    // clear message, tested above); this test is about the print, so it tries again, up to three times.
    let run = await runCli(build('--timeout', '5'), { tmpdir: privateTmp });
    for (let retry = 0; retry < 2 && /did not start within 5 s/.test(run.stderr); retry++) run = await runCli(build('--timeout', '5'), { tmpdir: privateTmp });
    expect(run.code).toBe(2);
    expectOldOutputsIntact();
    expectOneClearMessage(run, /did not finish (loading|printing) the document within 5 s/, /--timeout/);
    await expectNothingLeft([privateTmp]);
  });
});
