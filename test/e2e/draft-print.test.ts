/**
 * The draft print that gives the pages of a first build: it must paginate exactly like the full print (same
 * page count, every article on the same page), carry none of the photos, and leave the loaded page as it
 * was, so that the full print that follows is untouched by it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/build.js';
import { checkEdition } from '../../src/check-edition.js';
import type { Edition } from '../../src/edition/assemble.js';
import { Chrome, type PrintPage } from '../../src/output/chrome.js';
import { findBrowser } from '../../src/output/find-browser.js';
import { readPdfFacts } from '../../src/output/pdf-read.js';
import { contentsEntries } from '../../src/render/render-html.js';
import { EXAMPLE, tempDir } from '../helpers/edition.js';
import { pdfPagesText } from '../helpers/pdf.js';

describe('the draft print', () => {
  const tmp = tempDir();
  let chrome: Chrome;
  let page: PrintPage;
  let edition: Edition;
  let ids: string[];

  beforeAll(async () => {
    const checked = await checkEdition(EXAMPLE);
    edition = checked.edition!;
    ids = contentsEntries(edition).map((e) => e.id);
    const { html } = await renderDocument(edition);
    chrome = await Chrome.launch({ browser: await findBrowser(), timeoutMs: 60_000 });
    page = await chrome.load(html);
  });

  afterAll(async () => {
    await chrome?.close();
    tmp.cleanup();
  });

  it('puts every article on the page the full print puts it, without the photos, and changes nothing', async () => {
    const before = await page.pdf({ outline: false, timeoutMs: 60_000 });
    const draft = await page.draftPdf(ids, 60_000);
    const after = await page.pdf({ outline: false, timeoutMs: 60_000 });

    const full = await readPdfFacts(before.slice(), ids);
    const drafted = await readPdfFacts(draft.slice(), ids);
    expect(full.destinations.size).toBe(ids.length);
    expect(drafted.pages).toBe(full.pages);
    expect(Object.fromEntries(drafted.destinations)).toEqual(Object.fromEntries(full.destinations));

    // No photo is drawn in the draft; the full print has them all.
    const imagesIn = (pdf: Uint8Array) => (Buffer.from(pdf).toString('latin1').match(/\/Subtype\s*\/Image/g) ?? []).length;
    expect(imagesIn(before)).toBeGreaterThanOrEqual(edition.images.length);
    expect(imagesIn(draft)).toBe(0);
    expect(draft.byteLength).toBeLessThan(before.byteLength / 4);

    // The page after the draft prints the same text as before it.
    const files = ['before', 'after'].map((n) => path.join(tmp.dir, `${n}.pdf`));
    writeFileSync(files[0]!, before);
    writeFileSync(files[1]!, after);
    expect(pdfPagesText(files[1]!)).toEqual(pdfPagesText(files[0]!));
    expect(imagesIn(after)).toBe(imagesIn(before));
  });
});
