/**
 * A table too wide for a column runs across both columns of its article; the sub-heading right above it runs
 * across with it, so that it stands over the table and not at the foot of the column before it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { prose, tempDir, writeConfig, writeReport } from '../helpers/edition.js';
import { pdfWords, type PdfWord } from '../helpers/pdf.js';

const MARGIN_PT = (15 / 25.4) * 72;

describe('a sub-heading over a table that runs across both columns', () => {
  const tmp = tempDir();
  let words: PdfWord[];

  beforeAll(async () => {
    const dir = path.join(tmp.dir, 'ed');
    writeConfig(dir, 'title: Bulletin\norganisation: Office\nedition: 1\nperiod: {label: Q1, start: 2025-01-01, end: 2025-03-31}\ncountries: [Angola, Mozambique]\n');
    const rows = ['Luanda', 'Benguela', 'Huambo', 'Cabinda', 'Malanje'].map((p, i) => `| ${p} province office | ${10 + i} officers trained | ${3 + i} cases identified | ${2 + i} referred to shelters | ${i} returned home |`);
    const table = `| Province | Training | Identification | Referral | Return |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}`;
    writeReport(dir, {
      file: 'ao.md',
      country: 'Angola',
      title: 'Results of the quarter',
      date: '2025-02-03',
      body: `${prose(140, 1)}\n\n${prose(120, 2)}\n\n### HEADMARK by province\n\n${table}\n\n${prose(150, 3)}\n\n${prose(120, 4)}`,
    });
    writeReport(dir, { file: 'mz.md', country: 'Mozambique', title: 'News in brief', date: '2025-02-04', body: prose(120, 5) });
    const result = await build(dir, { outDir: path.join(tmp.dir, 'out') });
    ({ words } = pdfWords(result.files.find((f) => f.format === 'pdf')!.path));
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('sets the heading on a line of its own, from the left margin, right above the table', () => {
    const heading = words.find((w) => w.text === 'HEADMARK');
    expect(heading).toBeDefined();
    // Across both columns: it starts at the margin, and nothing of the columns prints beside it.
    expect(Math.abs(heading!.xMin - MARGIN_PT)).toBeLessThan(3);
    const beside = words.filter((w) => w.page === heading!.page && w !== heading && Math.abs(w.yMin - heading!.yMin) < 3 && !['by', 'province'].includes(w.text));
    expect(beside.map((w) => w.text)).toEqual([]);
    // The table's head follows it, below and close.
    const head = words.find((w) => w.text === 'Identification' && w.page === heading!.page);
    expect(head).toBeDefined();
    expect(head!.yMin).toBeGreaterThan(heading!.yMax);
    expect(head!.yMin - heading!.yMax).toBeLessThan(30);
  });
});
