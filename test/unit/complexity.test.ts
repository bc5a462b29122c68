/** Markdown that would make the parser slow or overflow its stack is refused by a linear scan first. */
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { complexityProblem } from '../../src/markdown/complexity.js';
import { analyzeMarkdown } from '../../src/markdown/markdown-to-html.js';

const nestedList = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item`).join('\n');

describe('complexityProblem', () => {
  it('passes what reports contain: nested lists and quotes a few levels deep, links, emphasis, rules', () => {
    const ordinary = [
      nestedList(12),
      '> > > quoted',
      '[a link](https://example.org) and [[x]] and a [ref][r]',
      '**bold** _italic_ ~~gone~~ ***both***',
      '*'.repeat(300),
      '_'.repeat(300),
      '    code indented four',
      '\t\tcode with tabs',
    ].join('\n\n');
    expect(complexityProblem(ordinary)).toBeUndefined();
  });

  it('finds deep lists, deep quotes, unclosed brackets and long delimiter runs, where they are', () => {
    expect(complexityProblem(`Intro\n\n${nestedList(1000)}`)).toMatchObject({ line: 123 });
    expect(complexityProblem(`${'> '.repeat(40)}deep`)).toMatchObject({ line: 1, column: 65 });
    expect(complexityProblem(`Text\n\nSee ${'['.repeat(300)}x`)).toMatchObject({ line: 3, column: 5 });
    expect(complexityProblem(`a ${'*'.repeat(200)}x`)).toMatchObject({ line: 1, column: 3 });
    // escaped characters are text, and a blank line closes a paragraph's brackets
    expect(complexityProblem('\\['.repeat(1000))).toBeUndefined();
    expect(complexityProblem(Array.from({ length: 100 }, () => '[[[').join('\n\n'))).toBeUndefined();
  });

  it('counts brackets, emphasis and table cells per block, cells per row and report, and list items, and skips fenced code', () => {
    expect(complexityProblem(`Intro\n\n${'[a](x '.repeat(1001)}`)).toMatchObject({ line: 3, column: 1 });
    expect(complexityProblem(`Intro\n\n${'*a_ '.repeat(1001)}`)).toMatchObject({ line: 3 });
    expect(complexityProblem(`|${'x|'.repeat(300)}`)).toMatchObject({ line: 1 });
    const row = `|${'x|'.repeat(20)}`;
    expect(complexityProblem(`Text\n\n${Array.from({ length: 1000 }, () => row).join('\n')}`)).toMatchObject({ line: 3 });
    const table = Array.from({ length: 500 }, () => row).join('\n');
    expect(complexityProblem(Array.from({ length: 6 }, () => table).join('\n\n'))?.message).toContain('in all');
    expect(complexityProblem(Array.from({ length: 5001 }, () => '- x').join('\n'))).toMatchObject({ line: 5001 });
    // What a long report has stays well inside: 900 links in paragraphs of 90, a 500-row table, 4,000 items.
    expect(complexityProblem(Array.from({ length: 10 }, () => '[a](https://example.org) *b* '.repeat(90)).join('\n\n'))).toBeUndefined();
    expect(complexityProblem(table)).toBeUndefined();
    expect(complexityProblem(Array.from({ length: 4000 }, () => '- x').join('\n'))).toBeUndefined();
    expect(complexityProblem(`\`\`\`\n${'[*|'.repeat(5000)}\n\`\`\`\n`)).toBeUndefined();
  });
});

describe('analyzeMarkdown on hostile nesting', () => {
  const ctx = { editionRealDir: '/nonexistent', idPrefix: 'a1-', lineOffset: 6, countries: [] };
  for (const [name, body] of [
    ['1,000 nested lists', nestedList(1000)],
    ['10,000 nested quotes', `${'> '.repeat(10_000)}deep`],
    ['50,000 brackets', `${'['.repeat(50_000)}x${']'.repeat(50_000)}`],
    ['a run of 10,000 asterisks', `${'*'.repeat(10_000)}x${'*'.repeat(10_000)}`],
    ['100,000 links left open', '[a]('.repeat(100_000)],
    ['a table of a million cells', Array.from({ length: 5000 }, () => `|${'h|'.repeat(200)}`).join('\n')],
  ] as const) {
    it(`refuses ${name} at once, with the report's line`, () => {
      const sink = new DiagnosticSink('reports/x.md');
      const started = performance.now();
      const out = analyzeMarkdown(body, ctx, '/nonexistent/reports/x.md', sink);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(sink.list).toHaveLength(1);
      expect(sink.list[0]).toMatchObject({ ruleId: 'content/too-complex', severity: 'error' });
      expect(sink.list[0]!.line).toBeGreaterThan(6);
      expect(out.textLength).toBeGreaterThan(0);
    });
  }
});
