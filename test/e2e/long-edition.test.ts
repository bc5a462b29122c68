/**
 * Editions unlike the example: articles that run over several pages, tables, large figures, many articles,
 * US Letter. The contents numbers must still be the pages on which the headings stand.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { EXAMPLE, prose, tempDir, writeConfig, writeReport } from '../helpers/edition.js';
import { contentsAndHeadings, pdfFonts, pdfInfo, pdfPagesText } from '../helpers/pdf.js';

const COUNTRIES = ['Georgia', 'Armenia', 'Azerbaijan', 'Moldova'];

function config(extra = ''): string {
  return `title: Migration and Protection Bulletin
organisation: Regional Office for the South Caucasus
edition: 12
period:
  label: January – March 2025
  start: 2025-01-01
  end: 2025-03-31
language: en
countries: [${COUNTRIES.join(', ')}]
acknowledgement: Funded by the donors of the regional protection programme.
contacts:
  - name: Ana Beridze
    role: Regional coordinator
    country: regional
    phone: "+995 32 225 22 11"
    email: ana@example.org
  - name: Aram Petrosyan
    country: Armenia
    email: aram@example.org
hotlines:
  Georgia:
    - "116 006"
  Moldova:
    - number: "0 800 77777"
      note: free of charge
${extra}`;
}

const TABLE = `| Region | Cases 2024 | Referred | Assisted |
|:-------|-----------:|---------:|---------:|
| North  | 120 | 98 | 91 |
| South  | 75 | 60 | 58 |
| Capital | 210 | 180 | 176 |
| ***Total*** | 405 | 338 | 325 |`;

describe('a long edition with multi-page articles, tables and figures', () => {
  const tmp = tempDir();
  const dir = path.join(tmp.dir, 'long');
  const articles: { country: string; title: string }[] = [];
  let result: BuildResult;
  let pages: string[];

  beforeAll(async () => {
    writeConfig(dir, config());
    mkdirSync(path.join(dir, 'assets'));
    copyFileSync(path.join(EXAMPLE, 'assets', 'kz-aktau-seminar.jpg'), path.join(dir, 'assets', 'photo.jpg'));
    copyFileSync(path.join(EXAMPLE, 'assets', 'tj-dca-training.jpg'), path.join(dir, 'assets', 'portrait.jpg'));
    let n = 0;
    for (const country of COUNTRIES) {
      for (let k = 0; k < 3; k++) {
        n++;
        const long = n % 4 === 1; // some articles run over two or three pages
        const title = `${country} field report ${k + 1}: ${long ? 'a long account of shelters and referral' : 'news in brief'}`;
        articles.push({ country, title });
        const body = [
          prose(long ? 1800 : 250, n),
          '## Figures for the quarter',
          TABLE,
          `![Participants at a workshop](../assets/photo.jpg "Workshop participants, report ${n}")`,
          prose(long ? 600 : 120, n + 100),
          ...(n % 3 === 0 ? ['![A portrait photo](../assets/portrait.jpg "A tall figure that must not split")'] : []),
        ].join('\n\n');
        writeReport(dir, { file: `${String(n).padStart(2, '0')}-${country.toLowerCase()}.md`, country, title, date: `2025-0${1 + (k % 3)}-1${k}`, location: 'Capital', body });
      }
    }
    result = await build(dir, { outDir: path.join(tmp.dir, 'out') });
    pages = pdfPagesText(result.files.find((f) => f.format === 'pdf')!.path);
  });
  afterAll(() => tmp.cleanup());

  it('runs over many pages', () => {
    expect(result.pages).toBeGreaterThan(8);
    expect(pages).toHaveLength(result.pages!);
  });

  it('numbers every contents entry with the page of its heading', () => {
    const rows = contentsAndHeadings(pages, articles);
    for (const row of rows) {
      expect(row.actual, row.title).toBeDefined();
      expect(row.listed, row.title).toBe(row.actual);
    }
    // long articles really span pages: the next heading is at least two pages later somewhere
    const starts = rows.map((r) => r.actual!);
    expect(starts.some((p, i) => i > 0 && p - starts[i - 1]! >= 2)).toBe(true);
  });

  it('prints table contents and the footer with the right page count', () => {
    const all = pages.join(' ');
    expect(all).toContain('Capital 210 180 176');
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it('sets bold italic in a table with a real face: every font embedded, none synthesised as Type 3', () => {
    const fonts = pdfFonts(result.files.find((f) => f.format === 'pdf')!.path);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toContain('NotoSans-BoldItalic');
    expect(fonts.filter((f) => f.type.startsWith('Type 3') || !f.embedded)).toEqual([]);
  });
});

describe('an edition of many short articles on US Letter', () => {
  const tmp = tempDir();
  const dir = path.join(tmp.dir, 'many');
  const articles: { country: string; title: string }[] = [];
  let result: BuildResult;
  let pages: string[];

  beforeAll(async () => {
    writeConfig(dir, config('output:\n  name: many\n  pageSize: Letter\n'));
    for (let n = 1; n <= 40; n++) {
      const country = COUNTRIES[n % COUNTRIES.length]!;
      const title = `Short item number ${n} from the ${country} office`;
      articles.push({ country, title });
      writeReport(dir, { file: `item-${n}.md`, country, title, date: `2025-02-${String((n % 27) + 1).padStart(2, '0')}`, body: prose(90, n) });
    }
    result = await build(dir, { outDir: path.join(tmp.dir, 'out') });
    pages = pdfPagesText(result.files.find((f) => f.format === 'pdf')!.path);
  });
  afterAll(() => tmp.cleanup());

  it('is printed on US Letter', () => {
    const info = pdfInfo(result.files.find((f) => f.format === 'pdf')!.path);
    expect(info['Page size']).toMatch(/^612 x 792 pts/);
  });

  it('numbers all forty entries correctly', () => {
    const rows = contentsAndHeadings(pages, articles);
    expect(rows.filter((r) => r.listed !== r.actual || r.actual === undefined)).toEqual([]);
    expect(new Set(rows.map((r) => r.actual)).size).toBeGreaterThan(4);
  });
});
