/**
 * Reports under the size limit shaped to make the Markdown parser slow or run Node out of memory: a million
 * one-letter lines, quotes 31 deep over thousands of lines, backtick runs of every length, hundreds of thousands
 * of strikethroughs or web addresses, tens of thousands of headings, warnings or tags. Before they were refused
 * they took from 10 s to minutes, or 2 to 4 GB and a crash, to lint. Each is refused at once now, with one
 * `content/too-complex` error at the line of the report where a limit is passed; and a long report as an author
 * writes one, and thousands of warnings in one report, are linted without it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { MAX_REPORT_BYTES } from '../../src/reports/read-reports.js';
import { configYaml, tempDir, writeConfig, writeReport } from '../helpers/edition.js';
import { longReport } from '../helpers/long-report.js';

const CONFIG = configYaml('Hostile Bulletin', ['Kazakhstan', 'Kyrgyzstan']);

/**
 * Line of the report file on which line `n` of the text given to lintBody stands ("Intro paragraph." is 1), as
 * writeReport lays the file out: the front matter, an empty line, then the text.
 */
const bodyLine = (n: number): number => 6 + n;
/** The line where the report passes 10,000 lines: the text after the front matter starts with its empty line. */
const LINE_LIMIT = bodyLine(10_000);

const tmp = tempDir('bulletin-hostile-markdown-');
afterAll(() => tmp.cleanup());

let editions = 0;
async function lintBody(body: string) {
  const dir = `${tmp.dir}/e${++editions}`;
  writeConfig(dir, CONFIG);
  writeReport(dir, { file: 'kz.md', country: 'Kazakhstan', title: 'Report', date: '2014-11-03', body: `Intro paragraph.\n\n${body}` });
  const started = performance.now();
  const result = await lint(dir);
  return { diagnostics: result.diagnostics, ms: performance.now() - started };
}

describe('lint refuses a report that would make the parser slow or run out of memory, at once', () => {
  // [what, body, line of the error in the file, what the message says]
  const cases: [string, () => string, number, string][] = [
    ['a million one-letter lines (2 MB; it took 45 s and 2.6 GB)', () => 'a\n'.repeat(999_000), LINE_LIMIT, 'more than 10,000 lines'],
    ['quotes 31 deep over 20,000 lines (it took 18 s and 2.1 GB)', () => `${'> '.repeat(31)}a\n`.repeat(20_000), bodyLine(515), '20,000 levels'],
    ['lazy lines in quotes 31 deep', () => `${'> '.repeat(31)}a\n${'a\n'.repeat(20_000)}`, bodyLine(515), '20,000 levels'],
    ['backtick runs of every length up to 1,000 (it took 9 s; up to 3,000, minutes)', () => Array.from({ length: 1000 }, (_, i) => '`'.repeat(i + 1)).join(' '), bodyLine(3), '15,000 Markdown marks'],
    ['a few backtick runs left open before 300 KB of text', () => `\` \`\` \`\`\`\`\n${'Plain words of prose that run on over this line.\n'.repeat(6000)}`, bodyLine(3), 'no run of as many backticks closes'],
    ['links left open before 300 KB of text', () => `${'[a](b ( '.repeat(100)}\n${'Plain words of prose that run on over this line.\n'.repeat(6000)}`, bodyLine(3), 'is not closed by a `)`'],
    ['64,000 words broken at line ends in one paragraph (it took 32 s)', () => 'Com-\nbating '.repeat(64_000), LINE_LIMIT, 'more than 10,000 lines'],
    ['64,000 words broken at line ends, a paragraph each (it took 96 s and 1.4 GB)', () => 'Com-\nbating\n\n'.repeat(64_000), LINE_LIMIT, 'more than 10,000 lines'],
    ['64,000 tags of raw HTML (it took 11 s)', () => 'a <br> b\n'.repeat(64_000), LINE_LIMIT, 'more than 10,000 lines'],
    ['100,000 web and e-mail addresses (it took 12 s and 550 MB)', () => 'www.a.b @ '.repeat(100_000), bodyLine(3), 'of them `www.`'],
    ['250,000 strikethroughs (it took 10.5 s and 780 MB)', () => '~~a '.repeat(250_000), bodyLine(3), 'of them `~`'],
    ['30,000 headings (it took 6.3 s and 465 MB)', () => Array.from({ length: 30_000 }, (_, i) => `## Heading ${i}\n\n`).join(''), bodyLine(2003), 'more than 1,000 headings'],
  ];
  for (const [what, body, line, says] of cases) {
    it(what, async () => {
      const { diagnostics, ms } = await lintBody(body());
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ file: 'reports/kz.md', ruleId: 'content/too-complex', severity: 'error', line });
      expect(diagnostics[0]!.message).toContain(says);
      expect(ms).toBeLessThan(5000);
    });
  }

  it('a report over the size limit is not read (a 7.5 MB report of one-letter lines ran Node out of memory)', async () => {
    const { diagnostics, ms } = await lintBody('a\n'.repeat(MAX_REPORT_BYTES / 2 + 1));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'file/too-large', line: 1, column: 1 });
    expect(diagnostics[0]!.message).toContain('the limit is 2 MB');
    expect(ms).toBeLessThan(5000);
  });
});

describe('what a report can really hold is linted as usual', () => {
  it('a long report (120 KB: 200 paragraphs with links and code, a 300-row table, 100 list items) has no too-complex error', async () => {
    const { diagnostics, ms } = await lintBody(longReport());
    expect(diagnostics.filter((d) => d.ruleId === 'content/too-complex')).toEqual([]);
    expect(ms).toBeLessThan(20_000);
  });

  it('3,000 warnings in one report are each at their own line, in bounded time (64,000 took 96 s)', async () => {
    const { diagnostics, ms } = await lintBody('Com-\nbating\n\n'.repeat(3000));
    const hyphenation = diagnostics.filter((d) => d.ruleId === 'content/pasted-hyphenation');
    expect(hyphenation).toHaveLength(3000);
    expect(hyphenation[0]).toMatchObject({ line: bodyLine(3), column: 4 });
    expect(hyphenation[2999]).toMatchObject({ line: bodyLine(3 + 3 * 2999), column: 4 });
    expect(ms).toBeLessThan(20_000);
  });
});
