import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import matter from 'gray-matter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EditionConfig } from '../../src/config/schema.js';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { listReports, mapLimit, parseReport, readReports } from '../../src/reports/read-reports.js';

const config = { countries: ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan'], language: 'en' } as unknown as EditionConfig;

const GOOD = [
  '---', // 1
  'country: Kyrgyzstan', // 2
  'title: Dialogue in Bishkek', // 3
  'date: 2014-11-03', // 4
  'location: Bishkek', // 5
  '---', // 6
  '', // 7
  'First paragraph.', // 8
  '',
].join('\n');

function parse(text: string, cfg: EditionConfig | null = config) {
  const sink = new DiagnosticSink('reports/x.md');
  const report = parseReport('reports/x.md', '/edition/reports/x.md', text, cfg ?? undefined, sink);
  return { report, list: sink.list };
}

const fm = (lines: string[], body = 'Body.\n') => `---\n${lines.join('\n')}\n---\n${body}`;

describe('parseReport', () => {
  it('reads a valid report', () => {
    const { report, list } = parse(GOOD);
    expect(list).toEqual([]);
    expect(report).toMatchObject({
      file: 'reports/x.md',
      absPath: '/edition/reports/x.md',
      country: 'Kyrgyzstan',
      frontMatter: { country: 'Kyrgyzstan', title: 'Dialogue in Bishkek', date: '2014-11-03', location: 'Bishkek' },
      date: { year: 2014, month: 11, day: 3, iso: '2014-11-03' },
      body: '\nFirst paragraph.\n',
    });
  });

  it('sets bodyLineOffset so that body line n is file line n + offset', () => {
    const { report } = parse(GOOD);
    const fileLines = GOOD.split('\n');
    const bodyLines = report!.body.split('\n');
    const n = bodyLines.indexOf('First paragraph.') + 1;
    expect(report!.bodyLineOffset).toBe(6);
    expect(fileLines[n + report!.bodyLineOffset - 1]).toBe('First paragraph.');
  });

  it('says a field written without a value is empty, not that it must be text', () => {
    const { list } = parse(fm(['country: Kyrgyzstan', 'title:', 'date:']));
    expect(list.map((d) => [d.line, d.message])).toEqual([
      [3, expect.stringContaining('is empty: write its value after the colon')],
      [4, expect.stringContaining('The date is empty')],
    ]);
  });

  it('says what is wrong with a front matter opened by four dashes, or after an empty line', () => {
    expect(parse(`-${GOOD}`).list).toEqual([expect.objectContaining({ ruleId: 'front-matter/language', message: expect.stringContaining('opens with 4 dashes') })]);
    expect(parse(`\n${GOOD}`).list).toEqual([expect.objectContaining({ ruleId: 'front-matter/missing', message: expect.stringContaining('must start on the very first line') })]);
  });

  it('names an invisible character that keeps a country from matching', () => {
    const { list } = parse(fm(['country: Kyrgyz\u00adstan', 'title: T', 'date: 2014-11-03']));
    expect(list).toEqual([expect.objectContaining({ ruleId: 'front-matter/unknown-country', message: expect.stringContaining('invisible character (U+00AD)') })]);
  });

  it('accepts a `---yaml` fence', () => {
    const { report, list } = parse(GOOD.replace(/^---\n/, '---yaml\n'));
    expect(list).toEqual([]);
    expect(report?.country).toBe('Kyrgyzstan');
  });

  it('accepts a month-precision date', () => {
    const { report } = parse(fm(['country: Kazakhstan', 'title: T', 'date: 2014-11']));
    expect(report?.date).toEqual({ year: 2014, month: 11, iso: '2014-11' });
  });

  it('keeps a thematic break (---) in the body', () => {
    const { report } = parse(fm(['country: Kazakhstan', 'title: T', 'date: 2014-11-03'], 'One\n\n---\n\nTwo\n'));
    expect(report?.body).toBe('One\n\n---\n\nTwo\n');
  });

  it('reports a file without front matter as front-matter/missing at 1:1', () => {
    const { report, list } = parse('# Just a heading\n\nText.\n');
    expect(report).toBeUndefined();
    expect(list).toEqual([expect.objectContaining({ ruleId: 'front-matter/missing', severity: 'error', line: 1, column: 1 })]);
    expect(list[0]!.message).toContain('country: Kazakhstan');
  });

  it('never evaluates ---js front matter and reports front-matter/language', () => {
    const g = globalThis as { __pwned?: unknown };
    delete g.__pwned;
    const { report, list } = parse("---js\n{ country: (function(){ globalThis.__pwned = 1; return 'X' })() }\n---\nBody\n");
    expect(g.__pwned).toBeUndefined();
    expect(report).toBeUndefined();
    expect(list).toEqual([expect.objectContaining({ ruleId: 'front-matter/language', line: 1, column: 4, message: expect.stringContaining('`js`') })]);
  });

  it.each(['javascript', 'coffee', 'json', 'toml'])('refuses ---%s front matter', (lang) => {
    const { report, list } = parse(`---${lang}\n{}\n---\nBody\n`);
    expect(report).toBeUndefined();
    expect(list.map((d) => d.ruleId)).toEqual(['front-matter/language']);
  });

  it('reports unclosed front matter', () => {
    const { report, list } = parse('---\ncountry: Kyrgyzstan\ntitle: T\n\nBody text\n');
    expect(report).toBeUndefined();
    expect(list).toEqual([expect.objectContaining({ ruleId: 'front-matter/unclosed', line: 1, column: 1, message: expect.stringContaining('`---`') })]);
  });

  it('reports empty front matter', () => {
    const { list } = parse('---\n---\nBody\n');
    expect(list).toEqual([expect.objectContaining({ ruleId: 'front-matter/empty', line: 1, column: 1 })]);
  });

  it('reports front matter that is a list', () => {
    const { report, list } = parse('---\n- a\n- b\n---\nBody\n');
    expect(report).toBeUndefined();
    expect(list).toEqual([expect.objectContaining({ ruleId: 'front-matter/not-a-map', line: 2, column: 1, message: expect.stringContaining('not a list.') })]);
  });

  it('reports front matter that is a scalar', () => {
    const { list } = parse('---\njust text\n---\nBody\n');
    expect(list).toEqual([
      expect.objectContaining({ ruleId: 'front-matter/not-a-map', line: 2, column: 1, message: expect.stringContaining('not a single text value.') }),
    ]);
  });

  it('reports a missing title as schema/required at 1:1', () => {
    const { report, list } = parse(fm(['country: Kyrgyzstan', 'date: 2014-11-03']));
    expect(report).toBeUndefined();
    expect(list).toEqual([
      expect.objectContaining({ ruleId: 'schema/required', severity: 'error', line: 1, column: 1, message: 'The required field `title` is missing.' }),
    ]);
  });

  it('reports every missing field', () => {
    const { list } = parse(fm(['location: Bishkek']));
    expect(list.map((d) => d.message)).toEqual([
      'The required field `country` is missing.',
      'The required field `title` is missing.',
      'The required field `date` is missing.',
    ]);
  });

  it('reports an unreal date at the date value', () => {
    const { report, list } = parse(fm(['country: Kyrgyzstan', 'title: T', 'date: 2014-02-30']));
    expect(report).toBeUndefined();
    expect(list).toEqual([
      expect.objectContaining({
        ruleId: 'front-matter/schema',
        line: 4,
        column: 7,
        message: '`date`: “2014-02-30” is not a real ISO date; write it as YYYY-MM-DD, for example 2014-11-03.',
      }),
    ]);
  });

  it('reports an empty title at its value', () => {
    const { list } = parse(fm(['country: Kyrgyzstan', 'title: "  "', 'date: 2014-11-03']));
    expect(list).toEqual([expect.objectContaining({ ruleId: 'front-matter/schema', line: 3, column: 8, message: '`title`: `title` must not be empty.' })]);
  });

  it('reports a YAML syntax error in the front matter at its file line', () => {
    const { list } = parse(fm(['country: Kazakhstan', 'title: [T', 'date: 2014-11-03']));
    expect(list).toEqual([expect.objectContaining({ ruleId: 'yaml/syntax', line: 4, column: 1 })]);
  });

  it('reports an unknown country with a suggestion at the value', () => {
    const { report, list } = parse(fm(['country: Kyrgistan', 'title: T', 'date: 2014-11-03']));
    expect(report).toBeUndefined();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ruleId: 'front-matter/unknown-country', severity: 'error', line: 2, column: 10, suggestion: 'Kyrgyzstan' });
    expect(list[0]!.message).toContain('“Kyrgistan”');
    expect(list[0]!.message).toContain('did you mean `Kyrgyzstan`?');
    expect(list[0]!.message).toContain('Kazakhstan, Kyrgyzstan, Tajikistan');
  });

  it('reports a far-off country without a suggestion', () => {
    const { list } = parse(fm(['country: France', 'title: T', 'date: 2014-11-03']));
    expect(list[0]).toMatchObject({ ruleId: 'front-matter/unknown-country' });
    expect(list[0]).not.toHaveProperty('suggestion');
  });

  it('warns about a case-only country difference and uses the edition’s spelling', () => {
    const { report, list } = parse(fm(['country: kazakhstan', 'title: T', 'date: 2014-11-03']));
    expect(list).toEqual([
      expect.objectContaining({
        ruleId: 'front-matter/country-spelling',
        severity: 'warning',
        line: 2,
        column: 10,
        suggestion: 'Kazakhstan',
        message: 'The country is written “kazakhstan”; the edition spells it “Kazakhstan”.',
      }),
    ]);
    expect(report?.country).toBe('Kazakhstan');
    expect(report?.frontMatter.country).toBe('kazakhstan');
  });

  it('accepts any country when there is no valid config', () => {
    const { report, list } = parse(fm(['country: Atlantis', 'title: T', 'date: 2014-11-03']), null);
    expect(list).toEqual([]);
    expect(report?.country).toBe('Atlantis');
  });

  it('warns about an unknown front-matter key with a suggestion', () => {
    const { report, list } = parse(fm(['country: Kazakhstan', 'title: T', 'date: 2014-11-03', 'loaction: Aktau']));
    expect(report).toBeDefined();
    expect(list).toEqual([
      expect.objectContaining({ ruleId: 'schema/unknown-key', severity: 'warning', line: 5, column: 1, suggestion: 'location' }),
    ]);
  });

  it('reads CRLF line endings exactly like LF', () => {
    const lf = parse(GOOD);
    const crlf = parse(GOOD.replace(/\n/g, '\r\n'));
    expect(crlf.list).toEqual([]);
    expect(crlf.report?.frontMatter).toEqual(lf.report?.frontMatter);
    expect(crlf.report?.bodyLineOffset).toBe(lf.report?.bodyLineOffset);
    expect(crlf.report?.body.replace(/\r\n/g, '\n')).toBe(lf.report?.body);
  });

  it('splits off the same body as gray-matter given the whole file, whatever the fences and line ends', () => {
    // parseReport hands gray-matter only the front matter (see there) and takes the rest as the body.
    const line = fc.constantFrom('---', '--- ', '---\t', '---yaml', '--- x', '----', 'country: Kyrgyzstan', 'title: T', 'date: 2014-11-03', '', ' ', '# c', 'Text', '---js');
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const text = fc.array(fc.tuple(line, eol), { minLength: 1, maxLength: 12 }).map((parts) => parts.map(([l, e]) => l + e).join(''));
    const report = fc
      .tuple(fc.constantFrom('---', '---yaml', '--- '), fc.constantFrom('---', '--- ', '---\t'), eol, fc.constantFrom('', 'Body', '\nText', '\r\n---\r\nMore'))
      .map(([open, close, e, body]) => [open, 'country: Kyrgyzstan', 'title: T', 'date: 2014-11-03', close].join(e) + e + body);
    let split = 0;
    let reports = 0;
    fc.assert(
      fc.property(fc.oneof(text, report, fc.tuple(text, fc.constantFrom('', 'Body', '\n---\nMore')).map(([t, b]) => t + b)), (t) => {
        const bodies: string[] = [];
        const sink = new DiagnosticSink('reports/x.md');
        const report = parseReport('reports/x.md', '/edition/reports/x.md', t, config, sink, (body) => bodies.push(body));
        if (report) {
          bodies.push(report.body);
          reports++;
        }
        // Where the front matter could be split off, its body is gray-matter's.
        for (const body of bodies) expect(body).toBe(matter(t, { language: 'yaml', engines: { yaml: () => ({}) } }).content);
        if (bodies.length > 0) split++;
      }),
      { numRuns: 3000, seed: 42 },
    );
    expect(split).toBeGreaterThan(500);
    expect(reports).toBeGreaterThan(200);
  });

  it('reports CRLF diagnostics at the same positions as LF', () => {
    const text = fm(['country: Kyrgyzstan', 'title: T', 'date: 2014-02-30']);
    const pos = (l: { line: number; column: number }[]) => l.map((d) => [d.line, d.column]);
    expect(pos(parse(text.replace(/\n/g, '\r\n')).list)).toEqual(pos(parse(text).list));
    expect(pos(parse(text).list)).toEqual([[4, 7]]);
  });
});

