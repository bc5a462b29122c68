import { describe, expect, it } from 'vitest';
import { BulletinError, countBySeverity, DiagnosticSink, hasErrors, sortDiagnostics, ValidationFailed, type Diagnostic } from '../../src/diagnostics.js';

describe('DiagnosticSink', () => {
  it('records errors and warnings with the file, position and optional fields', () => {
    const sink = new DiagnosticSink('reports/a.md');
    sink.error('x/one', 'First.', { line: 3, column: 4, endLine: 3, endColumn: 9 }, 'Fix');
    sink.warn('x/two', 'Second.', undefined);
    expect(sink.list).toEqual([
      { file: 'reports/a.md', line: 3, column: 4, endLine: 3, endColumn: 9, severity: 'error', ruleId: 'x/one', message: 'First.', suggestion: 'Fix' },
      { file: 'reports/a.md', line: 1, column: 1, severity: 'warning', ruleId: 'x/two', message: 'Second.' },
    ]);
    expect(sink.list[1]).not.toHaveProperty('suggestion');
    expect(sink.list[1]).not.toHaveProperty('endLine');
  });
});

describe('counting and sorting', () => {
  const d = (file: string, line: number, column: number, ruleId: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
    file,
    line,
    column,
    ruleId,
    severity,
    message: 'm',
  });

  it('counts by severity and detects errors', () => {
    const list = [d('a', 1, 1, 'r'), d('a', 2, 1, 'r', 'warning'), d('b', 1, 1, 'r', 'warning')];
    expect(countBySeverity(list)).toEqual({ errors: 1, warnings: 2 });
    expect(hasErrors(list)).toBe(true);
    expect(hasErrors(list.slice(1))).toBe(false);
    expect(hasErrors([])).toBe(false);
  });

  it('sorts by file, line, column, then rule', () => {
    const list = [d('b.md', 1, 1, 'r'), d('a.md', 10, 1, 'r'), d('a.md', 2, 5, 'z'), d('a.md', 2, 5, 'a'), d('a.md', 2, 1, 'r')];
    expect(sortDiagnostics(list).map((x) => `${x.file}:${x.line}:${x.column}:${x.ruleId}`)).toEqual([
      'a.md:2:1:r',
      'a.md:2:5:a',
      'a.md:2:5:z',
      'a.md:10:1:r',
      'b.md:1:1:r',
    ]);
  });
});

describe('errors', () => {
  it('BulletinError carries a code and a cause', () => {
    const cause = new Error('inner');
    const e = new BulletinError('Cannot go on.', 'no-edition', { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'BulletinError', code: 'no-edition', message: 'Cannot go on.', cause });
  });

  it('ValidationFailed counts errors in its message', () => {
    const err = (severity: Diagnostic['severity']): Diagnostic => ({ file: 'f', line: 1, column: 1, severity, ruleId: 'r', message: 'm' });
    expect(new ValidationFailed([err('error')]).message).toBe('The edition has 1 error; nothing was written.');
    const two = new ValidationFailed([err('error'), err('warning'), err('error')]);
    expect(two.message).toBe('The edition has 2 errors; nothing was written.');
    expect(two.diagnostics).toHaveLength(3);
    expect(two.name).toBe('ValidationFailed');
  });
});
