/**
 * `bulletin init` and `bulletin new`: scaffolds parse, lint flags every placeholder and passes once they are
 * filled, nothing is overwritten, nothing escapes reports/, and init → new → build prints a PDF.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { BulletinError } from '../../src/diagnostics.js';
import { lint } from '../../src/lint.js';
import { initEdition, quarterOf } from '../../src/scaffold/init-edition.js';
import { newReport } from '../../src/scaffold/new-report.js';
import { SCAFFOLD_LANGUAGES, scaffoldTextFor } from '../../src/scaffold/scaffold-text.js';
import { CLI, EXAMPLE, tempDir } from '../helpers/edition.js';
import { pdfPagesText } from '../helpers/pdf.js';
import { parseDocument } from 'yaml';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const TODAY = new Date(2015, 1, 10); // 10 February 2015

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Replaces every [[placeholder]] in a file with real-looking text, keeping the file's shape. */
function fill(file: string, replacements: Record<string, string> = {}): void {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of Object.entries(replacements)) text = text.split(from).join(to);
  text = text.replace(/!\[\[\[[^\]]*\]\]\]\([^)]*\)\n/g, ''); // no photo in this report
  text = text.replace(/\[\[([^\]]*)\]\]/g, (_m, inner: string) => inner.replace(/[:[\]]/g, '').trim() || 'Text');
  writeFileSync(file, text);
}

describe('bulletin init', () => {
  it('creates the edition files, with the schema reference and the CI workflow', () => {
    const dir = path.join(tmp.dir, 'ed');
    const r = initEdition({ dir, title: 'Migration Bulletin', countries: ['Georgia', 'Armenia'], today: TODAY });
    expect(r.written.sort()).toEqual(
      ['.github/workflows/bulletin.yml', '.gitignore', 'assets/.gitkeep', 'bulletin.yaml', 'reports/georgia-first-report.md'].sort(),
    );
    const config = readFileSync(path.join(dir, 'bulletin.yaml'), 'utf8');
    const schemaRef = /^# yaml-language-server: \$schema=(\S+)$/m.exec(config)![1]!;
    expect(existsSync(path.resolve(dir, schemaRef))).toBe(true);
    const data = parseDocument(config).toJS() as Record<string, unknown>;
    expect(data).toMatchObject({
      title: 'Migration Bulletin',
      countries: ['Georgia', 'Armenia'],
      period: { label: 'January – March 2015', start: '2015-01-01', end: '2015-03-31' },
      language: 'en',
    });
    const workflow = readFileSync(path.join(dir, '.github/workflows/bulletin.yml'), 'utf8');
    expect(workflow).toContain('lint --format github');
    expect(workflow).toContain('upload-artifact');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('dist/');
  });

  it('names the quarter in the edition’s language', () => {
    expect(quarterOf(new Date(2014, 10, 3), 'en').label).toBe('October – December 2014');
    // the last month with its year as the language writes them
    expect(quarterOf(new Date(2014, 10, 3), 'ru').label).toBe('Октябрь – декабрь 2014 г.');
    expect(quarterOf(new Date(2026, 10, 3), 'es').label).toBe('Octubre – diciembre de 2026');
    expect(quarterOf(new Date(2026, 10, 3), 'pt').label).toBe('Outubro – dezembro de 2026');
    // where the year comes first, the months and then the year
    expect(quarterOf(new Date(2026, 10, 3), 'kk').label).toBe('Қазан – желтоқсан 2026');
    // the nominative of the month, as with its year, not the genitive of a month alone
    expect(quarterOf(new Date(2026, 10, 3), 'el').label).toBe('Οκτώβριος – Δεκέμβριος 2026');
    // no capital where running text has none
    expect(quarterOf(new Date(2026, 10, 3), 'ka').label).toBe('ოქტომბერი – დეკემბერი, 2026');
    expect(quarterOf(new Date(2016, 1, 3), 'en').end).toBe('2016-03-31');
  });

  it('with --force, writes nothing through a folder that is a link out of the edition', () => {
    const dir = path.join(tmp.dir, 'linked');
    const outside = path.join(tmp.dir, 'outside-reports');
    mkdirSync(dir);
    mkdirSync(outside);
    symlinkSync(outside, path.join(dir, 'reports'));
    const r = initEdition({ dir, countries: ['Kazakhstan'], force: true, today: TODAY });
    expect(readdirSync(outside)).toEqual([]);
    expect(r.kept.some((f) => f.startsWith('reports/'))).toBe(true);
    expect(r.written).toContain('bulletin.yaml');
  });

  it('refuses a language code that only looks like one (en-12), before writing anything', () => {
    const dir = path.join(tmp.dir, 'bad-language');
    expect(() => initEdition({ dir, language: 'en-12', today: TODAY })).toThrow(/“en-12” is not a language code/);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a folder that is not empty, and with --force overwrites nothing', () => {
    const dir = path.join(tmp.dir, 'busy');
    mkdirSync(path.join(dir, 'reports'), { recursive: true });
    writeFileSync(path.join(dir, 'reports', 'georgia-first-report.md'), 'MINE');
    writeFileSync(path.join(dir, 'bulletin.yaml'), 'MINE TOO');
    expect(() => initEdition({ dir, countries: ['Georgia'] })).toThrow(/not empty/);
    const r = initEdition({ dir, countries: ['Georgia'], force: true });
    expect(r.kept.sort()).toEqual(['bulletin.yaml', 'reports/georgia-first-report.md']);
    expect(readFileSync(path.join(dir, 'reports', 'georgia-first-report.md'), 'utf8')).toBe('MINE');
    expect(readFileSync(path.join(dir, 'bulletin.yaml'), 'utf8')).toBe('MINE TOO');
  });

  it('lints with errors for every placeholder, and cleanly once they are replaced', async () => {
    const dir = path.join(tmp.dir, 'ed');
    initEdition({ dir, countries: ['Georgia'], today: TODAY });
    const before = await lint(dir);
    expect(before.errorCount).toBeGreaterThan(0);
    // only placeholders: the photo's placeholder file name is not reported a second time as a missing image
    expect(new Set(before.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId))).toEqual(new Set(['content/placeholder']));
    expect(before.diagnostics.some((d) => d.file === 'bulletin.yaml')).toBe(true);
    fill(path.join(dir, 'bulletin.yaml'));
    fill(path.join(dir, 'reports', 'georgia-first-report.md'));
    const after = await lint(dir);
    expect(after.diagnostics).toEqual([]);
  });
});

