/**
 * What publications and accessibility staff check: metadata, language, bookmarks, tags, fonts, reproducible
 * output, hyphenation, image resolution; and the Russian edition typeset in Russian.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { EXAMPLE, ROOT, prose, tempDir, writeConfig, writeReport } from '../helpers/edition.js';
import { contentsAndHeadings, pdfFonts, pdfInfo, pdfPagesText } from '../helpers/pdf.js';
import { openPdf, outlineWithPages, structureRoles } from '../helpers/pdfjs.js';

const RU = path.join(ROOT, 'examples', 'central-asia-2015-q1-ru');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('the example PDF as publications staff would check it', () => {
  let result: BuildResult;
  let pdf: string;
  beforeAll(async () => {
    process.env['SOURCE_DATE_EPOCH'] = '1420070400';
    try {
      result = await build(EXAMPLE, { outDir: path.join(tmp.dir, 'en') });
    } finally {
      delete process.env['SOURCE_DATE_EPOCH'];
    }
    pdf = result.files.find((f) => f.format === 'pdf')!.path;
  });

  it('carries title, author, subject, keywords, creator and the build date from SOURCE_DATE_EPOCH', () => {
    const info = pdfInfo(pdf);
    expect(info['Title']).toBe('Counter-Trafficking Programme in Central Asia');
    expect(info['Author']).toBe('International Organization for Migration (IOM)');
    expect(info['Subject']).toBe('No. 4, October – December 2014');
    // one keyword per country (and the title), separated by commas, so that a name of two words stays one
    expect(info['Keywords']).toBe('Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan, Counter-Trafficking Programme in Central Asia');
    expect(info['Creator']).toMatch(/^bulletin \d+\.\d+\.\d+/);
    expect(info['CreationDate']).toContain('2015');
    expect(info['Tagged']).toBe('yes');
  });

  it('declares the document language', async () => {
    const doc = await openPdf(pdf);
    const { info } = await doc.getMetadata();
    expect(info.Language).toBe('en');
  });

  it('has one bookmark per article, named "Country: Title", plus contacts and hotlines, each on its page', async () => {
    const doc = await openPdf(pdf);
    const outline = await outlineWithPages(doc);
    const articles = result.edition.articles;
    expect(outline.map((o) => o.title)).toEqual([
      ...articles.map((a) => `${a.country}: ${a.title}`),
      'IOM CT Team in Central Asia',
      'IOM Counter-Trafficking Hotlines in Central Asia',
    ]);
    articles.forEach((a, i) => expect(outline[i]!.page).toBe(result.pageOf!.get(a.id)));
    const pages = pdfPagesText(pdf);
    expect(pages[outline.at(-1)!.page - 1]).toContain('IOM COUNTER-TRAFFICKING HOTLINES');
  });

  it('is tagged: headings, the contents as a list of links, figures with their alt text', async () => {
    const doc = await openPdf(pdf);
    const roles = await structureRoles(doc);
    expect(roles.filter((r) => r.role === 'H2').length).toBeGreaterThanOrEqual(6);
    expect(roles.some((r) => r.role === 'H1')).toBe(true);
    expect(roles.some((r) => r.role === 'L')).toBe(true);
    expect(roles.filter((r) => r.role === 'Link').length).toBeGreaterThanOrEqual(8);
    const figures = roles.filter((r) => r.role === 'Figure');
    expect(figures.length).toBeGreaterThanOrEqual(7);
    for (const f of figures) expect(f.alt, 'every figure has alt text').toBeTruthy();
    expect(figures.map((f) => f.alt)).toContain('Members of Parliament, government officials and NGO heads at the Dialogue in Bishkek');
  });

  it('embeds its fonts, none of them Type 3', () => {
    for (const f of pdfFonts(pdf)) {
      expect(f.embedded).toBe(true);
      expect(f.type).not.toContain('Type 3');
    }
  });

  it('hyphenates body text, but not headings, e-mail addresses or phone numbers', () => {
    const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(raw).toMatch(/\p{L}\u00ad\s*\n?\p{L}|\p{L}\u00ad\p{L}/u);
    for (const line of raw.split('\n')) {
      if (/@iom\.int/.test(line)) expect(line, line).not.toContain('\u00ad');
      if (/^[A-Z]{4,}: /.test(line)) expect(line, line).not.toContain('\u00ad');
    }
    const html = readFileSync(result.files.find((f) => f.format === 'html')!.path, 'utf8');
    for (const m of html.matchAll(/<h2 class="article-heading"[\s\S]*?<\/h2>/g)) expect(m[0]).not.toContain('\u00ad');
    for (const m of html.matchAll(/mailto:[^"]+/g)) expect(m[0]).not.toContain('\u00ad');
  });

  it('rebuilds byte for byte under SOURCE_DATE_EPOCH', async () => {
    process.env['SOURCE_DATE_EPOCH'] = '1420070400';
    try {
      const again = await build(EXAMPLE, { outDir: path.join(tmp.dir, 'en-again') });
      for (const f of again.files) {
        const first = result.files.find((x) => x.format === f.format)!;
        expect(readFileSync(f.path).equals(readFileSync(first.path)), `${f.format} identical`).toBe(true);
      }
    } finally {
      delete process.env['SOURCE_DATE_EPOCH'];
    }
  });
});

describe('photos', () => {
  let result: BuildResult;
  let original: number;
  beforeAll(async () => {
    const dir = path.join(tmp.dir, 'photos');
    writeConfig(dir, `title: Photo Bulletin\norganisation: Test\nedition: 1\nperiod: {label: Year 2025, start: 2025-01-01, end: 2025-12-31}\ncountries: [Georgia]\n`);
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    // A 4000 × 3000 "phone photo" with EXIF (and so a GPS-like payload) and noise, so it compresses like a photo.
    const noise = Buffer.alloc(400 * 300 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) % 251;
    const big = await sharp(noise, { raw: { width: 400, height: 300, channels: 3 } })
      .resize(4000, 3000, { kernel: 'nearest' })
      .jpeg({ quality: 95 })
      .withMetadata({ exif: { IFD0: { Make: 'PhoneMaker', Model: 'CANARY-MODEL' } } })
      .toBuffer();
    writeFileSync(path.join(dir, 'assets', 'big.jpg'), big);
    original = big.length;
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } }).jpeg().toFile(path.join(dir, 'assets', 'small.jpg'));
    // An interrupted download (the first 60 % of a photo), and a whole photo with data after its end (a phone's
    // "motion photo"), which is not damage.
    const whole = await sharp(noise, { raw: { width: 400, height: 300, channels: 3 } }).resize(1200, 900, { kernel: 'nearest' }).jpeg().toBuffer();
    writeFileSync(path.join(dir, 'assets', 'cut.jpg'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    writeFileSync(path.join(dir, 'assets', 'trailer.jpg'), Buffer.concat([whole, Buffer.from('MotionPhoto_Data....')]));
    writeReport(dir, {
      file: 'a.md',
      country: 'Georgia',
      title: 'Photos of the quarter',
      date: '2025-02-02',
      // Both photos are used twice: first side by side (narrow), then each on its own (a column wide), where
      // they must be prepared for, and checked at.
      body: `![Row 1](../assets/big.jpg "Row") ![Row 2](../assets/small.jpg "Row")\n\n${prose(120, 3)} With a footnote.[^src]\n\n[^src]: Photos by the country office.\n\n![A large photo](../assets/big.jpg "Big")\n\n${prose(80, 4)}\n\n![A cut photo](../assets/cut.jpg "Cut") ![A photo with a trailer](../assets/trailer.jpg "Trailer")\n\n![A small photo](../assets/small.jpg "Small")\n`,
    });
    result = await build(dir, { outDir: path.join(tmp.dir, 'photos-out') });
  });

  it('resamples an oversized photo to about 300 dpi at its printed width and strips its metadata', async () => {
    const html = readFileSync(result.files.find((f) => f.format === 'html')!.path, 'utf8');
    const urls = [...html.matchAll(/src="data:image\/jpeg;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64'));
    const sizes = await Promise.all(urls.map(async (b) => ({ meta: await sharp(b).metadata(), bytes: b.length })));
    const resampled = sizes.find((s) => s.meta.width! > 500)!;
    // one column of A4 (86.75 mm) at 300 dpi is 1025 pixels
    expect(resampled.meta.width).toBe(1025);
    expect(resampled.bytes).toBeLessThan(original / 4);
    expect(resampled.meta.exif).toBeUndefined();
    const pdf = result.files.find((f) => f.format === 'pdf')!.path;
    expect(statSync(pdf).size).toBeLessThan(original);
    expect(readFileSync(pdf).includes('CANARY-MODEL')).toBe(false);
  });

  it('prints a footnote without its link back (↩), and only in the template’s fonts', () => {
    const pdf = result.files.find((f) => f.format === 'pdf')!.path;
    const text = pdfPagesText(pdf).join(' ').replace(/\u00ad/g, '');
    expect(text).toContain('1. Photos by the country');
    expect(text).not.toContain('↩');
    for (const f of pdfFonts(pdf)) expect(f.name).toMatch(/^[A-Z]{6}\+Noto(Sans|Serif)-/);
  });

  it('warns about a photo cut short, at the image in the report, and not about data after a whole photo', () => {
    const cut = result.diagnostics.filter((d) => d.ruleId === 'image/truncated');
    const lines = readFileSync(path.join(tmp.dir, 'photos', 'reports', 'a.md'), 'utf8').split('\n');
    expect(cut).toEqual([expect.objectContaining({ file: 'reports/a.md', severity: 'warning', line: lines.findIndex((l) => l.includes('![A cut photo]')) + 1, column: 1 })]);
    expect(cut[0]!.message).toContain('assets/cut.jpg is cut short');
  });

  it('warns when a photo prints below 150 dpi, at the image in the report', () => {
    const low = result.diagnostics.filter((d) => d.ruleId === 'image/low-resolution');
    expect(low).toHaveLength(1);
    // at the use where it prints widest, on its own, not in the row at the top
    const lines = readFileSync(path.join(tmp.dir, 'photos', 'reports', 'a.md'), 'utf8').split('\n');
    const alone = lines.findIndex((l) => l.includes('![A small photo]')) + 1;
    expect(alone).toBeGreaterThan(7);
    expect(low[0]).toMatchObject({ file: 'reports/a.md', severity: 'warning', line: alone });
    expect(low[0]!.message).toContain('300 × 200 pixels');
  });
});

describe('the Russian edition', () => {
  let result: BuildResult;
  let pages: string[];
  beforeAll(async () => {
    result = await build(RU, { outDir: path.join(tmp.dir, 'ru') });
    pages = pdfPagesText(result.files.find((f) => f.format === 'pdf')!.path);
  });

  it('prints Russian labels, datelines and footers, with extractable Cyrillic text', () => {
    expect(pages[0]).toContain('В ЭТОМ ВЫПУСКЕ');
    expect(pages[0]).toContain('№ 5');
    expect(pages.join(' ')).toMatch(/АЛМАТЫ, \d{1,2} (января|февраля|марта) 2015 г\. —/);
    expect(pages[1]).toMatch(/Стр\. 2 из \d/);
    expect(pages.join(' ')).toContain('Казахстан');
  });

  it('numbers its contents correctly', () => {
    const rows = contentsAndHeadings(
      pages,
      result.edition.articles.map((a) => ({ country: a.country, title: a.title })),
    );
    for (const r of rows) expect(r.listed, r.title).toBe(r.actual);
  });

  it('hyphenates with Russian patterns and keeps one-letter words with the next', () => {
    const html = readFileSync(result.files.find((f) => f.format === 'html')!.path, 'utf8');
    expect(html).toMatch(/[а-я]\u00ad[а-я]/);
    expect(html).toMatch(/ [вксоуи]\u00a0[а-яА-Я]/);
    const doc = pdfFonts(result.files.find((f) => f.format === 'pdf')!.path);
    for (const f of doc) expect(f.embedded).toBe(true);
  });

  it('declares Russian as the document language', async () => {
    const doc = await openPdf(result.files.find((f) => f.format === 'pdf')!.path);
    expect((await doc.getMetadata()).info.Language).toBe('ru');
  });
});

describe('the print-shop copy', () => {
  it('places each page on a larger sheet with crop marks, TrimBox and BleedBox', async () => {
    const dir = path.join(tmp.dir, 'marks');
    writeConfig(dir, readFileSync(path.join(EXAMPLE, 'bulletin.yaml'), 'utf8').replace('pageSize: A4', 'pageSize: A4\n  cropMarks: true\n  bleed: 3'));
    writeReport(dir, { file: 'a.md', country: 'Kazakhstan', title: 'Crop marks', date: '2014-11-03', body: prose(200, 5) });
    const r = await build(dir, { outDir: path.join(dir, 'out'), formats: ['pdf'] });
    const print = r.files.find((f) => f.format === 'print-pdf')!;
    expect(path.basename(print.path)).toBe('central-asia-ct-bulletin-2014-q4-print.pdf');
    const boxes = execFileSync('pdfinfo', ['-box', print.path], { encoding: 'utf8' });
    const box = (name: string) => /^(\w+):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/m.exec(boxes.split('\n').find((l) => l.startsWith(name))!)!.slice(2).map(Number);
    const [tx0, ty0, tx1, ty1] = box('TrimBox');
    const [bx0, , bx1] = box('BleedBox');
    expect(tx1! - tx0!).toBeCloseTo(595, 0); // A4 width in points
    expect(ty1! - ty0!).toBeCloseTo(842, 0);
    expect(tx0! - bx0!).toBeCloseTo(3 * 72 / 25.4, 1); // 3 mm of bleed
    expect(bx1! - tx1!).toBeCloseTo(3 * 72 / 25.4, 1);
    expect(pdfPagesText(print.path).join(' ')).toContain('KAZAKHSTAN: Crop marks');
  });
});

describe('US Letter', () => {
  it('prints Letter pages when asked', async () => {
    const dir = path.join(tmp.dir, 'letter');
    copyFileSync(path.join(EXAMPLE, 'bulletin.yaml'), path.join(tmp.dir, 'x.yaml'));
    writeConfig(dir, readFileSync(path.join(tmp.dir, 'x.yaml'), 'utf8').replace('pageSize: A4', 'pageSize: Letter'));
    writeReport(dir, { file: 'a.md', country: 'Kazakhstan', title: 'Letter test', date: '2014-11-03', body: prose(200, 9) });
    const r = await build(dir, { outDir: path.join(dir, 'out'), formats: ['pdf'] });
    expect(pdfInfo(r.files[0]!.path)['Page size']).toMatch(/^612 x 792 pts/);
  });
});
