/** Markdown that would make the parser slow or overflow its stack is refused by a linear scan first. */
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { complexityProblem } from '../../src/markdown/complexity.js';
import { analyzeMarkdown } from '../../src/markdown/markdown-to-html.js';
import { longReport } from '../helpers/long-report.js';

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

  it('counts brackets and emphasis per block, cells per row and report, and list items, and skips fenced code', () => {
    expect(complexityProblem(`Intro\n\n${'[a](x '.repeat(1001)}`)).toMatchObject({ line: 3, column: 1 });
    expect(complexityProblem(`Intro\n\n${'*a_ '.repeat(1001)}`)).toMatchObject({ line: 3 });
    expect(complexityProblem(`|${'x|'.repeat(300)}`)).toMatchObject({ line: 1 });
    const row = `|${'x|'.repeat(20)}`;
    // 21 cells a row: the 10,001st cell is on the 477th row, line 479.
    const tooMany = complexityProblem(`Text\n\n${Array.from({ length: 500 }, () => row).join('\n')}`);
    expect(tooMany).toMatchObject({ line: 479, column: 1 });
    expect(tooMany?.message).toContain('10,000 cells in all');
    // `a | b` is two cells: 5,001 such rows are 10,002.
    expect(complexityProblem(`a | b\n-|-\n${Array.from({ length: 5000 }, (_, i) => `${i} | x`).join('\n')}`)?.message).toContain('cells in all');
    expect(complexityProblem(Array.from({ length: 2501 }, () => '- x').join('\n'))).toMatchObject({ line: 2501 });
    // What a long report has stays well inside: 900 links in paragraphs of 90, a 300-row table of 20 columns, 2,000 items.
    expect(complexityProblem(Array.from({ length: 10 }, () => '[a](https://example.org) *b* '.repeat(90)).join('\n\n'))).toBeUndefined();
    expect(complexityProblem(Array.from({ length: 300 }, () => row).join('\n'))).toBeUndefined();
    expect(complexityProblem(Array.from({ length: 2000 }, () => '- x').join('\n'))).toBeUndefined();
    expect(complexityProblem(`\`\`\`\n${'[*|'.repeat(5000)}\n\`\`\`\n`)).toBeUndefined();
  });

  it('passes a long report as an author writes one (120 KB: 200 paragraphs, a 300-row table, 100 list items, links and code)', () => {
    const body = longReport();
    expect(body.length).toBeGreaterThan(100_000);
    expect(complexityProblem(body)).toBeUndefined();
    // and 2 MB of plain prose, the largest report that is read at all
    expect(complexityProblem(Array.from({ length: 2500 }, (_, i) => `Paragraph ${i}. ${'The seminar brought together police officers and social workers. '.repeat(12)}`).join('\n\n'))).toBeUndefined();
  });

  it('bounds the lines, the marks and the headings of a report, where the limit is passed', () => {
    expect(complexityProblem('a\n'.repeat(10_000))).toBeUndefined();
    const lines = complexityProblem('a\n'.repeat(1_000_000));
    expect(lines).toMatchObject({ line: 10_001, column: 1 });
    expect(lines?.message).toContain('more than 10,000 lines');
    // 15,001 character references on one line: the last is at column 90,001.
    const marks = complexityProblem('&amp; '.repeat(15_001));
    expect(marks).toMatchObject({ line: 1, column: 90_001 });
    expect(marks?.message).toMatch(/15,000 Markdown marks .*15,001 of them `&`/);
    expect(complexityProblem(`Intro\n\n${'~~a '.repeat(100_000)}`)?.message).toContain('of them `~`');
    expect(complexityProblem(`Intro\n\n${'www.a.b @ '.repeat(100_000)}`)?.message).toContain('15,000 Markdown marks');
    expect(complexityProblem('`a` '.repeat(7_400))).toBeUndefined();
    // 1,001 headings, each with its empty line: the last is on line 2,001.
    expect(complexityProblem('## Heading\n\n'.repeat(1001))).toMatchObject({ line: 2001, column: 1 });
    expect(complexityProblem('## Heading\n\n'.repeat(1000))).toBeUndefined();
  });

  it('bounds quotes and lists over all lines, lazy lines included', () => {
    // 31 quotes and their spaces count 39 a line, and a line that continues the quoted paragraph as many.
    const lazy = complexityProblem(`${'> '.repeat(31)}a\n${'a\n'.repeat(20_000)}`);
    expect(lazy).toMatchObject({ line: 513, column: 1 });
    expect(lazy?.message).toContain('20,000 levels');
    expect(complexityProblem(`${'> '.repeat(31)}a\n`.repeat(20_000))).toMatchObject({ line: 513 });
    // An empty line ends the quote: what follows is at the margin again.
    expect(complexityProblem(`${'> '.repeat(31)}a\n\n${'a\n'.repeat(9000)}`)).toBeUndefined();
    expect(complexityProblem(`${'> '.repeat(3)}a quoted passage\n`.repeat(3000))).toBeUndefined();
    const deepList = Array.from({ length: 60 }, (_, i) => `${'    '.repeat(i)}- a`).join('\n');
    expect(complexityProblem(`${deepList}\n${`${'    '.repeat(59)}  more\n`.repeat(1000)}`)?.message).toContain('levels');
  });

  it('bounds what unclosed code and links make the parser read again', () => {
    const filler = `${'Plain words of prose that run on over this line, as reports are written here.\n'.repeat(4000)}`;
    // Each unclosed run reads the 320 KB after it: the second passes 500,000.
    const code = complexityProblem(`Intro\n\n\` \`\` \`\`\`\`\n${filler}`);
    expect(code).toMatchObject({ line: 3, column: 3 });
    expect(code?.message).toContain('A run of 2 backticks here opens code that no run of as many backticks closes');
    // Runs that close one another, and one stray backtick, read nothing more than the paragraph.
    expect(complexityProblem(`Intro\n\n\`a\` \`\`b\`\` \`\`\`\`c\`\`\`\` don\`t\n${filler}`)).toBeUndefined();
    expect(complexityProblem(`Intro\n\n${Array.from({ length: 3000 }, (_, i) => '`'.repeat(i + 1)).join(' ')}\n`)).toMatchObject({ line: 3 });
    // 100 links left open before 320 KB without a `)`.
    const links = complexityProblem(`Intro\n\n${'[a](b ( '.repeat(100)}\n${filler}`);
    expect(links).toMatchObject({ line: 3, column: 3 });
    expect(links?.message).toContain('is not closed by a `)`');
    expect(complexityProblem(`Intro\n\n${'[a](b (title)) '.repeat(100)}\n${filler}`)).toBeUndefined();
  });

  it('bounds the report as a whole when no one kind of thing passes its limit', () => {
    // 1,300 list items (under 2,500) with a link and an e-mail address each (6,500 marks, under 15,000), and
    // 3,500 lines of quoted prose (under 10,000 lines): each alone is fine, together more than the parser takes
    // in a few seconds.
    const items = Array.from({ length: 1300 }, (_, i) => `- item ${i} [link](https://example.org/${i}) a@b.org${i % 200 === 199 ? '\n' : ''}`).join('\n');
    const quoted = `> ${'Quoted prose that runs on for a while, as reports do. '.repeat(5)}\n`.repeat(3500);
    expect(complexityProblem(items)).toBeUndefined();
    expect(complexityProblem(quoted)).toBeUndefined();
    const whole = complexityProblem(`${items}\n\n${quoted}`);
    expect(whole?.message).toMatch(/^The report as a whole is more than the Markdown parser handles in a few seconds: up to this line it has [\d,]+ lines, .* marks .* list items/);
    expect(whole?.message).toContain('Split it into several reports.');
    expect(whole!.line).toBeGreaterThan(1306);
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
    ['a million one-letter lines', 'a\n'.repeat(1_000_000)],
    ['20,000 lines 31 quotes deep', `${'> '.repeat(31)}a\n`.repeat(20_000)],
    ['runs of every number of backticks up to 1,000', Array.from({ length: 1000 }, (_, i) => '`'.repeat(i + 1)).join(' ')],
    ['250,000 strikethroughs', '~~a '.repeat(250_000)],
    ['100,000 web and e-mail addresses', 'www.a.b @ '.repeat(100_000)],
    ['30,000 headings', '## Heading\n\n'.repeat(30_000)],
    ['64,000 words broken at line ends', 'Com-\nbating\n\n'.repeat(64_000)],
    ['64,000 tags of raw HTML', 'a <br> b\n'.repeat(64_000)],
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
