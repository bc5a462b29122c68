import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Element } from 'hast';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { hyphenatorFor } from '../../src/markdown/hyphenate.js';
import { figureLayout, markdownToHtml, svgExternalReference, type MarkdownContext } from '../../src/markdown/markdown-to-html.js';
import { printedWidthMm } from '../../src/render/images.js';

const SHY = '\u00ad';

let tmp: string;
let edition: string;
let reportPath: string;

/** A JPEG's header (JFIF, then the frame with its size) without image data. */
function jpegHeader(width: number, height: number): Buffer {
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, ...sof, 0xff, 0xd9]);
}

/** A PNG's signature and IHDR chunk without image data. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 2, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), ihdr]);
}

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-')));
  edition = path.join(tmp, 'edition');
  fs.mkdirSync(path.join(edition, 'reports'), { recursive: true });
  fs.mkdirSync(path.join(edition, 'assets'));
  // The headers of real pictures (1200 × 800 pixels, no pixels): the checks read them, not only the file name.
  fs.writeFileSync(path.join(edition, 'assets', 'a.jpg'), jpegHeader(1200, 800));
  fs.writeFileSync(path.join(edition, 'assets', 'b.png'), pngHeader(1200, 800));
  fs.writeFileSync(path.join(edition, 'assets', 'notes.pdf'), 'pdf');
  reportPath = path.join(edition, 'reports', 'r.md');
  fs.writeFileSync(reportPath, '');
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function run(body: string, extra: Partial<MarkdownContext> = {}) {
  const sink = new DiagnosticSink('reports/r.md');
  const result = markdownToHtml(body, { editionRealDir: edition, idPrefix: 'a1-', lineOffset: 0, ...extra }, reportPath, sink);
  return { ...result, list: sink.list };
}

const dateline: Element = {
  type: 'element',
  tagName: 'span',
  properties: { className: ['dateline'] },
  children: [{ type: 'text', value: 'Bishkek – ' }],
};

describe('raw HTML and unsafe links', () => {
  it('drops <script> and <iframe> and warns with content/raw-html at their positions', () => {
    const { html, list } = run('Hello\n\n<script>alert(1)</script>\n\nText <iframe src="https://evil.example"></iframe> end\n');
    expect(html).not.toMatch(/<script|<iframe|alert\(1\)|evil\.example/);
    expect(html).toBe('<p>Hello</p>\n<p>Text  end</p>');
    expect(list.map((d) => [d.ruleId, d.severity, d.line, d.column])).toEqual([
      ['content/raw-html', 'warning', 3, 1],
      ['content/raw-html', 'warning', 5, 6],
      ['content/raw-html', 'warning', 5, 41],
    ]);
    expect(list[0]!.message).toContain('<script>alert(1)</script>');
    expect(list[1]!.message).toContain('<iframe');
  });

  it('adds lineOffset to the lines it reports', () => {
    const { list } = run('Hello\n\n<script>x</script>\n', { lineOffset: 6 });
    expect(list[0]).toMatchObject({ ruleId: 'content/raw-html', line: 9, column: 1, endLine: 9 });
  });

  it('keeps the text of inline HTML but not the tags', () => {
    const { html, list } = run('Some <b onclick="x()">bold</b> text\n');
    expect(html).toBe('<p>Some bold text</p>');
    expect(list.map((d) => [d.ruleId, d.column])).toEqual([
      ['content/raw-html', 6],
      ['content/raw-html', 27],
    ]);
  });

  it('drops what is between inline tags a browser would not show as text (script, style, svg), with the tags', () => {
    const { html, list } = run(
      'Before <script>alert(1)</script> after.\n\n<svg><script>alert(2)</script><text>drawn</text></svg>\n\nText <STYLE>p{display:none}</STYLE> <b>kept</b> and <noscript>no</noscript> end.\n',
    );
    expect(html).not.toMatch(/alert|drawn|display|>no</);
    expect(html).toBe('<p>Before  after.</p>\n<p>Text  kept and  end.</p>');
    // Every tag still gets its warning; the paragraph that held only the drawing is gone, not printed blank.
    expect(list.filter((d) => d.ruleId === 'content/raw-html')).toHaveLength(14);
  });

  it('drops nothing after an unprinted element that is never closed in its paragraph', () => {
    const { html, list } = run('Participants watched a <video>film about trafficking, then discussed the law.\n\nTwo stays.\n');
    expect(html).toBe('<p>Participants watched a film about trafficking, then discussed the law.</p>\n<p>Two stays.</p>');
    expect(list.map((d) => d.ruleId)).toEqual(['content/raw-html']);
  });

  it('silently drops HTML comments', () => {
    const { html, list } = run('<!-- guidance for the author -->\n\nText\n');
    expect(html).toBe('<p>Text</p>');
    expect(list).toEqual([]);
  });

  it('reports an HTML comment or <pre> block that is never closed, which would hide the rest of the report', () => {
    const comment = run('First paragraph.\n\n<!-- note to the editor\n\nSecond paragraph.\n\n![Photo](../assets/a.jpg "Caption")\n');
    expect(comment.html).toBe('<p>First paragraph.</p>');
    expect(comment.list).toEqual([
      expect.objectContaining({ ruleId: 'content/unclosed-html', severity: 'error', line: 3, column: 1, message: expect.stringMatching(/^This HTML comment \(<!--\) is never closed, so the 5 lines from here to the end of the report will not print\. Close it with -->/) }),
    ]);
    expect(run('Text.\n\n<pre>\ncode\n').list.map((d) => [d.ruleId, d.message.slice(0, 30)])).toEqual([['content/unclosed-html', 'This <pre> block is never clos']]);
    // closed ones are what they were: a comment is silent, a block is raw HTML
    expect(run('<!-- a\nnote -->\n\nText\n').list).toEqual([]);
    expect(run('<pre>\ncode\n</pre>\n\nText\n').list.map((d) => d.ruleId)).toEqual(['content/raw-html']);
  });

  it('removes javascript: links but keeps web, mail and phone links', () => {
    const { html } = run('[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](https://example.org) [d](mailto:x@example.org) [e](tel:+996312612456) [f](data:text/html,hi)\n');
    expect(html).not.toContain('javascript');
    expect(html).not.toMatch(/javascript|data:/i);
    expect(html).toBe(
      '<p><a>a</a> <a>b</a> <a href="https://example.org">c</a> <a href="mailto:x@example.org">d</a> <a href="tel:+996312612456">e</a> <a>f</a></p>',
    );
  });

  it('never links the ASCII tail of an address with accents (josé.peña@ would link a@): it prints whole, unlinked', () => {
    const { html, list } = run('Escriba a josé.peña@iom.int, a protección@iom.int o a info@iom.int.\n');
    expect(html.replace(/<wbr>/g, '')).toBe('<p>Escriba a josé.peña@iom.int, a protección@iom.int o a <a href="mailto:info@iom.int">info@iom.int</a>.</p>');
    expect(list.map((d) => [d.ruleId, d.line, d.column, /“(.*?)”/.exec(d.message)?.[1]])).toEqual([
      ['content/link', 1, 11, 'josé.peña@iom.int'],
      ['content/link', 1, 32, 'protección@iom.int'],
    ]);
  });
});

describe('figures', () => {
  it('turns an image paragraph into a single figure with the title as caption', () => {
    const { html, images, list } = run('![Alt text](../assets/a.jpg "The caption")\n');
    expect(list).toEqual([]);
    expect(images).toHaveLength(1);
    const token = images[0]!.token;
    expect(token).toMatch(/^bulletin-asset\/[0-9a-f]{16}\.jpg$/);
    expect(images[0]).toMatchObject({ realPath: path.join(edition, 'assets', 'a.jpg'), file: 'assets/a.jpg' });
    expect(html).toBe(
      `<figure class="figure figure-single" role="group"><div class="figure-image"><img src="${token}" alt="Alt text" width="1200" height="800"></div><figcaption>The caption</figcaption></figure>`,
    );
  });

  it('sets two images of one paragraph side by side in one figure, with one caption when they share it', () => {
    const { html, images } = run('![A](../assets/a.jpg "Same caption")\n![B](../assets/b.png "Same caption")\n');
    expect(images.map((i) => i.file)).toEqual(['assets/a.jpg', 'assets/b.png']);
    expect(html.match(/<figure /g)).toHaveLength(1);
    expect(html).toMatch(/^<figure class="figure figure-multi" role="group"><div class="figure-row">/);
    expect(html.match(/<div class="figure-image" style="flex-grow:1.5000">/g)).toHaveLength(2);
    expect(html.match(/<figcaption>/g)).toHaveLength(1);
    expect(html).toContain('<figcaption>Same caption</figcaption>');
    expect(html).not.toContain('title=');
  });

  it('gives each photo its own caption when their captions differ', () => {
    const { html } = run('![A](../assets/a.jpg "One.") ![B](../assets/b.png "Two.")\n');
    expect(html).toContain('<figure class="figure-image" style="flex-grow:1.5000"><img src=');
    expect(html).toMatch(/alt="A"[^>]*><figcaption>One\.<\/figcaption><\/figure><figure class="figure-image"[^>]*><img [^>]*alt="B"[^>]*><figcaption>Two\.<\/figcaption><\/figure><\/div><\/figure>$/);
  });

  it('leaves a figure without a title uncaptioned and lists a repeated image at each use, with its print slot', () => {
    const { html, images } = run('![A](../assets/a.jpg) ![B](../assets/b.png)\n\n![A again](../assets/a.jpg)\n');
    expect(html).not.toContain('figcaption');
    expect(html.match(/<figure class="figure figure-single" role="group">/g)).toHaveLength(1);
    expect(images.map((i) => [path.basename(i.file), i.usedAt?.line, i.slot.alone])).toEqual([
      ['a.jpg', 1, false],
      ['b.png', 1, false],
      ['a.jpg', 3, true],
    ]);
    expect(images[0]!.token).toBe(images[2]!.token);
  });

  it('keeps an image inside running text as an inline image, not a figure', () => {
    const { html, list } = run('Look ![A](../assets/a.jpg) here\n');
    expect(html).toMatch(/^<p>Look <img src="bulletin-asset\/[0-9a-f]{16}\.jpg" alt="A" width="1200" height="800"> here<\/p>$/);
    expect(list).toEqual([]);
  });

  it('warns when an image inside text would lose its caption', () => {
    const { list } = run('Look ![A](../assets/a.jpg "A caption") here\n\n> ![B](../assets/a.jpg "Quoted")\n');
    expect(list.map((d) => [d.ruleId, d.line, d.column])).toEqual([
      ['image/inline', 1, 6],
      ['image/inline', 3, 3],
    ]);
    expect(list[0]!.message).toContain('inside a paragraph of text');
    expect(list[1]!.message).toContain('inside a quotation, so it is not set as a figure and its caption (“Quoted”) is not printed');
  });
});

describe('image paths', () => {
  // These tests are about paths; captions have their own rule and tests.
  const problem = (body: string, extra: Partial<MarkdownContext> = {}) => {
    const r = run(body, extra);
    const list = r.list.filter((d) => d.ruleId !== 'image/missing-caption');
    return { ...r, list, rules: list.map((d) => [d.ruleId, d.severity, d.line, d.column]) };
  };

  it('takes the first of two definitions of one label, as CommonMark does, and ignores the later one', () => {
    const { rules, html } = problem('![Photo][pic]\n\n[pic]: ../assets/a.jpg "Caption"\n[PIC]: ../assets/missing.jpg\n');
    expect(rules).toEqual([]);
    expect(html).toContain('<img src="bulletin-asset/');
  });

  it('calls a Windows path a path on a computer, not a remote picture', () => {
    for (const url of ['C:/Users/me/photo.jpg', 'D:\\\\photos\\\\a.jpg']) {
      const { list } = problem(`![A photo](${url} "Caption")\n`);
      expect(list).toEqual([expect.objectContaining({ ruleId: 'image/outside-edition', message: expect.stringContaining('a path on a Windows computer') })]);
    }
  });

  it('reports a missing file as image/not-found with the path looked for', () => {
    const r = problem('Intro\n\n![A](../assets/nope.jpg)\n', { lineOffset: 5 });
    expect(r.rules).toEqual([['image/not-found', 'error', 8, 1]]);
    expect(r.list[0]!.message).toContain('“../assets/nope.jpg”');
    expect(r.list[0]!.message).toContain(path.join(edition, 'assets', 'nope.jpg'));
    expect(r.html).not.toContain('<img');
    expect(r.images).toEqual([]);
  });

  it('reports a relative path that leaves the edition as image/outside-edition', () => {
    fs.writeFileSync(path.join(tmp, 'secret.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    const r = problem('![A](../../secret.jpg)\n');
    expect(r.rules).toEqual([['image/outside-edition', 'error', 1, 1]]);
    expect(r.html).not.toContain('<img');
  });

  it('reports an absolute path as image/outside-edition', () => {
    const r = problem(`![A](${path.join(edition, 'assets', 'a.jpg')})\n\n![B](/etc/passwd)\n`);
    expect(r.rules).toEqual([
      ['image/outside-edition', 'error', 1, 1],
      ['image/outside-edition', 'error', 3, 1],
    ]);
    expect(r.list[1]!.message).toContain('absolute path');
  });

  it.each([['https://example.org/a.jpg'], ['http://example.org/a.jpg'], ['file:///etc/passwd'], ['data:image/png;base64,AAAA'], ['//cdn.example.org/a.png']])(
    'reports %s as image/remote',
    (url) => {
      const r = problem(`![A](${url})\n`);
      expect(r.rules).toEqual([['image/remote', 'error', 1, 1]]);
      expect(r.list[0]!.message).toContain('never fetches');
      expect(r.html).not.toContain('<img');
    },
  );

  it('reports a symlink in assets that points outside the edition as image/outside-edition', () => {
    fs.writeFileSync(path.join(tmp, 'outside.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    fs.symlinkSync(path.join(tmp, 'outside.jpg'), path.join(edition, 'assets', 'link.jpg'));
    const r = problem('![A](../assets/link.jpg)\n');
    expect(r.rules).toEqual([['image/outside-edition', 'error', 1, 1]]);
    expect(r.images).toEqual([]);
  });

  it('accepts a symlink that stays inside the edition and records its real path', () => {
    fs.symlinkSync(path.join(edition, 'assets', 'a.jpg'), path.join(edition, 'assets', 'alias.jpg'));
    const r = problem('![A](../assets/alias.jpg "Caption")\n');
    expect(r.rules).toEqual([]);
    expect(r.images[0]).toMatchObject({ realPath: path.join(edition, 'assets', 'a.jpg'), file: 'assets/a.jpg' });
  });

  it('decodes percent-encoded file names', () => {
    fs.writeFileSync(path.join(edition, 'assets', 'my photo.jpg'), jpegHeader(640, 480));
    const r = problem('![A](../assets/my%20photo.jpg "Caption")\n');
    expect(r.rules).toEqual([]);
    expect(r.images[0]!.file).toBe('assets/my photo.jpg');
  });

  it('reports a file that is not a picture as image/unsupported-type', () => {
    const r = problem('![A](../assets/notes.pdf)\n');
    expect(r.rules).toEqual([['image/unsupported-type', 'error', 1, 1]]);
  });

  it('reports a folder as image/not-found', () => {
    const r = problem('![A](../assets)\n');
    expect(r.rules).toEqual([['image/not-found', 'error', 1, 1]]);
  });

  it('resolves an image reference through its definition', () => {
    const r = problem('![A][pic]\n\n[pic]: ../assets/a.jpg "Ref caption"\n');
    expect(r.rules).toEqual([]);
    expect(r.images.map((i) => i.file)).toEqual(['assets/a.jpg']);
    expect(r.html).toContain(`<img src="${r.images[0]!.token}" alt="A" width="1200" height="800">`);
    expect(r.html).toContain('<figcaption>Ref caption</figcaption>');
  });

  it('reports a remote image reference as image/remote', () => {
    const r = problem('![A][pic]\n\n[pic]: https://example.org/a.jpg\n');
    expect(r.html).not.toContain('src=');
    expect(r.rules.map((x) => x[0])).toEqual(['image/remote']);
  });
});

describe('structure', () => {
  it('shifts body headings so that # becomes h3', () => {
    const { html } = run('# Heading\n\n## Sub\n\n#### Four\n\n###### Six\n');
    expect(html).toBe('<h3>Heading</h3>\n<h4>Sub</h4>\n<h6>Four</h6>\n<h6>Six</h6>');
  });

  it('makes the top heading level of a report h3, whichever level it is written at', () => {
    const { html } = run('## Sub-heading\n\n### Below it\n\n#### And below\n');
    expect(html).toBe('<h3>Sub-heading</h3>\n<h4>Below it</h4>\n<h5>And below</h5>');
  });

  it('wraps a GFM table in div.table-wrap', () => {
    const { html } = run('| Region | Cases |\n|---|--:|\n| Aktau | 12 |\n');
    expect(html).toMatch(/^<div class="table-wrap"><table>\n<thead>/);
    expect(html).toMatch(/<\/table><\/div>$/);
    expect(html).toContain('<td class="cell-short">Aktau</td>');
    expect(html).toContain('<th align="right" class="cell-short">Cases</th>');
  });

  it('keeps columns of short entries on one line when the long columns keep their room', () => {
    const talk = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const { html } = run(`| Region | Discussion |\n|---|---|\n| Region 10 | ${talk} |\n`);
    expect(html).toContain('<td class="cell-short">Region 10</td>');
    expect(html).toContain('<th>Discussion</th>');
    // ten columns of short entries would not all fit on one line each: the first ones are held
    const cols = Array.from({ length: 10 }, (_, i) => `Heading ${i}`);
    const many = run(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|\n| ${cols.map(() => '1 234 567').join(' | ')} |\n`).html;
    expect(many).toContain('<th class="cell-short">Heading 0</th>');
    expect(many).toContain('<th>Heading 9</th>');
    expect(many.match(/<th class="cell-short">/g)!.length).toBeLessThan(6);
  });

  it('marks tables too wide for a column and tables long enough to break', () => {
    const narrow = run('| Region | Cases |\n|---|--:|\n| Aktau | 12 |\n').html;
    expect(narrow).toMatch(/^<div class="table-wrap"><table>/);
    const cols = Array.from({ length: 8 }, (_, i) => `Column number ${i}`);
    const wide = run(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|\n| ${cols.map(() => 'x').join(' | ')} |\n`).html;
    expect(wide).toMatch(/^<div class="table-wrap table-wide"><table>/);
    const rows = Array.from({ length: 12 }, (_, i) => `| r${i} | ${i} |`).join('\n');
    expect(run(`| Region | Cases |\n|---|--:|\n${rows}\n`).html).toMatch(/^<div class="table-wrap table-long"><table>/);
    // few rows, but long cells: as tall as a long table, and as free to break
    const talk = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const tall = Array.from({ length: 5 }, (_, i) => `| Topic ${i} | ${talk} |`).join('\n');
    expect(run(`| Topic | Discussion |\n|---|---|\n${tall}\n`).html).toMatch(/^<div class="table-wrap table-long"><table>/);
    const short = Array.from({ length: 5 }, (_, i) => `| Topic ${i} | a short note |`).join('\n');
    expect(run(`| Topic | Discussion |\n|---|---|\n${short}\n`).html).toMatch(/^<div class="table-wrap"><table>/);
  });

  it('gives long addresses and numbers in table cells break opportunities, and leaves words alone', () => {
    const { html } = run('| Kind | Value |\n|---|---|\n| Source | https://www.example.org/reports/2014/final-version.pdf |\n| Hash | a3f5b8c9d0e1f2a3b4c5d6e7f8a9 |\n| Word | organisations |\n');
    expect(html).toContain('>https://<wbr>www.<wbr>example.<wbr>org/<wbr>reports/<wbr>2014/<wbr>final-<wbr>version.<wbr>pdf</a>');
    expect(html).toContain('a3f5b8c9d0e1<wbr>f2a3b4c5d6e7<wbr>f8a9');
    expect(html).toContain('<td>organisations</td>');
  });

  it('gives e-mail and web addresses in running text break opportunities from 14 characters, not other words', () => {
    const { html } = run('Write to josé.peña@iom.int, rhuaman@iom.int or a@iom.int, see www.iom.int, in cooperation-with partners.\n');
    expect(html).toContain('josé.<wbr>peña@<wbr>iom.<wbr>int');
    expect(html).toContain('>rhuaman@<wbr>iom.<wbr>int</a>');
    expect(html).toContain('>a@iom.int</a>');
    expect(html).toContain('cooperation-with');
  });

  it('keeps a paragraph that ends with a colon with the photo or table it introduces', () => {
    const { html } = run('First.\n\nThe participants:\n\n![A](../assets/a.jpg "Caption")\n\nThe figures:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNot this:\n\nText.\n');
    expect(html).toContain('<p>First.</p>');
    expect(html).toContain('<p class="lead-in">The participants:</p>');
    expect(html).toContain('<p class="lead-in">The figures:</p>');
    expect(html).toContain('<p>Not this:</p>');
  });

  it('runs the dateline into the first paragraph after a photo that opens the report', () => {
    const { html } = run('![A](../assets/a.jpg "Caption")\n\nText.\n', { dateline });
    expect(html).toMatch(/<\/figure>\n<p class="lead"><span class="dateline">Bishkek – <\/span>Text.<\/p>$/);
  });

  it('sets the dateline on a line of its own before a table or list that opens the text', () => {
    const { html } = run('| A | B |\n|---|---|\n| 1 | 2 |\n\nAfter.\n', { dateline });
    expect(html).toMatch(/^<p class="lead lead-alone"><span class="dateline">Bishkek – <\/span><\/p>\n?<div class="table-wrap">/);
    expect(run('## Heading\n\n- one\n- two\n', { dateline }).html).toMatch(/^<h3>Heading<\/h3>\n<p class="lead lead-alone">/);
  });

  it('inserts the dateline at the start of the first paragraph and marks it as lead', () => {
    const { html } = run('First paragraph.\n\nSecond.\n', { dateline });
    expect(html).toBe('<p class="lead"><span class="dateline">Bishkek – </span>First paragraph.</p>\n<p>Second.</p>');
  });

  it('skips leading non-paragraphs when inserting the dateline', () => {
    const { html } = run('# Title\n\nText.\n', { dateline });
    expect(html).toBe('<h3>Title</h3>\n<p class="lead"><span class="dateline">Bishkek – </span>Text.</p>');
  });

  it('prefixes footnote ids with the article prefix', () => {
    const { html } = run('Text[^1].\n\n[^1]: The note.\n', { idPrefix: 'a7-' });
    expect(html).toContain('href="#a7-fn-1"');
    expect(html).toContain('id="a7-fnref-1"');
    expect(html).toContain('<li id="a7-fn-1">');
  });

  it('gives every id in a footnoted article the article prefix', () => {
    const { html } = run('Text[^1].\n\n[^1]: The note.\n', { idPrefix: 'a7-' });
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^a7-/);
  });

  it('counts the plain text length', () => {
    expect(run('Hello **world**\n').textLength).toBe('Helloworld'.length);
    expect(run('').textLength).toBe(0);
    expect(run('').html).toBe('');
  });
});

describe('hyphenation', () => {
  const hyphenate = hyphenatorFor('en');

  it('has English patterns', () => {
    expect(hyphenate).toBeTypeOf('function');
  });

  it('adds soft hyphens to long lower-case words of running text only', () => {
    const body = [
      '# Implementation considerations',
      '',
      'The implementation of international cooperation with Kazakhstan. Write to dkeserovic@iom.int or read [documentation pages](https://example.org/information).',
      '',
      '![A](../assets/a.jpg "Implementation workshop participants")',
      '',
      '- representatives attended',
      '',
    ].join('\n');
    const { html } = run(body, { hyphenate });
    const [heading, paragraph, figure, list] = html.split('\n');
    expect(heading).toBe('<h3>Implementation considerations</h3>');
    expect(paragraph).toContain(`im${SHY}ple${SHY}men${SHY}ta${SHY}tion`);
    expect(paragraph).toContain(`in${SHY}ter${SHY}na${SHY}tional`); // at least three letters after a break
    expect(paragraph).toContain(' Kazakhstan.');
    // Not hyphenated: an address only gets break opportunities, which copy and search ignore.
    expect(paragraph).toContain('<a href="mailto:dkeserovic@iom.int">dkeserovic@<wbr>iom.<wbr>int</a>');
    expect(paragraph).toContain('>documentation pages</a>');
    expect(paragraph).toContain('href="https://example.org/information"');
    expect(figure).toContain('<figcaption>Implementation workshop participants</figcaption>');
    expect(list).toBe('<ul>');
    // the last word of a paragraph or item is never broken
    expect(html).toContain(`<li>rep${SHY}re${SHY}sen${SHY}ta${SHY}tives attended</li>`);
  });

  it('leaves whole the last word of a paragraph that ends in a footnote mark', () => {
    const { html } = run('The training covered identification of victims in their communities.[^1]\n\n[^1]: Source.\n', { hyphenate });
    const paragraph = html.split('\n').find((l) => l.startsWith('<p>The '))!;
    expect(paragraph).toContain(`iden${SHY}ti${SHY}fi${SHY}ca${SHY}tion`);
    expect(paragraph).toContain('communities.<sup>');
  });

  it('adds nothing without a hyphenator', () => {
    expect(run('The implementation of international cooperation.\n').html).not.toContain(SHY);
  });
});

describe('figureLayout', () => {
  const size = (width: number, height: number) => ({ width, height });

  it('sets up to three photos in a row, shares in proportion to their shapes, four as two rows of two', () => {
    const three = figureLayout([size(1200, 800), size(800, 1000), size(1200, 800)]);
    expect(three.rows).toEqual([[0, 1, 2]]);
    const shares = three.slots.map((s) => s.share);
    expect(shares.reduce((a, b) => a + b)).toBeCloseTo(1);
    expect(shares[0]! / shares[1]!).toBeCloseTo(1.5 / 0.8);
    expect(three.slots.every((s) => s.gaps === 2 && !s.alone)).toBe(true);
    expect(figureLayout([size(3, 2), size(3, 2), size(3, 2), size(3, 2)]).rows).toEqual([[0, 1], [2, 3]]);
    expect(figureLayout(Array.from({ length: 5 }, () => size(3, 2))).rows).toEqual([[0, 1, 2], [3, 4]]);
  });

  it('gives a panorama or a very tall photo a row of its own', () => {
    const { rows, slots } = figureLayout([size(9000, 900), size(1200, 800), size(1000, 5000), size(1200, 800)]);
    expect(rows).toEqual([[0], [1], [2], [3]]);
    expect(slots[0]).toEqual({ share: 1, gaps: 0, alone: true });
    expect(figureLayout([size(1200, 800), size(1200, 800), size(9000, 900)]).rows).toEqual([[0, 1], [2]]);
  });

  it('counts photos of unknown size as 3:2', () => {
    expect(figureLayout([undefined, size(3, 2)]).slots.map((s) => s.share)).toEqual([0.5, 0.5]);
  });

  it('prints a panorama alone in its figure across both columns, and only then', () => {
    expect(figureLayout([size(6000, 1000)]).slots[0]).toEqual({ share: 1, gaps: 0, alone: true, wide: true });
    expect(figureLayout([size(2400, 1000)]).slots[0]!.wide).toBeUndefined();
    expect(figureLayout([size(6000, 1000), size(1200, 800)]).slots.some((s) => s.wide)).toBe(false);
    fs.writeFileSync(path.join(edition, 'assets', 'pano.png'), pngHeader(6000, 1000));
    const { html, images } = run('![The valley](../assets/pano.png "The valley")\n\n![A room](../assets/a.jpg "A room")\n');
    expect(html).toMatch(/<figure class="figure figure-single figure-wide"[^>]*>\s*<div class="figure-image"><img src="[^"]+" alt="The valley"/);
    expect(html.match(/figure-wide/g)).toHaveLength(1);
    expect(images.map((i) => Boolean(i.slot.wide))).toEqual([true, false]);
    const geometry = { columnWidthMm: 86.75, textWidthMm: 180, gapMm: 1.5, maxHeightMm: 92 };
    expect(printedWidthMm(images[0]!.slot, geometry, 6)).toBe(180);
    expect(printedWidthMm(images[1]!.slot, geometry, 1.5)).toBe(86.75);
  });
});

describe('picture sizes', () => {
  it('refuses a photo whose header gives no size: damaged or cut short', () => {
    fs.writeFileSync(path.join(edition, 'assets', 'cut.jpg'), jpegHeader(1200, 800).subarray(0, 12));
    fs.writeFileSync(path.join(edition, 'assets', 'zero.png'), pngHeader(0, 0));
    const { list } = run('![Cut](../assets/cut.jpg "Cut")\n\n![Zero](../assets/zero.png "Zero")\n');
    expect(list.map((d) => [d.ruleId, d.line])).toEqual([
      ['image/unsupported-type', 1],
      ['image/unsupported-type', 3],
    ]);
    expect(list[0]!.message).toContain('its header gives no size');
  });

  it('takes no absurd size from a drawing', () => {
    fs.writeFileSync(path.join(edition, 'assets', 'inf.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="1e400" height="10"></svg>');
    const { images, list, html } = run('![Drawing](../assets/inf.svg "D") ![Photo](../assets/a.jpg "P")\n');
    expect(list).toEqual([]);
    expect(images[0]!.width).toBeUndefined();
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  it('reads the size from the header, turned upright, and puts it on the image', () => {
    // A JPEG header of 20000 × 15000 pixels without pixels: too large to decode.
    fs.writeFileSync(path.join(edition, 'assets', 'huge.jpg'), Buffer.from('ffd8ffe000104a46494600010100000100010000ffc00011083a984e2003012200021101031101ffd9', 'hex'));
    const { images, list, html } = run('![Huge](../assets/huge.jpg "A scan")\n');
    expect(images[0]).toMatchObject({ width: 20000, height: 15000 });
    expect(html).toContain('width="20000" height="15000"');
    expect(list.map((d) => [d.ruleId, d.severity])).toEqual([['image/too-large', 'error']]);
    expect(list[0]!.message).toContain('20000 × 15000 pixels (300 megapixels), more than the 120 megapixels');
    // the same through an image reference, reported where the reference stands
    const ref = run('Intro.\n\n![Huge][scan]\n\n[scan]: ../assets/huge.jpg "A scan"\n');
    expect(ref.list.map((d) => [d.ruleId, d.line, d.column])).toEqual([['image/too-large', 3, 1]]);
    expect(ref.html).toContain('width="20000" height="15000"');
  });
});

describe('picture files', () => {
  it('refuses a picture file over 50 MB before reading it, where the report uses it', () => {
    // Sparse: a valid header, then a hole; the size is all the check reads (with stat).
    const big = path.join(edition, 'assets', 'padded.jpg');
    fs.writeFileSync(big, jpegHeader(1200, 800));
    fs.truncateSync(big, 450 * 1024 * 1024);
    const huge = path.join(edition, 'assets', 'huge.png');
    fs.writeFileSync(huge, pngHeader(1200, 800));
    fs.truncateSync(huge, 3 * 1024 * 1024 * 1024);
    fs.writeFileSync(path.join(edition, 'assets', 'ok.jpg'), Buffer.concat([jpegHeader(1200, 800), Buffer.alloc(50 * 1024 * 1024 - 100)]));
    const { list, images } = run('Intro.\n\n![Padded](../assets/padded.jpg "P")\n\nText ![Huge](../assets/huge.png) more.\n\n![Ok](../assets/ok.jpg "O")\n');
    expect(list.map((d) => [d.ruleId, d.severity, d.line, d.column])).toEqual([
      ['image/too-large', 'error', 3, 1],
      ['image/too-large', 'error', 5, 6],
    ]);
    expect(list[0]!.message).toContain('is 450 MB, more than the 50 MB a picture may have');
    expect(list[1]!.message).toContain('is 3072 MB');
    expect(images.map((i) => i.file)).toEqual(['assets/ok.jpg']);
  });

  it('refuses an SVG drawing over 8 MB', () => {
    fs.writeFileSync(path.join(edition, 'assets', 'map.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(9 * 1024 * 1024)}</svg>`);
    const { list } = run('![Map](../assets/map.svg "Map")\n');
    expect(list.map((d) => [d.ruleId, d.line, d.column])).toEqual([['image/too-large', 1, 1]]);
    expect(list[0]!.message).toContain('more than the 8.0 MB a drawing may have');
  });
});

describe('SVG drawings', () => {
  const svg = (name: string, body: string) => fs.writeFileSync(path.join(edition, 'assets', name), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}`);

  it('accepts a drawing that refers only to itself and to data: URLs', () => {
    svg('ok.svg', '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/><image href="data:image/png;base64,AAAA"/></svg>');
    expect(run('![A drawing](../assets/ok.svg "Drawing")\n').list).toEqual([]);
  });

  it('accepts a drawing whose <svg> comes after a long licence comment', () => {
    fs.writeFileSync(
      path.join(edition, 'assets', 'licensed.svg'),
      `<?xml version="1.0"?>\n<!-- ${'Licensed under the terms of the licence. '.repeat(40)} -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`,
    );
    expect(run('![A drawing](../assets/licensed.svg "Drawing")\n').list).toEqual([]);
  });

  it('finds references in HTML inside a foreignObject and in an xml-stylesheet instruction', () => {
    expect(svgExternalReference('<svg><foreignObject><img src="http://evil.example/x.png"/></foreignObject></svg>')).toBe('http://evil.example/x.png');
    expect(svgExternalReference('<?xml-stylesheet type="text/css" href="https://x.example/s.css"?><svg></svg>')).toBe('https://x.example/s.css');
    expect(svgExternalReference('<svg><foreignObject><img src="data:image/png;base64,AAAA"/></foreignObject></svg>')).toBeUndefined();
  });

  it('finds references in tags, styles and imports, in any case and quoting', () => {
    expect(svgExternalReference('<svg><IMAGE HREF="x.png"/></svg>')).toBeUndefined(); // SVG is case-sensitive: not an image
    expect(svgExternalReference("<svg><svg:image xlink:href='a/b.png'/></svg>")).toBe('a/b.png');
    expect(svgExternalReference('<svg><feImage href="http://x/y"/></svg>')).toBe('http://x/y');
    expect(svgExternalReference('<svg><rect style="fill:URL( \'pat.svg#p\' )"/></svg>')).toBe('pat.svg#p');
    expect(svgExternalReference('<style>@import "theme.css";</style>')).toBe('theme.css');
    expect(svgExternalReference('<svg><use href="#a"/><rect fill="url(#g)"/><image href="data:image/png;base64,AA"/></svg>')).toBeUndefined();
    // a `>` inside an attribute value does not end the tag; any namespace prefix; comments hold no elements
    expect(svgExternalReference('<svg><image title=">" href="http://x/t.png"/></svg>')).toBe('http://x/t.png');
    expect(svgExternalReference('<svg xmlns:l="http://www.w3.org/1999/xlink"><use l:href="other.svg#a"/></svg>')).toBe('other.svg#a');
    expect(svgExternalReference('<svg><!-- <image href="http://x/commented.png"/> don\'t --><rect/></svg>')).toBeUndefined();
  });

  it('stays linear on a malformed drawing made to be slow', () => {
    // Millions of tag and url( openings that never close: a backtracking pattern would take minutes.
    const hostile = `<svg>${'<use '.repeat(400_000)}${'url('.repeat(400_000)}`;
    const t0 = performance.now();
    expect(svgExternalReference(hostile)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('refuses a drawing cut short, and one that loads a file or address', () => {
    svg('cut.svg', '<rect width="10" height="10"');
    svg('web.svg', '<image x="0" href="http://example.org/x.png"/></svg>');
    svg('file.svg', '<image xlink:href="file:///etc/hostname"/></svg>');
    svg('css.svg', '<style>rect { fill: url("other.svg#p") }</style></svg>');
    const { list } = run(['cut', 'web', 'file', 'css'].map((n) => `![${n}](../assets/${n}.svg "${n}")`).join('\n\n'));
    expect(list.map((d) => [d.ruleId, d.line])).toEqual([
      ['image/unsupported-type', 1],
      ['image/remote', 3],
      ['image/remote', 5],
      ['image/remote', 7],
    ]);
    expect(list[0]!.message).toContain('incomplete');
    expect(list[1]!.message).toContain('refers to “http://example.org/x.png” outside itself');
  });

  it('refuses a drawing a browser would show as a broken image, saying where and what to do', () => {
    const write = (name: string, text: string) => fs.writeFileSync(path.join(edition, 'assets', name), text);
    write('no-ns.svg', '<svg width="600" height="300" viewBox="0 0 600 300"><rect width="600" height="300" fill="#c33"/></svg>');
    write('tags.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300">\n<rect width="600" height="300" fill="#3c3"><g></rect></svg>');
    write('nbsp.svg', '<svg xmlns="http://www.w3.org/2000/svg"><text>10&nbsp;000</text></svg>');
    write('xlink.svg', '<svg xmlns="http://www.w3.org/2000/svg"><use xlink:href="#a"/></svg>');
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('');
    write('laughs.svg', `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">${lol}]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>`);
    write('fine.svg', '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const names = ['no-ns', 'tags', 'nbsp', 'xlink', 'laughs', 'fine'];
    const { list, images } = run(names.map((n) => `![${n}](../assets/${n}.svg "${n}")`).join('\n\n'));
    expect(list.map((d) => [d.ruleId, d.severity, d.line, d.column])).toEqual([
      ['image/unsupported-type', 'error', 1, 1],
      ['image/unsupported-type', 'error', 3, 1],
      ['image/unsupported-type', 'error', 5, 1],
      ['image/unsupported-type', 'error', 7, 1],
      ['image/unsupported-type', 'error', 9, 1],
    ]);
    const [noNs, tags, nbsp, xlink, laughs] = list.map((d) => d.message);
    expect(noNs).toContain('its <svg> element has no xmlns="http://www.w3.org/2000/svg". Add xmlns="http://www.w3.org/2000/svg" to its <svg> element');
    expect(tags).toContain('not well-formed XML (line 2, column 47 of the drawing: </rect> closes <g>, which needs </g> first)');
    expect(nbsp).toContain('the entity &nbsp; which XML does not define');
    expect(xlink).toContain('add xmlns:xlink="http://www.w3.org/1999/xlink" to the <svg> element');
    expect(laughs).toContain('declares entities in a DOCTYPE (line 2, column 1 of the drawing)');
    expect(laughs).toContain('Export it again as plain SVG');
    expect(images.map((i) => i.file)).toEqual(['assets/fine.svg']);
  });
});

describe('task lists', () => {
  it('draws a box for each task, ticked when done, in tight and loose lists', () => {
    const { html } = run('- [ ] open\n- [x] done\n- plain\n\n1. [x] first\n\n   more text\n');
    expect(html).toContain('<li class="task task-open"><span class="task-box" role="checkbox" aria-checked="false" aria-readonly="true"></span>open</li>');
    expect(html).toContain('<li class="task task-done"><span class="task-box" role="checkbox" aria-checked="true" aria-readonly="true"></span>done</li>');
    expect(html).toContain('<li>plain</li>');
    expect(html).toMatch(/<li class="task task-done">\s*<p><span class="task-box"[^>]*><\/span>first<\/p>/);
    expect(html).not.toContain('<input');
  });
});

describe('footnotes', () => {
  it('head the notes and name the links back in the edition\'s language', () => {
    const { html } = run('Le texte[^1].\n\n[^1]: La note.\n', { footnoteLabels: { heading: 'Примечания', back: 'Назад к тексту' } });
    expect(html).toContain('>Примечания</h2>');
    expect(html).toContain('aria-label="Назад к тексту (1)"');
    expect(html).not.toMatch(/Back to|>Notes</);
  });
});

describe('right-to-left text', () => {
  it('curls quotes across emphasis, and leaves code and links alone', () => {
    expect(run('He called it "*the* plan" and *"safe"*.\n', { language: 'en' }).html).toBe('<p>He called it “<em>the</em> plan” and <em>“safe”</em>.</p>');
    expect(run('Type `"x"` or see ["the law"](https://example.org/"a").\n', { language: 'en' }).html).toBe('<p>Type <code>"x"</code> or see <a href="https://example.org/%22a%22">"the law"</a>.</p>');
    expect(run('« Oui », dit-il. "Non" !\n', { language: 'fr' }).html).toBe('<p>«\u00a0Oui\u202f», dit-il. «\u00a0Non\u202f»\u202f!</p>');
  });

  it('makes the same dash of both ends of an aside that starts or ends at emphasis or a link, never at a line start', () => {
    expect(run('Les *vidomègon* — ces enfants placés — sont [suivis](https://example.org) — depuis — *2019*.\n', { language: 'fr' }).html).toBe(
      '<p>Les <em>vidomègon</em>\u00a0– ces enfants placés\u00a0– sont <a href="https://example.org">suivis</a>\u00a0– depuis\u00a0– <em>2019</em>.</p>',
    );
  });

  it('keeps phone numbers left to right inside Arabic text, and leaves links alone', () => {
    const { html } = run('اتصلوا على الرقم +20 2 2736 5140 أو [+20 16000](tel:+2016000).\n', { language: 'ar', direction: 'rtl' });
    expect(html).toContain('الرقم <span dir="ltr">+20\u00a02\u00a02736\u00a05140</span> أو');
    expect(html).toContain('<a href="tel:+2016000">+20 16000</a>');
    expect(run('Call +20 2 2736 5140.\n', { language: 'en' }).html).toBe('<p>Call +20\u00a02\u00a02736\u00a05140.</p>');
  });

  it('keeps a range typed with a hyphen in right-to-left text as typed: an en dash would print it backwards', () => {
    // "2024-2028" is one left-to-right run; "2024–2028" (an en dash, a neutral) is laid out as "2028–2024".
    const { html } = run('الاستراتيجية الوطنية 2024-2028 والأيام 17-18.\n', { language: 'ar', direction: 'rtl' });
    expect(html).toBe('<p>الاستراتيجية الوطنية 2024-2028 والأيام 17-18.</p>');
    expect(run('The strategy 2024-2028, 17-18 May.\n', { language: 'en', direction: 'ltr' }).html).toContain('2024–2028, 17–18');
  });
});

describe('hyphenation of capitalised words', () => {
  it('breaks German nouns, which are all capitalised, but not English names', () => {
    const de = hyphenatorFor('de')!;
    const { html } = run('Die Strafverfolgungsbehörden arbeiten zusammen.\n', { language: 'de', hyphenate: de });
    expect(html).toContain(`Straf${SHY}`);
    const en = hyphenatorFor('en')!;
    expect(run('Petropavlovsk administration\n', { language: 'en', hyphenate: en }).html).toContain('Petropavlovsk');
  });
});
