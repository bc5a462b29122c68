/**
 * Words too long for their place (a compound in a title, an address in a table cell) break rather than run
 * past the margin or over the text beside them: nothing is clipped at the edge of the paper, and no two
 * words print on top of each other.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { prose, tempDir, writeConfig, writeReport } from '../helpers/edition.js';
import { pdfWords, type PdfWord } from '../helpers/pdf.js';

const LONG = 'Antidiskriminierungsstellenfinanzierungsgesetzentwurfsberatungsausschussvorsitzendenstellvertreterwahlverfahren';
const MARGIN_PT = (15 / 25.4) * 72;

describe('words too long for their column', () => {
  const tmp = tempDir();
  let words: PdfWord[];
  let width: number;

  beforeAll(async () => {
    const dir = path.join(tmp.dir, 'ed');
    writeConfig(
      dir,
      `title: Bulletin\norganisation: Office\nedition: 1\nperiod: {label: Q1, start: 2025-01-01, end: 2025-03-31}\ncountries: [Germany, Austria]\nhotlines:\n  Austria: ["0800 216 216"]\n`,
    );
    writeReport(dir, { file: 'de.md', country: 'Germany', title: `Seminar on the ${LONG}`, date: '2025-02-03', body: `${prose(150, 3)} ${LONG}.\n\n| Office | Address |\n|---|---|\n| Berlin | https://example.org/${LONG.toLowerCase()}/index.html |\n\n${prose(80, 4)}` });
    writeReport(dir, { file: 'at.md', country: 'Austria', title: 'News in brief', date: '2025-02-04', body: prose(200, 5) });
    const result = await build(dir, { outDir: path.join(tmp.dir, 'out') });
    ({ words, width } = pdfWords(result.files.find((f) => f.format === 'pdf')!.path));
  });
  afterAll(() => tmp.cleanup());

  it('prints nothing past the margins', () => {
    expect(words.length).toBeGreaterThan(300);
    const past = words.filter((w) => w.xMin < MARGIN_PT - 2 || w.xMax > width - MARGIN_PT + 2);
    expect(past.map((w) => `p${w.page} ${w.text} ${w.xMin.toFixed(0)}–${w.xMax.toFixed(0)}`)).toEqual([]);
  });

  it('prints no word over another', () => {
    const overlaps: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const a = words[i]!;
      for (let j = i + 1; j < words.length; j++) {
        const b = words[j]!;
        if (a.page !== b.page) continue;
        const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        // Poppler's boxes are as tall as the font's ascent and descent, more than tight leading: the lines of a
        // heading overlap by a sliver. Words printed over each other share most of their height.
        if (x > 1 && y > 0.5 * Math.min(a.yMax - a.yMin, b.yMax - b.yMin)) overlaps.push(`p${a.page} “${a.text}” over “${b.text}”`);
      }
    }
    expect(overlaps).toEqual([]);
  });
});
