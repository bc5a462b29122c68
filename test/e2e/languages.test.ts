/**
 * Editions in other scripts: an Arabic edition set right to left with its own embedded fonts, and text that
 * the template has no font for (Chinese, emoji), which the build reports instead of printing boxes.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, renderDocument, type BuildResult } from '../../src/build.js';
import { loadConfig, validateConfigText } from '../../src/config/load-config.js';
import { assembleEdition } from '../../src/edition/assemble.js';
import { readReports } from '../../src/reports/read-reports.js';
import { DiagnosticSink, ValidationFailed } from '../../src/diagnostics.js';
import { initEdition } from '../../src/scaffold/init-edition.js';
import { lint } from '../../src/lint.js';
import { EXAMPLE, prose, tempDir, writeConfig, writeReport } from '../helpers/edition.js';
import { pdfFonts, pdfPagesText } from '../helpers/pdf.js';
import { openPdf, outlineWithPages } from '../helpers/pdfjs.js';

const WORDS =
  'المنظمة الدولية للهجرة برنامج مكافحة الاتجار بالبشر الضحايا الحماية الإحالة الشرطة النيابة العامة التدريب المجتمع المدني الحكومة الوزارة الخط الساخن المساعدة التعاون الحدود العمال المهاجرين التوعية المدارس'.split(
    ' ',
  );

function arabicProse(words: number, seed: number): string {
  let x = seed;
  const paragraphs: string[] = [];
  for (let left = words; left > 0; left -= 70) {
    const w = Array.from({ length: Math.min(70, left) }, () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return WORDS[x % WORDS.length]!;
    });
    paragraphs.push(`${w.join(' ')}.`);
  }
  return paragraphs.join('\n\n');
}

const COUNTRIES = ['مصر', 'تونس'];

describe('an Arabic edition', () => {
  const tmp = tempDir();
  const dir = path.join(tmp.dir, 'ar');
  // A Latin code in each title finds its heading in the PDF text, which poppler extracts from Arabic with
  // stray spaces.
  const articles = [
    { marker: 'EG1', country: 'مصر', long: true },
    { marker: 'EG2', country: 'مصر', long: false },
    { marker: 'TN1', country: 'تونس', long: true },
    { marker: 'TN2', country: 'تونس', long: false },
  ];
  let result: BuildResult;
  let pages: string[];
  let pdf: string;
  let html: string;

  beforeAll(async () => {
    writeConfig(
      dir,
      `title: برنامج مكافحة الاتجار بالبشر في شمال أفريقيا
organisation: المنظمة الدولية للهجرة
edition: 3
period:
  label: يناير – مارس 2025
  start: 2025-01-01
  end: 2025-03-31
language: ar
countries: [${COUNTRIES.join(', ')}]
acknowledgement: هذا المشروع ممول من الاتحاد الأوروبي.
contacts:
  - name: السيد أحمد علي
    role: منسق البرنامج
    country: regional
    phone: "+20 2 2736 5140"
    email: aali@example.org
hotlines:
  مصر:
    - number: "16000"
      note: مجاني
`,
    );
    mkdirSync(path.join(dir, 'assets'));
    copyFileSync(path.join(EXAMPLE, 'assets', 'kz-aktau-seminar.jpg'), path.join(dir, 'assets', 'photo.jpg'));
    articles.forEach((a, i) =>
      writeReport(dir, {
        file: `${a.marker.toLowerCase()}.md`,
        country: a.country,
        title: `ورشة عمل حول تحديد الضحايا ${a.marker}`,
        date: `2025-02-1${i}`,
        location: 'القاهرة',
        body: [
          arabicProse(a.long ? 1500 : 200, i + 1),
          '| المحافظة | المشاركون |\n| --- | ---: |\n| القاهرة | 12 |\n| أسوان | 5 |',
          '![مشاركون في ورشة العمل](../assets/photo.jpg "المشاركون في ورشة العمل")',
          arabicProse(a.long ? 400 : 80, i + 10),
        ].join('\n\n'),
      }),
    );
    result = await build(dir, { outDir: path.join(tmp.dir, 'out') });
    pdf = result.files.find((f) => f.format === 'pdf')!.path;
    html = result.files.find((f) => f.format === 'html')!.path;
    pages = pdfPagesText(pdf);
  });
  afterAll(() => tmp.cleanup());

  it('builds without warnings and runs over several pages', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.pages).toBeGreaterThanOrEqual(3);
  });

  it('is marked as right to left, with phone numbers and addresses kept left to right', () => {
    const tree = unified().use(rehypeParse).parse(readFileSync(html, 'utf8'));
    const elements: Element[] = [];
    visit(tree, 'element', (el) => void elements.push(el));
    const root = elements.find((e) => e.tagName === 'html')!;
    expect(root.properties).toMatchObject({ lang: 'ar', dir: 'rtl' });
    const phone = elements.find((e) => e.tagName === 'a' && String(e.properties.href).startsWith('tel:'))!;
    expect(phone.properties.dir).toBe('ltr');
  });

  it('embeds the Arabic fonts, and no synthesised (Type 3) font', () => {
    const fonts = pdfFonts(pdf);
    const names = fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toEqual(expect.arrayContaining(['NotoNaskhArabic-Regular', 'NotoSansArabic-Bold']));
    expect(fonts.filter((f) => f.type.startsWith('Type 3') || !f.embedded)).toEqual([]);
  });

  it('gives each article the page its heading stands on, in the contents and the bookmarks', async () => {
    const doc = await openPdf(pdf);
    const outline = await outlineWithPages(doc);
    for (const a of articles) {
      // the heading's page: the last page that shows the title's code (the contents show it too, on page 1)
      const on = pages.flatMap((text, i) => (text.includes(a.marker) ? [i + 1] : []));
      const headingPage = Math.max(...on);
      const id = result.edition.articles.find((x) => x.title.endsWith(a.marker))!.id;
      expect(result.pageOf!.get(id), a.marker).toBe(headingPage);
      expect(outline.find((o) => o.title.endsWith(a.marker))?.page, a.marker).toBe(headingPage);
    }
    // a long article pushes the next one at least a page on
    const starts = articles.map((a) => result.pageOf!.get(result.edition.articles.find((x) => x.title.endsWith(a.marker))!.id)!);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1);
  });

  it('prints the Arabic footer, “page N of M”, from page 2 on', () => {
    // poppler gives the footer line in visual order (right to left reversed), so either order is accepted
    const footer = (text: string) => /(\d+)(?:من|نم)(\d+)/.exec(text.replace(/[\s\u200e\u200f\u202a-\u202e]/g, ''));
    expect(footer(pages[0]!)).toBeNull();
    pages.slice(1).forEach((text, i) => {
      const m = footer(text);
      expect(m, `page ${i + 2}`).not.toBeNull();
      expect([Number(m![1]), Number(m![2])].sort((a, b) => a - b)).toEqual([i + 2, pages.length].sort((a, b) => a - b));
      expect(text).toContain('·');
    });
  });
});

describe('text the template has no font for', () => {
  const tmp = tempDir();
  const dir = path.join(tmp.dir, 'cjk');
  let result: BuildResult;

  beforeAll(async () => {
    writeConfig(
      dir,
      `title: Migration Bulletin བོད་ལྗོངས
organisation: Regional Office
edition: 1
period:
  label: Q1 2025
  start: 2025-01-01
  end: 2025-03-31
language: en
countries: [China, Mongolia]
`,
    );
    writeReport(dir, {
      file: 'china.md',
      country: 'China',
      title: 'Training in Beijing',
      date: '2025-02-01',
      body: 'The first paragraph is plain English.\n\nThe second names the project 中亚反贩运项目 and ends well 🙂.\n\nIn Syriac: ܫܠܡܐ.',
    });
    writeReport(dir, { file: 'mongolia.md', country: 'Mongolia', title: 'News', date: '2025-02-02', body: 'Монгол Улс: Cyrillic is covered.' });
    result = await build(dir, { outDir: path.join(tmp.dir, 'out'), formats: ['html'] });
  });
  afterAll(() => tmp.cleanup());

  it('warns once per script, at its first character in each file, for the text font as well as the headings', () => {
    const warnings = result.diagnostics.filter((d) => d.ruleId === 'render/no-font');
    expect(warnings.map((d) => [d.file, d.line, d.column, d.severity])).toEqual([
      ['bulletin.yaml', 1, 27, 'warning'],
      [path.join('reports', 'china.md'), 9, 30, 'warning'],
      [path.join('reports', 'china.md'), 9, 52, 'warning'],
      [path.join('reports', 'china.md'), 11, 12, 'warning'],
    ]);
    expect(warnings[0]!.message).toContain('no font for the Tibetan script here: “བ” (U+0F56)');
    expect(warnings[1]!.message).toContain('no font for the Han script here: “中” (U+4E2D), “亚” (U+4E9A)');
    expect(warnings[1]!.message).toContain('and 2 more');
    expect(warnings[2]!.message).toContain('no font for the emoji here: “🙂” (U+1F642). The PDF prints it');
    expect(warnings[3]!.message).toContain('no font for the Syriac script here: “ܫ” (U+072B)');
    expect(warnings[0]!.message).toContain('Customising the template');
  });

  it('gives lint the same warnings, before anyone builds, and not for text that does not print', async () => {
    const fromBuild = result.diagnostics.filter((d) => d.ruleId === 'render/no-font');
    const fromLint = (await lint(dir)).diagnostics.filter((d) => d.ruleId === 'render/no-font');
    expect(fromLint).toEqual(fromBuild);
    // An HTML comment, an image's file name and a link's address never print: no warning for them.
    const quiet = path.join(tmp.dir, 'quiet');
    writeConfig(quiet, 'title: T\norganisation: O\nedition: 1\nperiod: {label: Q1 2025, start: 2025-01-01, end: 2025-03-31}\ncountries: [China]\n');
    writeReport(quiet, { file: 'c.md', country: 'China', title: 'News', date: '2025-02-01', body: '<!-- 注释 -->\n\nSee [the site](https://例子.中国/页).' });
    expect((await lint(quiet)).diagnostics).toEqual([]);
  });
});

describe('a new edition in a language without shipped labels', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('gets every label as a placeholder to translate, which lint then asks for', () => {
    const r = initEdition({ dir: path.join(tmp.dir, 'de'), countries: ['Deutschland'], language: 'de' });
    const text = readFileSync(path.join(r.dir, 'bulletin.yaml'), 'utf8');
    expect(text).toContain('language: de\n');
    expect(text).toContain('  inThisEdition: "[[In this edition]]"');
    const sink = new DiagnosticSink('bulletin.yaml');
    validateConfigText(text, sink);
    const placeholders = sink.list.filter((d) => d.ruleId === 'content/placeholder').map((d) => d.message);
    expect(placeholders.filter((m) => m.includes('[[Page]]') || m.includes('[[of]]'))).toHaveLength(2);
  });

  it('prints the page number in the order the `page` label gives, with {page} and {pages}', async () => {
    const dir = path.join(tmp.dir, 'tr');
    writeConfig(
      dir,
      `title: Bülten
organisation: Örgüt
edition: 2
period: {label: Ekim – Aralık 2024, start: 2024-10-01, end: 2024-12-31}
language: tr
countries: [Türkiye]
labels:
  inThisEdition: Bu sayıda
  page: "{pages} sayfanın {page}. sayfası"
  edition: "Sayı"
`,
    );
    for (const n of [1, 2]) writeReport(dir, { file: `tr-${n}.md`, country: 'Türkiye', title: `Rapor ${n}`, date: `2024-11-0${n}`, body: prose(900, n) });
    const linted = await lint(dir);
    expect(linted.diagnostics.filter((d) => d.file === 'bulletin.yaml')).toEqual([]);
    const result = await build(dir, { outDir: path.join(tmp.dir, 'tr-out'), formats: ['pdf'] });
    const pages = await pdfPagesText(result.files.find((f) => f.format === 'pdf')!.path);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[0]).not.toMatch(/sayfası/);
    pages.slice(1).forEach((text, i) => {
      expect(text.replace(/\s+/g, ' '), `page ${i + 2}`).toContain(`${pages.length} sayfanın ${i + 2}. sayfası`);
    });
  });
});

describe('direction overrides in the title', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const config = (title: string) =>
    `title: "${title}"\norganisation: O\nedition: 4\nperiod:\n  label: October – December 2014\n  start: 2014-10-01\n  end: 2014-12-31\ncountries: [A]\n`;

  it('are refused in bulletin.yaml, at the value', async () => {
    const dir = path.join(tmp.dir, 'rlo');
    writeConfig(dir, config('Bulletin \\u202Eevil'));
    writeReport(dir, { file: 'a.md', country: 'A', title: 'T', date: '2014-11-01', body: 'Text.' });
    const error = await build(dir, { outDir: path.join(tmp.dir, 'out'), formats: ['html'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).diagnostics).toEqual([expect.objectContaining({ file: 'bulletin.yaml', line: 1, column: 8, ruleId: 'content/control-character' })]);
  });

  it('are kept out of the running footer all the same (an edition made through the API), where one left open would reverse the rest of the line', async () => {
    const dir = path.join(tmp.dir, 'api');
    writeConfig(dir, config('Bulletin evil'));
    writeReport(dir, { file: 'a.md', country: 'A', title: 'T', date: '2014-11-01', body: 'Text.' });
    const loaded = await loadConfig(dir);
    const { reports } = await readReports(loaded.dir, loaded.config);
    const { edition } = assembleEdition(loaded.dir, { ...loaded.config!, title: 'Bulletin \u202Eevil' }, reports);
    const { html } = await renderDocument(edition);
    const footer = /@bottom-left \{ content: ("[^"]*")/.exec(html)![1]!;
    expect(footer).toContain('Bulletin evil');
    expect(footer).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('a French edition: the typography of bulletin.yaml', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('sets the acknowledgement, contact roles and hotline notes like the articles, and leaves names and titles as typed', async () => {
    const dir = path.join(tmp.dir, 'fr');
    writeConfig(
      dir,
      `title: "Bulletin d'Afrique de l'Ouest"
subtitle: "Lutte contre la traite : bilan"
organisation: OIM
edition: 3
period: {label: T4 2024, start: 2024-10-01, end: 2024-12-31}
language: fr
countries: [Sénégal]
acknowledgement: "Financé par l'Union européenne - programme \\"Protection\\"."
contacts:
  - name: M. Kouassi N'Guessan
    role: Chargé de l'assistance « directe » aux victimes
    country: Sénégal
hotlines:
  Sénégal:
    - number: "116"
      note: gratuit 24 h/24
`,
    );
    writeReport(dir, { file: 'senegal.md', country: 'Sénégal', title: "L'atelier de Dakar", date: '2024-11-05', body: "Le texte de l'article." });
    const result = await build(dir, { outDir: path.join(tmp.dir, 'out'), formats: ['html'] });
    const html = readFileSync(result.files.find((f) => f.format === 'html')!.path, 'utf8');
    const tree = unified().use(rehypeParse).parse(html);
    const texts = new Map<string, string>();
    visit(tree, 'element', (el: Element) => {
      const cls = ([] as unknown[]).concat(el.properties['className'] ?? []).join(' ');
      for (const c of ['acknowledgement', 'contact-role', 'hotline-note', 'contact-name', 'masthead-subtitle']) {
        if (cls.split(' ').includes(c)) texts.set(c, textContent(el));
      }
    });
    expect(texts.get('acknowledgement')).toBe('Financé par l’Union européenne\u00a0– programme «\u00a0Protection\u202f».');
    expect(texts.get('contact-role')).toBe('Chargé de l’assistance «\u00a0directe\u202f» aux victimes');
    expect(texts.get('hotline-note')).toBe('(gratuit 24\u00a0h/24)');
    expect(texts.get('contact-name')).toBe('M. Kouassi N\'Guessan');
    expect(texts.get('masthead-subtitle')).toBe('Lutte contre la traite\u00a0: bilan');
  });
});

function textContent(node: Element | { type: string; value?: string; children?: unknown[] }): string {
  if (node.type === 'text') return (node as { value: string }).value;
  return ((node as { children?: unknown[] }).children ?? []).map((c) => textContent(c as Element)).join('').trim();
}
