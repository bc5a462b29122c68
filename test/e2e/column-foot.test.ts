/**
 * In an article longer than a page, a photo that does not fit under the paragraph before it goes whole to the
 * next column or page, and leaves the foot of its column empty. The first print shows where that happened; the
 * photo moves after the paragraph that follows it, a draft checks that the article got shorter, and the real
 * print follows. The numbers in the contents stay true, nothing is lost, and a rebuild prints the same file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, renderDocument, type BuildResult } from '../../src/build.js';
import { checkEdition } from '../../src/check-edition.js';
import { Chrome } from '../../src/output/chrome.js';
import { findBrowser } from '../../src/output/find-browser.js';
import { printWithTrueNumbers } from '../../src/output/paginate.js';
import { contentsEntries } from '../../src/render/render-html.js';
import { contentsAndHeadings, lastPlace, letterCounts, pdfPagesText } from '../helpers/pdf.js';
import { prose, tempDir, writeConfig, writeReport } from '../helpers/edition.js';

/**
 * An edition whose first article, from Georgia, runs to about three pages: 30 paragraphs of `words(i)` words,
 * with a photo after every `photoEvery`th of them (but not among the last three).
 */
async function longEdition(
  dir: string,
  o: { title: string; countries: string; article: string; words: (i: number) => number; photoEvery: number; caption: (i: number) => string; notes?: boolean },
): Promise<void> {
  writeConfig(dir, `title: ${o.title}\norganisation: Test\nedition: 1\nperiod: {label: Year 2025, start: 2025-01-01, end: 2025-12-31}\ncountries: [${o.countries}]\n`);
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#557799' } }).jpeg().toFile(path.join(dir, 'assets', 'photo.jpg'));
  const blocks: string[] = [];
  for (let i = 1; i <= 30; i++) {
    blocks.push(prose(o.words(i), i) + (o.notes && i === 2 ? '[^1]' : ''));
    if (i % o.photoEvery === 0 && i < 28) blocks.push(`![Photo ${i}](../assets/photo.jpg "${o.caption(i)}")`);
  }
  // Footnotes print at the end of the article, after its last paragraph.
  if (o.notes) blocks.push('[^1]: NOTEMARK preliminary figures of the ministry.');
  writeReport(dir, { file: 'a.md', country: 'Georgia', title: o.article, date: '2025-02-02', body: blocks.join('\n\n') });
}

/**
 * The edition's document printed as it stands (`before`), and as printWithTrueNumbers leaves it (`after`), with
 * the number of draft prints it made to try moving photos.
 */
async function printBeforeAndAfter(dir: string, out: string): Promise<{ files: { before: string; after: string }; drafts: number }> {
  const checked = await checkEdition(dir);
  const { html } = await renderDocument(checked.edition!);
  const files = { before: path.join(out, 'before.pdf'), after: path.join(out, 'after.pdf') };
  let drafts = 0;
  const chrome = await Chrome.launch({ browser: await findBrowser(), timeoutMs: 60_000 });
  try {
    const page = await chrome.load(html);
    writeFileSync(files.before, await page.pdf({ outline: false, timeoutMs: 60_000 }));
    const printed = await printWithTrueNumbers(page, contentsEntries(checked.edition!), {
      timeoutMs: 60_000,
      figures: { textWidthMm: 180, maxHeightMm: 265 },
      onDraft: () => void drafts++,
    });
    writeFileSync(files.after, printed.pdf);
  } finally {
    await chrome.close();
  }
  return { files, drafts };
}

