/**
 * `bulletin lint` on the command line: exit codes, the three output formats, --quiet and --max-warnings,
 * colour, and paths printed as path:line:col. Runs the compiled CLI (the global setup compiles dist/).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { CLI, EXAMPLE, ROOT, tempDir } from '../helpers/edition.js';
import { FIXTURES_DIR } from '../helpers/lint-fixtures.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without a terminal. `env` values of undefined remove the variable. */
function run(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0', NO_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const fixture = (name: string) => path.join('test', 'fixtures', name);
const STACK_TRACE = /\n\s+at .+:\d+:\d+/;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;

const temps: ReturnType<typeof tempDir>[] = [];
afterAll(() => temps.forEach((t) => t.cleanup()));

describe('bulletin lint: exit codes', () => {
  it('exits 0 and says “No problems” on the example edition', async () => {
    const r = await run(['lint', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/No problems in 7 files\./);
    expect(r.stdout).toBe('');
  });

  it('lints the current folder when no folder is given', async () => {
    const r = await run(['lint'], { cwd: EXAMPLE });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No problems');
  });

  it('exits 1 when there are errors', async () => {
    const r = await run(['lint', fixture('unknown-country')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('front-matter/unknown-country');
    expect(r.stderr).toMatch(/✖ 1 error, 0 warnings/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('exits 0 with warnings only', async () => {
    const r = await run(['lint', fixture('country-spelling')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning');
    expect(r.stderr).toMatch(/⚠ 0 errors, 1 warning/);
  });

  it('--max-warnings 0 with a warning exits 1 and says why; a limit that is not exceeded exits 0', async () => {
    const over = await run(['lint', fixture('country-spelling'), '--max-warnings', '0']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('Too many warnings: 1, more than --max-warnings 0.');
    const within = await run(['lint', fixture('country-spelling'), '--max-warnings', '1']);
    expect(within.code).toBe(0);
    expect(within.stderr).not.toContain('Too many warnings');
  });

  it('--max-warnings must be a whole number (exit 2)', async () => {
    for (const bad of ['-1', 'many', '1.5']) {
      const r = await run(['lint', fixture('country-spelling'), '--max-warnings', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain(bad);
      expect(r.stderr, bad).not.toMatch(STACK_TRACE);
    }
  });

  it('--format bogus exits 2 and names the allowed formats', async () => {
    const r = await run(['lint', EXAMPLE, '--format', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bogus');
    expect(r.stderr).toMatch(/stylish.*json.*github/);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('--format takes its name in any case, as build --format does', async () => {
    const r = await run(['lint', EXAMPLE, '-f', 'JSON']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('a folder without bulletin.yaml exits 2 with one clear sentence and no stack trace', async () => {
    const t = tempDir();
    temps.push(t);
    for (const format of ['stylish', 'json', 'github']) {
      const r = await run(['lint', t.dir, '--format', format]);
      expect(r.code, format).toBe(2);
      expect(r.stdout, format).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, format).toHaveLength(1);
      expect(lines[0], format).toMatch(/^bulletin: There is no bulletin\.yaml in .+, so it is not an edition folder\./);
      expect(r.stderr, format).not.toMatch(STACK_TRACE);
      expect(r.stderr, format).not.toContain('unexpected failure');
    }
  });

  it('an invalid bulletin.yaml exits 1 with its diagnostics', async () => {
    const r = await run(['lint', fixture('config-schema')]);
    expect(r.code).toBe(1);
    const where = path.join(fixture('config-schema'), 'bulletin.yaml');
    expect(r.stderr).toContain(`${where}:9:11`);
    expect(r.stderr).toContain(`${where}:14:12`);
    expect(r.stderr).toContain(`${where}:16:13`);
    expect(r.stderr).toContain('config/schema');
  });

  it('an unreadable bulletin.yaml (a folder) exits 1 with file/unreadable', async () => {
    const t = tempDir();
    temps.push(t);
    mkdirSync(path.join(t.dir, 'bulletin.yaml'));
    mkdirSync(path.join(t.dir, 'reports'));
    writeFileSync(path.join(t.dir, 'reports', 'x.md'), '---\ncountry: Kazakhstan\ntitle: T\ndate: 2014-11-03\n---\n\nText.\n');
    const r = await run(['lint', t.dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject([{ file: 'bulletin.yaml', line: 1, column: 1, severity: 'error', ruleId: 'file/unreadable' }]);
  });
});

describe('bulletin lint: output', () => {
  it('--quiet hides warnings but still exits 1 on errors, and warnings still count for --max-warnings', async () => {
    const r = await run(['lint', fixture('multi-problem'), '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\bwarning\b/);
    expect(r.stderr).toContain('image/remote');
    expect(r.stderr).toMatch(/✖ 5 errors, 0 warnings/);

    const onlyWarnings = await run(['lint', fixture('country-spelling'), '--quiet']);
    expect(onlyWarnings.code).toBe(0);
    expect(onlyWarnings.stderr).toBe('');

    const json = await run(['lint', fixture('multi-problem'), '--quiet', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { severity: string }[]).every((d) => d.severity === 'error')).toBe(true);

    const limited = await run(['lint', fixture('country-spelling'), '--quiet', '--max-warnings', '0']);
    expect(limited.code).toBe(1);
  });

  it('--format json prints a parseable array on stdout and nothing else there', async () => {
    const dir = path.join(FIXTURES_DIR, 'multi-problem');
    const r = await run(['lint', fixture('multi-problem'), '--format', 'json'], { env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith(']\n')).toBe(true);
    const parsed = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Array.isArray(parsed)).toBe(true);
    const api = await lint(dir);
    expect(parsed.map((d) => [d['file'], d['line'], d['column'], d['severity'], d['ruleId'], d['message']])).toEqual(
      api.diagnostics.map((d) => [d.file, d.line, d.column, d.severity, d.ruleId, d.message]),
    );
    for (const d of parsed) expect(Object.keys(d)).toEqual(expect.arrayContaining(['file', 'line', 'column', 'severity', 'ruleId', 'message']));

    const clean = await run(['lint', EXAMPLE, '--format', 'json']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('[]\n');
    expect(clean.stderr).toBe('');
  });

  it('--format github prints one workflow command per diagnostic', async () => {
    const r = await run(['lint', fixture('multi-problem'), '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    const command = /^::(error|warning) file=([^,]+),line=(\d+),col=(\d+)(?:,endLine=\d+,endColumn=\d+)?,title=([a-z-]+\/[a-z-]+)::(.+)$/;
    for (const line of lines) expect(line).toMatch(command);
    expect(lines).toContain(
      '::error file=test/fixtures/multi-problem/reports/tajikistan.md,line=2,col=10,title=front-matter/unknown-country::“Tajkistan” is not one of the edition’s countries; did you mean `Tajikistan`? The edition’s countries are: Kazakhstan, Kyrgyzstan, Tajikistan.',
    );
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(8);
    // Multi-line messages stay on one line, escaped as GitHub requires.
    const missing = await run(['lint', fixture('no-front-matter'), '--format', 'github']);
    expect(missing.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(missing.stdout).toMatch(/^::error file=test\/fixtures\/no-front-matter\/reports\/kazakhstan\.md,line=1,col=1,title=front-matter\/missing::.*%0A---%0Acountry: Kazakhstan%0A/);

    const clean = await run(['lint', EXAMPLE, '--format', 'github']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
  });

  it('prints path:line:col relative to the current folder, or absolute when the edition lies outside it', async () => {
    const fromRoot = await run(['lint', fixture('unknown-country')]);
    expect(fromRoot.stderr).toContain(`${path.join('test', 'fixtures', 'unknown-country', 'reports', 'tajikistan.md')}:2:10`);

    const fromEdition = await run(['lint', '.'], { cwd: path.join(FIXTURES_DIR, 'unknown-country') });
    expect(fromEdition.stderr).toMatch(new RegExp(`^\\s+${escape(path.join('reports', 'tajikistan.md'))}:2:10\\s+error\\s`, 'm'));

    // A folder of its own, so that the edition lies outside it wherever the repository is checked out.
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'bulletin-elsewhere-'));
    try {
      const fromElsewhere = await run(['lint', path.join(FIXTURES_DIR, 'unknown-country')], { cwd: elsewhere });
      expect(fromElsewhere.stderr).toContain(`${path.join(FIXTURES_DIR, 'unknown-country', 'reports', 'tajikistan.md')}:2:10`);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('points at both the line and the column of each problem in stylish output', async () => {
    const r = await run(['lint', fixture('raw-html')]);
    const where = path.join('test', 'fixtures', 'raw-html', 'reports', 'kazakhstan.md');
    expect(r.stderr).toContain(`${where}:9:17`);
    expect(r.stderr).toContain(`${where}:9:44`);
    expect(r.stderr).toContain(`${where}:11:1`);
  });
});

describe('bulletin lint: colour', () => {
  const args = ['lint', fixture('multi-problem')];

  it('uses colour with FORCE_COLOR=1', async () => {
    const r = await run(args, { env: { FORCE_COLOR: '1' } });
    expect(r.stderr).toMatch(ANSI);
  });

  it('--no-color wins over FORCE_COLOR=1, before or after the command', async () => {
    expect((await run([...args, '--no-color'], { env: { FORCE_COLOR: '1' } })).stderr).not.toMatch(ANSI);
    expect((await run(['--no-color', ...args], { env: { FORCE_COLOR: '1' } })).stderr).not.toMatch(ANSI);
  });

  it('no colour with NO_COLOR=1, with FORCE_COLOR=0, or when stderr is not a terminal', async () => {
    expect((await run(args, { env: { FORCE_COLOR: undefined, NO_COLOR: '1' } })).stderr).not.toMatch(ANSI);
    expect((await run(args, { env: { FORCE_COLOR: '0' } })).stderr).not.toMatch(ANSI);
    const plain = await run(args, { env: { FORCE_COLOR: undefined } });
    expect(plain.stderr).not.toMatch(ANSI);
    expect(plain.stderr).toContain('✖ 5 errors, 8 warnings');
  });

  it('never colours json or github output', async () => {
    for (const format of ['json', 'github']) {
      const r = await run([...args, '--format', format], { env: { FORCE_COLOR: '1' } });
      expect(r.stdout, format).not.toMatch(ANSI);
    }
  });

  it('the “No problems” line is green only with FORCE_COLOR=1', async () => {
    expect((await run(['lint', EXAMPLE], { env: { FORCE_COLOR: '1' } })).stderr).toMatch(ANSI);
    expect((await run(['lint', EXAMPLE, '--no-color'], { env: { FORCE_COLOR: '1' } })).stderr).not.toMatch(ANSI);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
