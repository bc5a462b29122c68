/**
 * The two “cannot read” rules that a committed fixture cannot show portably: file/unreadable for a file
 * without read permission, a bulletin.yaml that is a folder or a report that is a named pipe, and
 * front-matter/unreadable, which only a failing front-matter splitter produces (gray-matter is mocked to fail
 * here).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/edition.js';

const splitter = vi.hoisted(() => ({ fail: false }));
vi.mock('gray-matter', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: (...args: unknown[]) => unknown }).default;
  return {
    default: (...args: unknown[]) => {
      if (splitter.fail) throw new Error('the splitter gave up');
      return real(...args);
    },
  };
});

const { lint } = await import('../../src/lint.js');
const { parseReport } = await import('../../src/reports/read-reports.js');
const { DiagnosticSink } = await import('../../src/diagnostics.js');

const CONFIG = `title: Test Bulletin
organisation: Test Organisation
edition: 1
period: {label: Q4 2014, start: 2014-10-01, end: 2014-12-31}
countries: [Kazakhstan]
`;
const REPORT = '---\ncountry: Kazakhstan\ntitle: Seminar in Aktau\ndate: 2014-11-03\n---\n\nText of the report.\n';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  mkdirSync(path.join(tmp.dir, 'reports'));
  splitter.fail = false;
});
afterEach(() => {
  try {
    chmodSync(path.join(tmp.dir, 'reports', 'locked.md'), 0o644);
  } catch {
    // not created by this test
  }
  tmp.cleanup();
});

const brief = (ds: { file: string; ruleId: string; severity: string; line: number; column: number }[]) =>
  ds.map(({ file, ruleId, severity, line, column }) => ({ file, ruleId, severity, line, column }));

describe('file/unreadable', () => {
  it('a bulletin.yaml that is a folder is reported, and the reports are still checked', async () => {
    mkdirSync(path.join(tmp.dir, 'bulletin.yaml'));
    writeFileSync(path.join(tmp.dir, 'reports', 'kazakhstan.md'), REPORT.replace('Text of the report.', '[[Write here]]'));
    const result = await lint(tmp.dir);
    expect(brief(result.diagnostics)).toEqual([
      { file: 'bulletin.yaml', ruleId: 'file/unreadable', severity: 'error', line: 1, column: 1 },
      { file: 'reports/kazakhstan.md', ruleId: 'content/placeholder', severity: 'error', line: 7, column: 1 },
    ]);
  });

  it('a named pipe called *.md among the reports is reported, not left out without a word, and never opened', async () => {
    writeFileSync(path.join(tmp.dir, 'bulletin.yaml'), CONFIG);
    writeFileSync(path.join(tmp.dir, 'reports', 'kazakhstan.md'), REPORT);
    // Opening a pipe with no writer would block for ever: the lint finishing at all shows it is not opened.
    execFileSync('mkfifo', [path.join(tmp.dir, 'reports', 'pipe.md')]);
    const result = await lint(tmp.dir);
    expect(brief(result.diagnostics)).toEqual([{ file: 'reports/pipe.md', ruleId: 'file/unreadable', severity: 'error', line: 1, column: 1 }]);
    expect(result.diagnostics[0]!.message).toBe('This is a named pipe, not a text file, so it cannot be read.');
  });
});

describe('front-matter/unreadable', () => {
  it('parseReport reports a splitter failure at 1:1 instead of throwing', () => {
    splitter.fail = true;
    const sink = new DiagnosticSink('reports/kazakhstan.md');
    const report = parseReport('reports/kazakhstan.md', '/edition/reports/kazakhstan.md', REPORT, { countries: ['Kazakhstan'] }, sink);
    expect(report).toBeUndefined();
    expect(brief(sink.list)).toEqual([
      { file: 'reports/kazakhstan.md', ruleId: 'front-matter/unreadable', severity: 'error', line: 1, column: 1 },
    ]);
    expect(sink.list[0]!.message).toContain('the splitter gave up');
  });

  it('lint goes on with the other reports', async () => {
    writeFileSync(path.join(tmp.dir, 'bulletin.yaml'), CONFIG);
    writeFileSync(path.join(tmp.dir, 'reports', 'kazakhstan.md'), REPORT);
    splitter.fail = true;
    const result = await lint(tmp.dir);
    expect(brief(result.diagnostics)).toEqual([
      { file: 'reports/kazakhstan.md', ruleId: 'front-matter/unreadable', severity: 'error', line: 1, column: 1 },
    ]);
    expect(result.errorCount).toBe(1);
  });

  it('with the real splitter the same report is clean (the mock is the only cause)', async () => {
    writeFileSync(path.join(tmp.dir, 'bulletin.yaml'), CONFIG);
    writeFileSync(path.join(tmp.dir, 'reports', 'kazakhstan.md'), REPORT);
    expect((await lint(tmp.dir)).diagnostics).toEqual([]);
  });
});