describe('photos that leave the foot of a column empty in a long article', () => {
  const tmp = tempDir();
  const dir = path.join(tmp.dir, 'ed');
  let files = { before: '', after: '' };
  let drafts = 0;
  let first: BuildResult;
  let second: BuildResult;
  let firstPdf: Buffer;

  beforeAll(async () => {
    // About three pages of text with a photo after every fifth paragraph; the second photo does not fit at the
    // foot of the first page's second column.
    await longEdition(dir, {
      title: 'Long Bulletin',
      countries: 'Georgia, Armenia',
      article: 'A long report from Tbilisi',
      words: (i) => 45 + ((i * 29) % 110),
      photoEvery: 5,
      caption: (i) => `Caption ${i}: participants at work.`,
    });
    writeReport(dir, { file: 'b.md', country: 'Armenia', title: 'NEXTMARK in Yerevan', date: '2025-02-03', body: prose(80, 99) });

    ({ files, drafts } = await printBeforeAndAfter(dir, tmp.dir));

    // The whole build, twice into the same folder: the second takes the first's numbers as its guess.
    process.env['SOURCE_DATE_EPOCH'] = '1420070400';
    try {
      const out = path.join(tmp.dir, 'out');
      first = await build(dir, { outDir: out });
      firstPdf = readFileSync(first.files.find((f) => f.format === 'pdf')!.path);
      second = await build(dir, { outDir: out });
    } finally {
      delete process.env['SOURCE_DATE_EPOCH'];
    }
  }, 180_000);

  afterAll(() => (process.env['KEEP_TMP'] ? undefined : tmp.cleanup()));

  it('tries the move in one draft print', () => {
    expect(drafts).toBe(1);
  });

  it('makes the article shorter: the next article starts earlier', () => {
    const before = lastPlace(files.before, 'NEXTMARK');
    const after = lastPlace(files.after, 'NEXTMARK');
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after!).toBeLessThan(before! - 15);
  });

  it('loses nothing: the same letters print', () => {
    const footer = /Long Bulletin\s*·\s*No\. 1\s*·\s*Year 2025/g;
    expect(letterCounts(files.after, footer)).toEqual(letterCounts(files.before, footer));
  });

  it('keeps the contents numbers true, and leaves none of its own marks in the PDF', () => {
    const pdf = first.files.find((f) => f.format === 'pdf')!.path;
    const rows = contentsAndHeadings(pdfPagesText(pdf), [
      { country: 'Georgia', title: 'A long report from Tbilisi' },
      { country: 'Armenia', title: 'NEXTMARK in Yerevan' },
    ]);
    for (const row of rows) {
      expect(row.actual, row.title).toBeDefined();
      expect(row.listed, row.title).toBe(row.actual);
    }
    expect(firstPdf.includes('bulletin-anchor')).toBe(false);
  });

  it('leaves none of its marks in a rebuild that prints once: a long article whose photos fit', async () => {
    const calm = path.join(tmp.dir, 'calm');
    await longEdition(calm, {
      title: 'Calm Bulletin',
      countries: 'Georgia',
      article: 'A long report',
      words: (i) => 40 + ((i * 41) % 100),
      photoEvery: 4,
      caption: (i) => `Caption ${i}.`,
    });
    const out = path.join(tmp.dir, 'calm-out');
    await build(calm, { outDir: out });
    const again = await build(calm, { outDir: out });
    // The rebuild's one print is a full one, made with the marks in place to see whether a photo was pushed.
    expect(again.passes).toBe(1);
    expect(readFileSync(again.files.find((f) => f.format === 'pdf')!.path).includes('bulletin-anchor')).toBe(false);
  }, 60_000);

  it('prints the same file when rebuilt with the numbers of the first build as its guess', () => {
    expect(second.passes).toBe(2);
    expect(readFileSync(second.files.find((f) => f.format === 'pdf')!.path).equals(firstPdf)).toBe(true);
  });
});

describe('the same, in a long article that ends with footnotes', () => {
  const tmp = tempDir();
  const dir = path.join(tmp.dir, 'ed');
  let files = { before: '', after: '' };
  let drafts = 0;

  beforeAll(async () => {
    await longEdition(dir, {
      title: 'Noted Bulletin',
      countries: 'Georgia, Armenia',
      article: 'A long report with notes',
      words: (i) => 45 + ((i * 29) % 110),
      photoEvery: 5,
      caption: (i) => `Caption ${i}: participants at work.`,
      notes: true,
    });
    writeReport(dir, { file: 'b.md', country: 'Armenia', title: 'NEXTMARK in Yerevan', date: '2025-02-03', body: prose(80, 99) });
    ({ files, drafts } = await printBeforeAndAfter(dir, tmp.dir));
  }, 120_000);

  afterAll(() => (process.env['KEEP_TMP'] ? undefined : tmp.cleanup()));

  it('still moves the photo (the end of the article is the end of its last note)', () => {
    expect(drafts).toBe(1);
    const before = lastPlace(files.before, 'NEXTMARK');
    const after = lastPlace(files.after, 'NEXTMARK');
    expect(after!).toBeLessThan(before! - 15);
  });

  it('keeps the notes at the end of the article, and loses nothing', () => {
    expect(lastPlace(files.after, 'NOTEMARK')!).toBeLessThan(lastPlace(files.after, 'NEXTMARK')!);
    const footer = /Noted Bulletin\s*·\s*No\. 1\s*·\s*Year 2025/g;
    expect(letterCounts(files.after, footer)).toEqual(letterCounts(files.before, footer));
  });
});
