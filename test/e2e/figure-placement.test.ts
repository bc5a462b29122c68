/**
 * A photo that does not fit under the text before it goes to the next column whole, and leaves the rest of
 * its column empty. Before printing, such a photo moves a paragraph or two later, where the text closes the
 * gap: the article takes less room on its page, and nothing of it is lost or reordered but the photo.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/build.js';
import { checkEdition } from '../../src/check-edition.js';
import { Chrome, type PrintPage } from '../../src/output/chrome.js';
import { findBrowser } from '../../src/output/find-browser.js';
import { prose, tempDir, writeConfig, writeReport } from '../helpers/edition.js';
import { lastPlace, letterCounts } from '../helpers/pdf.js';

describe('photos placed where they leave no hole', () => {
  const tmp = tempDir();
  let chrome: Chrome;
  let page: PrintPage;
  const files = { before: '', after: '' };
  let moved: number;

  beforeAll(async () => {
    const dir = path.join(tmp.dir, 'ed');
    writeConfig(dir, 'title: Photo Bulletin\norganisation: Test\nedition: 1\nperiod: {label: Year 2025, start: 2025-01-01, end: 2025-12-31}\ncountries: [Georgia, Armenia]\n');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    await sharp({ create: { width: 1200, height: 1500, channels: 3, background: '#557799' } }).jpeg().toFile(path.join(dir, 'assets', 'photo.jpg'));
    // Three paragraphs, then a photo that no longer fits in the first column, a sub-heading and two more
    // paragraphs: as written, the photo opens the second column and the first ends half empty.
    writeReport(dir, {
      file: 'a.md',
      country: 'Georgia',
      title: 'Training in Tbilisi',
      date: '2025-02-02',
      body: `${prose(60, 1)}\n\n${prose(55, 2)}\n\n${prose(50, 3)}\n\n![Participants](../assets/photo.jpg "CAPTIONMARK participants in Tbilisi")\n\n### Next steps\n\n${prose(50, 4)}\n\n${prose(45, 5)}\n`,
    });
    // The next article: where its heading prints shows how much room the first one takes.
    writeReport(dir, { file: 'b.md', country: 'Armenia', title: 'NEXTMARK in Yerevan', date: '2025-02-03', body: prose(60, 6) });
    // An article longer than a page is left as it is: its columns are not measured as they print.
    writeReport(dir, {
      file: 'c.md',
      country: 'Armenia',
      title: 'A long report',
      date: '2025-02-04',
      body: `${prose(900, 7)}\n\n![A photo](../assets/photo.jpg "LONGMARK a photo")\n\n${prose(900, 8)}\n`,
    });
    const checked = await checkEdition(dir);
    const { html } = await renderDocument(checked.edition!);
    chrome = await Chrome.launch({ browser: await findBrowser(), timeoutMs: 60_000 });
    page = await chrome.load(html);
    files.before = path.join(tmp.dir, 'before.pdf');
    files.after = path.join(tmp.dir, 'after.pdf');
    writeFileSync(files.before, await page.pdf({ outline: false, timeoutMs: 60_000 }));
    moved = await page.placeFigures({ textWidthMm: 180, maxHeightMm: 200 });
    writeFileSync(files.after, await page.pdf({ outline: false, timeoutMs: 60_000 }));
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    tmp.cleanup();
  });

  it('moves the one photo that left a hole, and not the one in an article longer than a page', () => {
    expect(moved).toBe(1);
  });

  it('makes the article shorter by more than a line: the next article starts higher on the page', () => {
    // The last NEXTMARK is the heading (the first is its contents entry).
    const before = lastPlace(files.before, 'NEXTMARK');
    const after = lastPlace(files.after, 'NEXTMARK');
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after!).toBeLessThan(before! - 15);
  });

  it('loses nothing: the same letters print, the caption with its photo', () => {
    // Footers left out: the shorter edition has one footer fewer.
    const footer = /Photo Bulletin\s*·\s*No\. 1\s*·\s*Year 2025/g;
    expect(letterCounts(files.after, footer)).toEqual(letterCounts(files.before, footer));
    expect(execFileSync('pdftotext', [files.after, '-'], { encoding: 'utf8' })).toContain('CAPTIONMARK');
  });

  it('considers each photo once, so that printing the page again moves nothing more', async () => {
    expect(await page.placeFigures({ textWidthMm: 180, maxHeightMm: 200 })).toBe(0);
  });
});