describe('listReports and readReports', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists reports/*.md sorted, without hidden or other files; a folder named *.md is listed, to be reported', async () => {
    fs.mkdirSync(path.join(tmp, 'reports', 'sub.md'), { recursive: true });
    for (const f of ['b.md', 'a.MD', '.hidden.md', 'notes.txt', 'c.md']) fs.writeFileSync(path.join(tmp, 'reports', f), '');
    expect(await listReports(tmp)).toEqual(['reports/a.MD', 'reports/b.md', 'reports/c.md', 'reports/sub.md']);
    const r = await readReports(tmp, config);
    expect(r.diagnostics.filter((d) => d.file === 'reports/sub.md')).toEqual([expect.objectContaining({ ruleId: 'file/unreadable', severity: 'error' })]);
  });

  it('names a file name in another character set (Latin-1) as the problem, not a missing file', async () => {
    fs.mkdirSync(path.join(tmp, 'reports'));
    fs.writeFileSync(Buffer.concat([Buffer.from(path.join(tmp, 'reports', 'latin')), Buffer.from([0xe9]), Buffer.from('.md')]), fm(['country: Kyrgyzstan', 'title: T', 'date: 2014-11-03']));
    const r = await readReports(tmp, config);
    expect(r.diagnostics).toEqual([expect.objectContaining({ ruleId: 'file/encoding', severity: 'error', message: expect.stringContaining('file name is not valid UTF-8') })]);
  });

  it('says so when reports is a file, or a link out of the edition, instead of failing', async () => {
    fs.writeFileSync(path.join(tmp, 'reports'), 'not a folder');
    expect((await readReports(tmp, config)).diagnostics).toEqual([expect.objectContaining({ file: 'reports', ruleId: 'file/unreadable', severity: 'error' })]);
    fs.rmSync(path.join(tmp, 'reports'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-outside-'));
    try {
      fs.symlinkSync(outside, path.join(tmp, 'reports'));
      expect((await readReports(tmp, config)).diagnostics).toEqual([expect.objectContaining({ file: 'reports', ruleId: 'file/outside-edition', severity: 'error' })]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reports edition/no-reports when there is no reports folder', async () => {
    const r = await readReports(tmp, config);
    expect(r.reports).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ file: 'reports', ruleId: 'edition/no-reports', severity: 'error' })]);
  });

  it('reports a binary file, a Latin-1 file and reads a good one, all in one run', async () => {
    const dir = path.join(tmp, 'reports');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a-binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]));
    fs.writeFileSync(
      path.join(dir, 'b-latin1.md'),
      Buffer.from('---\ncountry: Kazakhstan\ntitle: R\xe9union \xe0 Almaty\ndate: 2014-11-03\n---\nText\n', 'latin1'),
    );
    fs.writeFileSync(path.join(dir, 'c-good.md'), '\ufeff' + GOOD.replace(/\n/g, '\r\n'));
    const r = await readReports(tmp, config);
    expect(r.reports.map((x) => x.file)).toEqual(['reports/c-good.md']);
    expect(r.reports[0]).toMatchObject({ country: 'Kyrgyzstan', bodyLineOffset: 6, absPath: path.join(tmp, 'reports', 'c-good.md') });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ file: 'reports/a-binary.md', ruleId: 'file/binary', severity: 'error', line: 2, column: 1 }),
      expect.objectContaining({ file: 'reports/b-latin1.md', ruleId: 'file/encoding', severity: 'error', line: 3 }),
    ]);
  });

  it('reads a BOM + CRLF file exactly like an LF file', async () => {
    const dir = path.join(tmp, 'reports');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'bom.md'), '\ufeff' + GOOD.replace(/\n/g, '\r\n'));
    fs.writeFileSync(path.join(dir, 'lf.md'), GOOD);
    const r = await readReports(tmp, config);
    expect(r.diagnostics).toEqual([]);
    const [bom, lf] = r.reports;
    expect(bom!.frontMatter).toEqual(lf!.frontMatter);
    expect(bom!.date).toEqual(lf!.date);
    expect(bom!.bodyLineOffset).toBe(lf!.bodyLineOffset);
  });
});

describe('mapLimit', () => {
  it('keeps the order of results and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
