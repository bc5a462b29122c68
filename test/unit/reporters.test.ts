import path from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { displayPath, formatGithub, formatJson, formatStylish } from '../../src/cli/reporters.js';

const plain = new Chalk({ level: 0 });
const EDITION = path.join(process.cwd(), 'ed');

const DIAGS: Diagnostic[] = [
  {
    file: 'reports/a.md',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
    severity: 'error',
    ruleId: 'front-matter/unknown-country',
    message: '“Kyrgistan” is not one of the edition’s countries.\nUse one of: Kazakhstan.',
    suggestion: 'Kyrgyzstan',
  },
  { file: 'reports/a.md', line: 7, column: 1, severity: 'warning', ruleId: 'schema/unknown-key', message: 'Unknown key `titel`.' },
  { file: 'bulletin.yaml', line: 1, column: 1, severity: 'error', ruleId: 'config/not-a-map', message: 'Not a map.' },
];

describe('formatJson', () => {
  it('prints an array of diagnostics with optional fields only when present', () => {
    const parsed = JSON.parse(formatJson(DIAGS)) as unknown[];
    expect(parsed).toEqual([
      {
        file: 'reports/a.md',
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 9,
        severity: 'error',
        ruleId: 'front-matter/unknown-country',
        message: '“Kyrgistan” is not one of the edition’s countries.\nUse one of: Kazakhstan.',
        suggestion: 'Kyrgyzstan',
      },
      { file: 'reports/a.md', line: 7, column: 1, severity: 'warning', ruleId: 'schema/unknown-key', message: 'Unknown key `titel`.' },
      { file: 'bulletin.yaml', line: 1, column: 1, severity: 'error', ruleId: 'config/not-a-map', message: 'Not a map.' },
    ]);
    expect(Object.keys(parsed[0] as object)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'ruleId', 'message', 'suggestion']);
  });

  it('prints [] for no diagnostics', () => {
    expect(formatJson([])).toBe('[]');
  });
});

describe('formatGithub', () => {
  it('prints one workflow command per diagnostic', () => {
    const lines = formatGithub(DIAGS, EDITION).split('\n');
    expect(lines).toEqual([
      '::error file=ed/reports/a.md,line=3,col=5,endLine=3,endColumn=9,title=front-matter/unknown-country::“Kyrgistan” is not one of the edition’s countries.%0AUse one of: Kazakhstan.',
      '::warning file=ed/reports/a.md,line=7,col=1,title=schema/unknown-key::Unknown key `titel`.',
      '::error file=ed/bulletin.yaml,line=1,col=1,title=config/not-a-map::Not a map.',
    ]);
  });

  it('escapes %, CR and LF in messages', () => {
    const d: Diagnostic = { file: 'r.md', line: 1, column: 2, severity: 'error', ruleId: 'x/y', message: '100% done\r\nnext: a, b' };
    expect(formatGithub([d], EDITION)).toBe('::error file=ed/r.md,line=1,col=2,title=x/y::100%25 done%0D%0Anext: a, b');
  });

  it('shows control characters and direction overrides escaped, as the stylish format does', () => {
    const d: Diagnostic = { file: 'r\u001b[2J\u202e.md', line: 1, column: 1, severity: 'error', ruleId: 'x/y', message: 'key \u001b]0;title\u0007 \u202eevil' };
    expect(formatGithub([d], EDITION)).toBe('::error file=ed/r\\u{1B}[2J\\u{202E}.md,line=1,col=1,title=x/y::key \\u{1B}]0;title\\u{7} \\u{202E}evil');
  });

  it('also escapes : and , in properties', () => {
    const d: Diagnostic = { file: 'r,1:2%.md', line: 4, column: 1, severity: 'warning', ruleId: 'rule:with,chars', message: 'm' };
    expect(formatGithub([d], path.join(process.cwd(), 'a,b:c'))).toBe(
      '::warning file=a%2Cb%3Ac/r%2C1%3A2%25.md,line=4,col=1,title=rule%3Awith%2Cchars::m',
    );
  });

  it('prints nothing for no diagnostics', () => {
    expect(formatGithub([], EDITION)).toBe('');
  });
});

describe('formatStylish', () => {
  it('groups by file, indents continuation lines and ends with the summary', () => {
    expect(formatStylish(DIAGS, EDITION, plain).split('\n')).toEqual([
      'ed/reports/a.md',
      '  ed/reports/a.md:3:5  error    “Kyrgistan” is not one of the edition’s countries.  front-matter/unknown-country',
      `${' '.repeat(32)}Use one of: Kazakhstan.`,
      '  ed/reports/a.md:7:1  warning  Unknown key `titel`.  schema/unknown-key',
      '',
      'ed/bulletin.yaml',
      '  ed/bulletin.yaml:1:1  error    Not a map.  config/not-a-map',
      '',
      '✖ 2 errors, 1 warning',
    ]);
  });

  it('shows control characters and direction overrides from reports as escapes, never raw', () => {
    const hostile: Diagnostic = { ...DIAGS[1]!, file: 'reports/evil\u001b[2J\rFAKE.md', message: 'The title “X\u001b]0;PWNED\u0007\u202eY” is also used.\nNext line\tkept.' };
    const out = formatStylish([hostile], EDITION, plain);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/u);
    expect(out).toContain('evil\\u{1B}[2J\\u{D}FAKE.md');
    expect(out).toContain('X\\u{1B}]0;PWNED\\u{7}\\u{202E}Y');
    expect(out).toContain('Next line\tkept.');
  });

  it('keeps a file name with a line break on its line, so that it cannot forge a diagnostic', () => {
    const forged: Diagnostic = { ...DIAGS[2]!, file: 'reports/x\n  FAKE.md:1:1  error    fake\u2028.md' };
    const lines = formatStylish([forged], EDITION, plain).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('ed/reports/x\\u{A}  FAKE.md:1:1  error    fake\\u{2028}.md');
  });

  it('uses the warning summary when there are only warnings', () => {
    const out = formatStylish([DIAGS[1]!], EDITION, plain);
    expect(out.split('\n').at(-1)).toBe('⚠ 0 errors, 1 warning');
  });

  it('prints nothing for no diagnostics', () => {
    expect(formatStylish([], EDITION, plain)).toBe('');
  });

  it('adds colour only when chalk has a level', () => {
    expect(formatStylish(DIAGS, EDITION, plain)).not.toContain('\u001b[');
    expect(formatStylish(DIAGS, EDITION, new Chalk({ level: 1 }))).toContain('\u001b[31m');
  });
});

describe('displayPath', () => {
  it('is relative to the working folder inside it and absolute outside it', () => {
    expect(displayPath(EDITION, 'reports/a.md')).toBe(path.join('ed', 'reports', 'a.md'));
    expect(displayPath(process.cwd(), '.')).toBe('.');
    expect(displayPath('/elsewhere/edition', 'reports/a.md')).toBe('/elsewhere/edition/reports/a.md');
  });
});
