/** The command line as users meet it: exit codes, messages without stack traces, help with examples. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, copyExample, tempDir } from '../helpers/edition.js';

function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', CI: 'true', ...options.env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: ReturnType<typeof tempDir>;
let edition: string;
beforeEach(() => {
  tmp = tempDir();
  edition = copyExample(tmp.dir);
});
afterEach(() => tmp.cleanup());

describe('bulletin CLI', () => {
  it('prints help with examples and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: bulletin');
    expect(r.stdout).toContain('Examples:');
    const b = run(['build', '--help']);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('--format <formats>');
    expect(b.stdout).toContain('bulletin build examples/central-asia-2014-q4');
  });

  it('prints its version', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(CLI, '..', '..', 'package.json'), 'utf8')).version);
  });

  it('exits 2 with the help on stderr when no command, or an unknown one, is given', () => {
    const none = run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: bulletin');
    expect(run(['help', 'bogus']).code).toBe(2);
    expect(run(['help', 'build']).code).toBe(0);
  });

  it('refuses an empty --out or --chrome (an unset shell variable) instead of writing here or ignoring it', () => {
    for (const args of [['build', edition, '--out', ''], ['build', edition, '--chrome', ''], ['doctor', '--chrome', '']]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('needs a path; it was given an empty one');
    }
    expect(existsSync(path.join(tmp.dir, 'central-asia-ct-bulletin-2014-q4.pdf'))).toBe(false);
  });

  it('exits 2 on an unknown option or format', () => {
    expect(run(['build', '--bogus']).code).toBe(2);
    const r = run(['build', edition, '--format', 'docx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docx');
  });

  it('refuses a port or a timeout out of range with what is allowed, before doing anything', () => {
    const port = run(['preview', edition, '--port', '99999']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('not a port number (0 to 65535');
    expect(run(['preview', edition, '--port', 'abc']).stderr).toContain('“abc” is not a port number');
    const timeout = run(['build', edition, '--timeout', '3000000']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('up to 86400');
  });

  it('an output folder that cannot be made is a clear error, not a hang', () => {
    const r = run(['build', edition, '--format', 'html', '--out', '/proc/bulletin-nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot write to /proc/bulletin-nope');
    writeFileSync(path.join(tmp.dir, 'a-file'), '');
    const under = run(['build', edition, '--format', 'html', '--out', path.join(tmp.dir, 'a-file', 'sub')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain('part of the path is a file');
  });

  it('exits 2 with one clear sentence when the folder is not an edition', () => {
    const r = run(['build', tmp.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('There is no bulletin.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 and points at file:line:col when a report is broken, writing nothing', () => {
    const file = path.join(edition, 'reports', 'uzbekistan-male-vot-roundtable.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('date: 2014-12-12', 'date: 12/12/2014'));
    const r = run(['build', edition]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join('reports', 'uzbekistan-male-vot-roundtable.md')}:4:7`);
    expect(r.stderr).toContain('12/12/2014');
    expect(r.stderr).toContain('Nothing was written');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(edition, 'dist'))).toBe(false);
  });

  it('exits 2 with advice when the browser cannot be found', () => {
    const r = run(['build', edition], { env: { BULLETIN_CHROME: path.join(tmp.dir, 'nowhere', 'chrome') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('BULLETIN_CHROME');
    expect(r.stderr).toContain(path.join(tmp.dir, 'nowhere', 'chrome'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('builds both formats into <edition>/dist by default and says what it wrote', () => {
    const r = run(['build'], { cwd: edition });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote dist\/central-asia-ct-bulletin-2014-q4\.pdf \(\d+ pages, \d+ KB\)/);
    expect(r.stdout).toMatch(/Wrote dist\/central-asia-ct-bulletin-2014-q4\.html \(\d+ KB\)/);
    expect(readFileSync(path.join(edition, 'dist', 'central-asia-ct-bulletin-2014-q4.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows each step with its time at a terminal, and nothing of them in CI or with --quiet', () => {
    // A terminal, as the command sees one: stderr says it is a TTY (a preload sets the flag the command reads).
    const tty = path.join(tmp.dir, 'tty.cjs');
    writeFileSync(tty, "Object.defineProperty(process.stderr, 'isTTY', { value: true });\n");
    const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0' };
    delete env['CI'];
    const atTerminal = (args: string[], extraEnv: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['--require', tty, CLI, ...args], { encoding: 'utf8', env: { ...env, ...extraEnv }, timeout: 120_000 });
    const out = path.join(tmp.dir, 'out');
    const r = atTerminal(['build', edition, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const time = String.raw`\d+ ms|\d+\.\d\d s`;
    const steps = r.stderr.split('\n').filter((l) => l.startsWith('· '));
    const expected = [
      String.raw`Checked \(6 reports\)`,
      String.raw`Rendered HTML \(8 images\)`,
      String.raw`Started Chrome \(.+\)`,
      'Loaded fonts and images',
      String.raw`Printed \(pass 1: a draft, for the page numbers\)`,
      String.raw`Printed \(pass 2\)`,
      String.raw`Finished the PDF \(metadata and bookmarks\)`,
      String.raw`Wrote outputs \(.+\)`,
    ];
    expect(steps).toHaveLength(expected.length);
    steps.forEach((line, i) => expect(line).toMatch(new RegExp(`^· ${expected[i]} (?:${time})$`)));
    // The same terminal with --quiet, and a CI log, get none of them.
    const quiet = atTerminal(['build', edition, '--out', out, '--format', 'html', '--quiet']);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe('');
    const ci = atTerminal(['build', edition, '--out', out, '--format', 'html'], { CI: 'true' });
    expect(ci.status).toBe(0);
    expect(ci.stderr).toBe('');
    expect(ci.stdout).toMatch(/Wrote .+\.html/);
    // And the terminal run without --quiet shows the steps of an HTML-only build too (no Chrome in them).
    const html = atTerminal(['build', edition, '--out', out, '--format', 'html']);
    expect(html.stderr).toMatch(/^· Checked .*\n· Rendered HTML .*\n· Wrote outputs /m);
    expect(html.stderr).not.toContain('Chrome');
  });

  it('builds only the HTML edition with --format html --out DIR, without a browser', () => {
    const out = path.join(tmp.dir, 'public');
    const r = run(['build', edition, '--format', 'html', '--out', out, '--quiet'], { env: { BULLETIN_CHROME: '/nonexistent' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(existsSync(path.join(out, 'central-asia-ct-bulletin-2014-q4.html'))).toBe(true);
    expect(existsSync(path.join(out, 'central-asia-ct-bulletin-2014-q4.pdf'))).toBe(false);
  });

  it('loads neither the browser stack nor the PDF library for --help, lint or the HTML edition', () => {
    // Every package the process requires is written down as it exits.
    const hook = path.join(tmp.dir, 'requires.cjs');
    const log = path.join(tmp.dir, 'requires.txt');
    writeFileSync(
      hook,
      `const M = require('node:module'); const fs = require('node:fs'); const seen = [];
const load = M._load; M._load = function (request) { seen.push(request); return load.apply(this, arguments); };
process.on('exit', () => fs.appendFileSync(${JSON.stringify(log)}, seen.join('\\n') + '\\n---\\n'));`,
    );
    const env = { NODE_OPTIONS: `--require=${hook}` };
    for (const args of [['--help'], ['lint', edition], ['build', edition, '--format', 'html', '--out', path.join(tmp.dir, 'h'), '-q']]) {
      expect(run(args, { env }).code, args.join(' ')).toBe(0);
    }
    const runs = readFileSync(log, 'utf8').split('---\n').slice(0, 3);
    expect(runs).toHaveLength(3);
    for (const requests of runs) expect(requests).not.toMatch(/puppeteer|pdf-lib|chokidar/);
    // The hook does see what is loaded: the HTML edition hyphenates, with the hyphen package.
    expect(runs[2]).toMatch(/hyphen\/hyphen\.js/);
  });

  it('doctor names the browser and the fonts it found', () => {
    const r = run(['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Browser: \S+/);
    expect(r.stdout).toContain('Font Noto Serif');
    expect(r.stdout).toContain('Chrome starts and prints');
  });
});
