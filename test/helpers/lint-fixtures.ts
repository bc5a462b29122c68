/**
 * The lint fixtures: one small edition folder per condition under test/fixtures/<condition>/, each with an
 * `expected.json` listing every diagnostic lint must return. Files that git or editors would mangle (binary,
 * Latin-1, BOM, CRLF, symbolic links) or that are too big to commit are written at test time into a copy of
 * the fixture, by the generator registered here under the fixture's name.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_REPORT_BYTES } from '../../src/reports/read-reports.js';
import { EXAMPLE, prose, ROOT, tempDir } from './edition.js';

export const FIXTURES_DIR = path.join(ROOT, 'test', 'fixtures');

export interface ExpectedDiagnostic {
  file: string;
  ruleId: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
}

/** Every fixture folder (a folder with an expected.json), sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(FIXTURES_DIR, e.name, 'expected.json')))
    .map((e) => e.name)
    .sort();
}

export function expectedFor(name: string): ExpectedDiagnostic[] {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, name, 'expected.json'), 'utf8')) as ExpectedDiagnostic[];
}

const HEADER = (country: string, title: string, date: string, eol = '\n') =>
  ['---', `country: ${country}`, `title: ${title}`, `date: ${date}`, '---', '', ''].join(eol);

const write = (dir: string, file: string, data: string | Uint8Array) => writeFileSync(path.join(dir, file), data);

/** Writers of the files that are not committed, by fixture name. They run in a temporary copy. */
export const GENERATED: Record<string, (dir: string) => void> = {
  // bulletin.yaml and a report with a byte-order mark and Windows line endings, and a report with CRLF only:
  // no diagnostics. (Both reports end their front matter with `date`, the field a stray `\r` breaks.)
  'crlf-and-bom': (dir) => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    write(dir, 'bulletin.yaml', `\uFEFF${crlf(readFileSync(path.join(dir, 'bulletin.yaml'), 'utf8'))}`);
    write(
      dir,
      'reports/kazakhstan.md',
      `\uFEFF${crlf(`${HEADER('Kazakhstan', 'Seminar in Aktau', '2014-11-03')}The seminar brought together police,\nprosecutors and social workers.\n\n## Results\n\n- a referral mechanism\n- a hotline\n`)}`,
    );
    write(
      dir,
      'reports/kyrgyzstan.md',
      crlf(`${HEADER('Kyrgyzstan', 'Dialogue in Bishkek', '2014-11-05')}A line with a hard break  \nand a well-known expert.\n`),
    );
  },
  // Positions in a CRLF file with a BOM: the BOM and the carriage returns must not shift lines or columns.
  'crlf-positions': (dir) => {
    const text = [
      '\uFEFF---', // 1
      'country: Tajkistan', // 2: unknown country at 2:10
      'title: "[[Title]]"', // 3: placeholder at 3:8
      'date: 2014-11-03', // 4
      '---', // 5
      '', // 6
      'The National Plan on Prevention and Com-', // 7: hyphen at 7:40
      'bating Trafficking in [[city]].', // 8: placeholder at 8:23
      '',
    ].join('\r\n');
    write(dir, 'reports/tajikistan.md', text);
  },
  // A report that is a link to a report outside the edition (the example's): refused, not read.
  'report-link-out': (dir) => symlinkSync(path.join(EXAMPLE, 'reports', 'kazakhstan-aktau-seminar.md'), path.join(dir, 'reports', 'outside.md')),
  'dangling-symlink': (dir) => symlinkSync('nowhere.md', path.join(dir, 'reports', 'dangling.md')),
  'report-is-a-folder-link': (dir) => symlinkSync('../assets', path.join(dir, 'reports', 'assets.md')),
  // An image inside assets/ that is a symbolic link to a file outside the edition.
  'image-symlink-out': (dir) => symlinkSync(path.join(EXAMPLE, 'assets', 'kz-aktau-seminar.jpg'), path.join(dir, 'assets', 'escape.jpg')),
  'too-large-report': (dir) => {
    const head = HEADER('Kazakhstan', 'Seminar in Aktau', '2014-11-03');
    write(dir, 'reports/kazakhstan.md', head + 'x'.repeat(MAX_REPORT_BYTES + 1 - Buffer.byteLength(head)));
  },
  'too-large-config': (dir) => {
    const config = readFileSync(path.join(dir, 'bulletin.yaml'), 'utf8');
    // 1100 comment lines of 1019 bytes: just over the 1 MB limit of bulletin.yaml.
    write(dir, 'bulletin.yaml', config + `# ${'padding '.repeat(127)}\n`.repeat(1100));
  },
  // A NUL byte on line 3, after 14 characters (7 of them two-byte Cyrillic letters): reported at 3:15.
  'binary-report': (dir) => {
    write(dir, 'reports/kazakhstan.md', Buffer.from('---\ncountry: Kazakhstan\ntitle: Семинар\0 in Aktau\ndate: 2014-11-03\n---\n\nText.\n'));
  },
  // Latin-1 “é” on line 7, column 5 of a report.
  'latin1-report': (dir) => {
    const text = `${HEADER('Kazakhstan', 'Seminar in Aktau', '2014-11-03')}Le séminaire a réuni la police.\n`;
    write(dir, 'reports/kazakhstan.md', Buffer.from(text, 'latin1'));
  },
  // Latin-1 “é” on line 1, column 34 of bulletin.yaml.
  'latin1-config': (dir) => {
    const config = readFileSync(path.join(dir, 'bulletin.yaml'), 'utf8').replace(/^title: .*$/m, "title: Bulletin trimestriel de l'été");
    write(dir, 'bulletin.yaml', Buffer.from(config.replace('–', '-'), 'latin1'));
  },
  // The header of a JPEG of 20000 × 15000 pixels (300 megapixels), without its pixels.
  'image-too-large': (dir) => {
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    write(dir, 'assets/huge.jpg', Buffer.from('ffd8ffe000104a46494600010100000100010000ffc00011083a984e2003012200021101031101ffd9', 'hex'));
  },
  // 10,000 nested block quotes (they overflowed the parser's stack), beside a report with an ordinary error
  // that must still be reported.
  'too-complex': (dir) => {
    write(dir, 'reports/kazakhstan.md', `${HEADER('Kazakhstan', 'Seminar in Aktau', '2014-11-03')}Intro.\n\n${'> '.repeat(10_000)}deep\n`);
    write(dir, 'reports/tajikistan.md', `${HEADER('Tajikistan', 'Training', '2014-11-04')}[[Write the article here]]\n`);
  },
  // The header of a JPEG of 300 × 200 pixels: a thumbnail, below 150 dpi a column wide.
  'low-resolution': (dir) => {
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    write(dir, 'assets/small.jpg', Buffer.from('ffd8ffe000104a46494600010100000100010000ffc000110800c8012c03012200021101031101ffd9', 'hex'));
  },
  // A valid report just under the 2 MB limit: lint must finish in bounded time, and find nothing.
  'two-mb-report': (dir) => {
    const head = HEADER('Kazakhstan', 'Seminar in Aktau', '2014-11-03');
    let body = '';
    for (let seed = 1; Buffer.byteLength(head + body) < MAX_REPORT_BYTES - 64 * 1024; seed++) body += `## Part ${seed}\n\n${prose(5000, seed)}\n\n`;
    write(dir, 'reports/kazakhstan.md', head + body);
  },
};

/**
 * The edition folder of a fixture, ready to lint: the fixture itself, or a temporary copy completed by its
 * generator. `cleanup` removes the copy.
 */
export function materializeFixture(name: string): { dir: string; cleanup: () => void } {
  const source = path.join(FIXTURES_DIR, name);
  const generate = GENERATED[name];
  if (!generate) return { dir: source, cleanup: () => {} };
  const tmp = tempDir(`bulletin-fixture-${name}-`);
  const dir = path.join(tmp.dir, name);
  cpSync(source, dir, { recursive: true });
  // Git keeps no empty folders: a fixture whose reports are all generated has no reports/ in a fresh clone.
  mkdirSync(path.join(dir, 'reports'), { recursive: true });
  generate(dir);
  return { dir, cleanup: tmp.cleanup };
}