describe('bulletin new', () => {
  let edition: string;
  beforeEach(() => {
    edition = path.join(tmp.dir, 'ed');
    initEdition({ dir: edition, title: 'Bulletin', countries: ['Kazakhstan', 'Kyrgyzstan', 'Türkiye'], today: TODAY });
  });

  it('accepts the country in any case and without accents, and fills the front matter', async () => {
    const r = await newReport({ country: 'TURKIYE', title: 'Seminar: referral in Izmir', date: '2015-02-03', location: 'Izmir', edition });
    expect(path.relative(edition, r.path)).toBe(path.join('reports', 'turkiye-seminar-referral-in-izmir.md'));
    const text = readFileSync(r.path, 'utf8');
    const fm = parseDocument(/^---\n([\s\S]*?)\n---/.exec(text)![1]!).toJS();
    expect(fm).toEqual({ country: 'Türkiye', title: 'Seminar: referral in Izmir', date: '2015-02-03', location: 'Izmir' });
  });

  it('accepts the country as the file names of its reports spell it', async () => {
    const dir = path.join(tmp.dir, 'west');
    initEdition({ dir, title: 'Bulletin', countries: ['Côte d’Ivoire', 'Guinea-Bissau'], today: TODAY });
    const r = await newReport({ country: 'cote-d-ivoire', title: 'Forum', date: '2026-11-03', edition: dir });
    expect(path.basename(r.path)).toBe('cote-d-ivoire-forum.md');
    expect(readFileSync(r.path, 'utf8')).toMatch(/^country: Côte d’Ivoire$/m);
    expect((await newReport({ country: 'guinea bissau', date: '2026-11-03', edition: dir })).country).toBe('Guinea-Bissau');
  });

  it('defaults the date to today and names the file after it without a title', async () => {
    const r = await newReport({ country: 'kazakhstan', edition, today: TODAY });
    expect(path.basename(r.path)).toBe('kazakhstan-2015-02-10.md');
    expect(readFileSync(r.path, 'utf8')).toContain('date: 2015-02-10');
  });

  it('cuts a long title in the file name between words, not inside one', async () => {
    const title = 'National referral mechanism for victims of trafficking reviewed with prosecutors in Astana';
    const r = await newReport({ country: 'Kazakhstan', title, edition, date: '2015-02-03' });
    // The first 60 characters of the slug end in "…-trafficking-revie"; the cut falls before "reviewed".
    expect(path.basename(r.path)).toBe('kazakhstan-national-referral-mechanism-for-victims-of-trafficking.md');
  });

  it('never overwrites: a second report of the same name gets a number', async () => {
    const a = await newReport({ country: 'Kazakhstan', title: 'Same', edition });
    writeFileSync(a.path, 'EDITED');
    const b = await newReport({ country: 'Kazakhstan', title: 'Same', edition });
    expect(path.basename(b.path)).toBe('kazakhstan-same-2.md');
    expect(readFileSync(a.path, 'utf8')).toBe('EDITED');
  });

  it('keeps every file inside reports/, whatever the title or country', async () => {
    for (const title of ['../../etc/passwd', '/absolute/path', 'a\\b\\..\\c', '..', '....//....//x', 'C:\\Windows\\x']) {
      const r = await newReport({ country: 'Kazakhstan', title, edition });
      expect(path.dirname(r.path)).toBe(path.join(edition, 'reports'));
      const fm = parseDocument(/^---\n([\s\S]*?)\n---/.exec(readFileSync(r.path, 'utf8'))![1]!).toJS();
      expect(fm.title).toBe(title);
    }
    await expect(newReport({ country: '../../Kazakhstan', edition })).rejects.toThrow(BulletinError);
    await expect(newReport({ country: 'Kazakhstan', title: 'line\nbreak', edition })).rejects.toThrow(/control characters/);
    await expect(newReport({ country: 'Kazakhstan', title: 'bell\u0007', edition })).rejects.toThrow(/control characters/);
    for (const f of readdirSync(path.join(edition, 'reports'))) expect(f).toMatch(/^[a-z0-9-]+\.md$/);
  });

  it('says why it cannot make reports/ when a file or a dangling link has the name', async () => {
    rmSync(path.join(edition, 'reports'), { recursive: true, force: true });
    writeFileSync(path.join(edition, 'reports'), 'a file');
    await expect(newReport({ country: 'Kazakhstan', edition })).rejects.toThrow(/Cannot create the reports folder .*not a folder/);
    rmSync(path.join(edition, 'reports'));
    symlinkSync(path.join(tmp.dir, 'gone'), path.join(edition, 'reports'));
    await expect(newReport({ country: 'Kazakhstan', edition })).rejects.toThrow(/link to a folder that does not exist/);
  });

  it('writes no report through a reports/ link that leads out of the edition', async () => {
    const outside = path.join(tmp.dir, 'elsewhere');
    mkdirSync(outside);
    rmSync(path.join(edition, 'reports'), { recursive: true, force: true });
    symlinkSync(outside, path.join(edition, 'reports'));
    await expect(newReport({ country: 'Kazakhstan', edition })).rejects.toThrow(/outside the edition folder/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses an unknown country with the nearest one and the list, and a bad date', async () => {
    const err = (await newReport({ country: 'Kirgizstan', edition }).catch((e: unknown) => e)) as BulletinError;
    expect(err).toBeInstanceOf(BulletinError);
    expect(err.message).toContain('did you mean “Kyrgyzstan”');
    expect(err.message).toContain('Kazakhstan, Kyrgyzstan, Türkiye');
    await expect(newReport({ country: 'Kazakhstan', date: '2015-02-30', edition })).rejects.toThrow(/not a real date/);
  });

  it('finds the edition from a subfolder, and exits 2 with advice outside any edition (CLI)', () => {
    const r = run(['new', 'kyrgyzstan', '--title', 'From a subfolder'], path.join(edition, 'reports'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kyrgyzstan-from-a-subfolder.md');
    expect(r.stdout).toContain('bulletin lint');
    const outside = run(['new', 'kyrgyzstan'], tmp.dir);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('bulletin init');
    const unknown = run(['new', 'Atlantis'], edition);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Kazakhstan, Kyrgyzstan, Türkiye');
  });

  it('has help with examples', () => {
    const r = run(['new', '--help'], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--location <place>');
  });
});

describe('a new report in the edition’s language', () => {
  const COUNTRIES: Record<string, string> = { ru: 'Казахстан', uk: 'Україна', fr: 'Sénégal', es: 'Perú', pt: 'Moçambique', 'pt-BR': 'Brasil', ar: 'مصر', en: 'Georgia' };

  it('ships words for every language with shipped labels but none other', () => {
    expect(SCAFFOLD_LANGUAGES.sort()).toEqual(['ar', 'en', 'es', 'fr', 'pt', 'ru', 'uk']);
    expect(scaffoldTextFor('pt-BR')).toBe(scaffoldTextFor('pt'));
    expect(scaffoldTextFor('de')).toBe(scaffoldTextFor('en'));
  });

  it('bulletin new writes in the language of the edition it adds to', async () => {
    const dir = path.join(tmp.dir, 'ed-new-ru');
    initEdition({ dir, title: 'Бюллетень', countries: ['Казахстан', 'Кыргызстан'], language: 'ru', today: TODAY });
    const r = await newReport({ country: 'Кыргызстан', edition: dir, today: TODAY });
    const text = readFileSync(r.path, 'utf8');
    expect(text).toContain(`title: "[[${scaffoldTextFor('ru').title}]]"`);
    expect(text).toContain('«КЫРГЫЗСТАН: Заголовок»');
  });


  it('names the heading as it prints: Georgian letters stay as they are, not Mtavruli capitals', async () => {
    const dir = path.join(tmp.dir, 'ed-new-ka');
    initEdition({ dir, title: 'ბიულეტენი', countries: ['საქართველო', 'Armenia'], language: 'ka', today: TODAY });
    const georgian = readFileSync((await newReport({ country: 'საქართველო', edition: dir, today: TODAY })).path, 'utf8');
    expect(georgian).toContain('"საქართველო: Title"');
    expect(georgian).not.toMatch(/[\u1c90-\u1cbf]/u);
    const latin = readFileSync((await newReport({ country: 'Armenia', edition: dir, today: TODAY })).path, 'utf8');
    expect(latin).toContain('"ARMENIA: Title"');
  });
  for (const language of Object.keys(COUNTRIES)) {
    it(`${language}: guidance and placeholders in that language, each flagged by lint, which passes once they are filled`, async () => {
      const dir = path.join(tmp.dir, `ed-${language}`);
      const country = COUNTRIES[language]!;
      initEdition({ dir, title: 'Bulletin', countries: [country], language, today: TODAY });
      const t = scaffoldTextFor(language);
      const [file] = readdirSync(path.join(dir, 'reports'));
      const report = path.join(dir, 'reports', file!);
      const text = readFileSync(report, 'utf8');
      for (const words of [t.title, t.location, t.first, t.second, t.photoAlt, t.photoCaption, t.closing]) expect(text).toContain(`[[${words}]]`);
      expect(text).toContain(t.howTo[0]);
      // The heading as it prints, the country in capitals.
      expect(text).toContain(country.toLocaleUpperCase(language));
      expect(text).not.toContain('{COUNTRY}');
      fill(path.join(dir, 'bulletin.yaml'), { '[[Name of your organisation]]': 'Office' });
      const before = await lint(dir);
      // Title, location, three paragraphs and the photo.
      expect(before.diagnostics.filter((d) => d.file === `reports/${file}` && d.ruleId === 'content/placeholder')).toHaveLength(6);
      fill(report);
      const after = await lint(dir);
      expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  }
});

describe('from nothing to a printed edition', () => {
  it('init, then new, then fill in, then build: a PDF with both articles in the contents', async () => {
    const dir = path.join(tmp.dir, 'first-edition');
    expect(run(['init', dir, '--title', 'Regional Protection Bulletin', '--countries', 'Georgia,Armenia'], tmp.dir).code).toBe(0);
    expect(run(['new', 'armenia', '--title', 'Hotline opens in Yerevan', '--location', 'Yerevan', '--date', '2026-11-02'], dir).code).toBe(0);
    copyFileSync(path.join(EXAMPLE, 'assets', 'kz-aktau-seminar.jpg'), path.join(dir, 'assets', 'photo.jpg'));
    fill(path.join(dir, 'bulletin.yaml'), { '[[Name of your organisation]]': 'Regional Office' });
    fill(path.join(dir, 'reports', 'georgia-first-report.md'), { '[[Title of the article]]': 'Shelter staff trained in Tbilisi', '[[Town or city where it happened]]': 'Tbilisi' });
    const armenia = path.join(dir, 'reports', 'armenia-hotline-opens-in-yerevan.md');
    let text = readFileSync(armenia, 'utf8');
    text = text.replace(/!\[\[\[[^\]]*\]\]\]\([^)]*\)/, '![Staff answering calls at the hotline](../assets/photo.jpg "The hotline team in Yerevan")');
    writeFileSync(armenia, text);
    fill(armenia);
    const lintRun = run(['lint', dir], tmp.dir);
    expect(lintRun.stderr).toContain('No problems');
    expect(lintRun.code).toBe(0);
    const result = await build(dir, { outDir: path.join(tmp.dir, 'out') });
    const pages = pdfPagesText(result.files.find((f) => f.format === 'pdf')!.path);
    const all = pages.join(' ');
    expect(all).toContain('Regional Protection Bulletin');
    expect(all).toContain('GEORGIA: Shelter staff trained in Tbilisi');
    expect(all).toContain('ARMENIA: Hotline opens in Yerevan');
    expect(all).toContain('The hotline team in Yerevan');
  });
});
