import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EditionConfig } from '../../src/config/schema.js';
import { validateConfigText } from '../../src/config/load-config.js';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { assembleEdition, slug, telUri } from '../../src/edition/assemble.js';
import { parseReport, type Report } from '../../src/reports/read-reports.js';

const CONFIG = `title: Counter-Trafficking Bulletin
organisation: IOM
edition: 4
period: {label: Q4, start: 2014-10-01, end: 2014-12-31}
countries: [Kyrgyzstan, Kazakhstan, Tajikistan]
contacts:
  - {name: KZ One, country: Kazakhstan, phone: "+7 727 2913973"}
  - {name: Regional One, country: regional, phone: "+996 312 612456", email: one@example.org}
  - {name: KG One, country: Kyrgyzstan}
  - {name: Regional Two, country: regional}
hotlines:
  Tajikistan: ["+918-85-34-34"]
  Kyrgyzstan:
    - {number: "189", note: Bishkek}
    - "+996 312 641364"
`;

function loadConfig(text = CONFIG): EditionConfig {
  const sink = new DiagnosticSink('bulletin.yaml');
  const config = validateConfigText(text, sink);
  expect(sink.list).toEqual([]);
  return config!;
}

let tmp: string;
beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-')));
  fs.mkdirSync(path.join(tmp, 'reports'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function report(config: EditionConfig, file: string, country: string, title: string, date: string, body = 'Some text.\n', location?: string): Report {
  const sink = new DiagnosticSink(file);
  const text = `---\ncountry: ${country}\ntitle: ${JSON.stringify(title)}\ndate: ${date}\n${location ? `location: ${location}\n` : ''}---\n${body}`;
  const r = parseReport(file, path.join(tmp, file), text, config, sink);
  expect(sink.list).toEqual([]);
  return r!;
}

describe('assembleEdition', () => {
  it('takes a country named like a property of every object (constructor, toString) for a country', () => {
    const config = loadConfig(CONFIG.replace('[Kyrgyzstan, Kazakhstan, Tajikistan]', '[Kyrgyzstan, Kazakhstan, Tajikistan, constructor, toString, hasOwnProperty]'));
    const { edition } = assembleEdition(tmp, config, [report(config, 'reports/a.md', 'constructor', 'One', '2014-11-03')]);
    expect(edition.hotlines.map((h) => h.country)).toEqual(['Kyrgyzstan', 'Tajikistan']);
    expect(edition.articles.map((a) => a.country)).toEqual(['constructor']);
  });

  it('tags a Greek place name in another language lang="el", so that its capitals lose their accents', () => {
    const config = loadConfig();
    const { edition } = assembleEdition(tmp, config, [
      report(config, 'reports/a.md', 'Kazakhstan', 'One', '2014-11-03', 'Text.\n', 'Αθήνα'),
      report(config, 'reports/b.md', 'Kazakhstan', 'Two', '2014-11-04', 'Text.\n', 'Aktau'),
    ]);
    expect(edition.articles[0]!.html).toContain('<span class="dateline-place" lang="el">Αθήνα</span>');
    expect(edition.articles[1]!.html).toContain('<span class="dateline-place">Aktau</span>');
  });

  it('orders articles by configured country order, then by date', () => {
    const config = loadConfig();
    const reports = [
      report(config, 'reports/a.md', 'Kazakhstan', 'Seminar in Aktau', '2014-12-01'),
      report(config, 'reports/b.md', 'Tajikistan', 'Training', '2014-10-02'),
      report(config, 'reports/c.md', 'Kyrgyzstan', 'Dialogue', '2014-11-03'),
      report(config, 'reports/d.md', 'Kazakhstan', 'Early', '2014-10-15'),
      report(config, 'reports/e.md', 'Kazakhstan', 'Monthly', '2014-11'),
    ];
    const { edition, diagnostics } = assembleEdition(tmp, config, reports);
    expect(diagnostics).toEqual([]);
    expect(edition.articles.map((a) => [a.country, a.date.iso, a.file])).toEqual([
      ['Kyrgyzstan', '2014-11-03', 'reports/c.md'],
      ['Kazakhstan', '2014-10-15', 'reports/d.md'],
      ['Kazakhstan', '2014-11', 'reports/e.md'],
      ['Kazakhstan', '2014-12-01', 'reports/a.md'],
      ['Tajikistan', '2014-10-02', 'reports/b.md'],
    ]);
  });

  it('gives unique ids that do not depend on the input order', () => {
    const config = loadConfig();
    const reports = [
      report(config, 'reports/a.md', 'Kazakhstan', 'Seminar in Aktau', '2014-12-01'),
      report(config, 'reports/b.md', 'Kazakhstan', 'Seminar in Aktau', '2014-10-01'),
      report(config, 'reports/c.md', 'Kyrgyzstan', 'Dialogue: “Prevention” & Protection', '2014-11-03'),
      report(config, 'reports/d.md', 'Tajikistan', '2014 Review', '2014-11-03'),
    ];
    const first = assembleEdition(tmp, config, reports).edition.articles.map((a) => [a.file, a.id]);
    const second = assembleEdition(tmp, config, [...reports].reverse()).edition.articles.map((a) => [a.file, a.id]);
    expect(first).toEqual([
      ['reports/c.md', 'kyrgyzstan-dialogue-prevention-protection'],
      ['reports/b.md', 'kazakhstan-seminar-in-aktau'],
      ['reports/a.md', 'kazakhstan-seminar-in-aktau-2'],
      ['reports/d.md', 'tajikistan-2014-review'],
    ]);
    expect(second).toEqual(first);
  });

  it('builds datelines with the place and the formatted date', () => {
    const config = loadConfig();
    const { edition } = assembleEdition(tmp, config, [
      report(config, 'reports/a.md', 'Kyrgyzstan', 'Dialogue', '2014-11-03', 'The talks began.\n', 'Bishkek'),
      report(config, 'reports/b.md', 'Kazakhstan', 'Month', '2014-11', 'Text.\n'),
    ]);
    const [a, b] = edition.articles;
    expect(a!.dateline).toBe('Bishkek, November 3, 2014');
    expect(a!.location).toBe('Bishkek');
    expect(a!.html).toBe(
      '<p class="lead"><span class="dateline"><span class="dateline-place">Bishkek</span>, <time datetime="2014-11-03">November 3, 2014</time> – </span>The talks began.</p>',
    );
    expect(b!.dateline).toBe('November 2014');
    expect(b!.html).toContain('<time datetime="2014-11">November 2014</time>');
  });

  it('groups contacts regional first, then by country order, with tel: URIs', () => {
    const config = loadConfig();
    const { edition } = assembleEdition(tmp, config, [report(config, 'reports/a.md', 'Kazakhstan', 'T', '2014-11-03')]);
    expect(edition.contactGroups.map((g) => [g.heading, g.regional, g.contacts.map((c) => c.name)])).toEqual([
      ['Regional', true, ['Regional One', 'Regional Two']],
      ['Kyrgyzstan', false, ['KG One']],
      ['Kazakhstan', false, ['KZ One']],
    ]);
    expect(edition.contactGroups[0]!.contacts[0]!.tel).toBe('tel:+996312612456');
    expect(edition.contactGroups[0]!.contacts[1]!.tel).toBeUndefined();
    expect(edition.contactGroups[2]!.contacts[0]!.tel).toBe('tel:+77272913973');
  });

  it('lists hotlines in country order with tel: URIs and notes', () => {
    const config = loadConfig();
    const { edition } = assembleEdition(tmp, config, [report(config, 'reports/a.md', 'Kazakhstan', 'T', '2014-11-03')]);
    expect(edition.hotlines).toEqual([
      {
        country: 'Kyrgyzstan',
        numbers: [
          { number: '189', note: 'Bishkek', tel: 'tel:189' },
          { number: '+996 312 641364', note: undefined, tel: 'tel:+996312641364' },
        ],
      },
      { country: 'Tajikistan', numbers: [{ number: '+918-85-34-34', note: undefined, tel: 'tel:+918853434' }] },
    ]);
  });

  it('derives the edition label, page size and output name', () => {
    const config = loadConfig();
    const { edition } = assembleEdition(tmp, config, []);
    expect(edition.editionLabel).toBe('No. 4');
    expect(edition.pageSize).toBe('A4');
    expect(edition.name).toBe('counter-trafficking-bulletin-2014-10');
    expect(edition.language).toBe('en');
    expect(edition.articles).toEqual([]);
  });

  it('cuts a long title in the output name between words', () => {
    const config = loadConfig(CONFIG.replace(/^title: .*$/m, 'title: Πρόγραμμα για την καταπολέμηση της εμπορίας ανθρώπων στη Νοτιοανατολική Ευρώπη'));
    const { edition } = assembleEdition(tmp, config, []);
    expect(edition.name).toBe('programma-gia-tin-katapolemisi-tis-emporias-anthropon-sti-2014-10');
  });

  it('uses a text edition as given and the configured output name and page size', () => {
    const config = loadConfig(`${CONFIG.replace('edition: 4', 'edition: "4/2014"')}output: {name: my-bulletin, pageSize: Letter}\n`);
    const { edition } = assembleEdition(tmp, config, []);
    expect(edition.editionLabel).toBe('4/2014');
    expect(edition.name).toBe('my-bulletin');
    expect(edition.pageSize).toBe('Letter');
  });

  it('lists every use of an image across articles, each with where it was used', () => {
    fs.mkdirSync(path.join(tmp, 'assets'));
    fs.copyFileSync(new URL('../../examples/central-asia-2014-q4/assets/kz-aktau-seminar.jpg', import.meta.url), path.join(tmp, 'assets', 'p.jpg'));
    const config = loadConfig();
    const body = 'Text.\n\n![A](../assets/p.jpg "Caption")\n';
    const { edition, diagnostics } = assembleEdition(tmp, config, [
      report(config, 'reports/a.md', 'Kazakhstan', 'One', '2014-11-03', body),
      report(config, 'reports/b.md', 'Kazakhstan', 'Two', '2014-11-04', body),
    ]);
    expect(diagnostics).toEqual([]);
    expect(edition.images.map((i) => [i.file, i.usedAt?.file])).toEqual([
      ['assets/p.jpg', 'reports/a.md'],
      ['assets/p.jpg', 'reports/b.md'],
    ]);
    expect(new Set(edition.images.map((i) => i.token)).size).toBe(1);
  });

  it('passes Markdown diagnostics on with file positions', () => {
    const config = loadConfig();
    const { diagnostics } = assembleEdition(tmp, config, [
      report(config, 'reports/a.md', 'Kazakhstan', 'One', '2014-11-03', '\nText.\n\n![A](https://example.org/x.jpg)\n'),
    ]);
    // Front matter is lines 1-5; body line 4 is file line 9.
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ file: 'reports/a.md', ruleId: 'image/remote', line: 9, column: 1 }),
    ]);
  });

  // The dateline alone does not count as text.
  it('reports an empty body as content/empty-body on the first body line', () => {
    const config = loadConfig();
    const { diagnostics } = assembleEdition(tmp, config, [report(config, 'reports/e.md', 'Tajikistan', 'Empty', '2014-11-05', '\n\n')]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'reports/e.md', ruleId: 'content/empty-body', severity: 'error', line: 6, column: 1 }),
    ]);
  });
});

describe('telUri', () => {
  it('keeps only digits and the plus sign', () => {
    expect(telUri('+996 312 612456')).toBe('tel:+996312612456');
    expect(telUri('8 (800) 080-00-15')).toBe('tel:88000800015');
    expect(telUri('+99312.42.08.17')).toBe('tel:+99312420817');
  });

  it('keeps the star and hash of a short code, the hash escaped', () => {
    expect(telUri('*4141')).toBe('tel:*4141');
    expect(telUri('#123#')).toBe('tel:%23123%23');
  });
});

describe('slug', () => {
  it('makes ASCII-safe, lower-case, dash-separated slugs', () => {
    expect(slug('Seminar in Aktau')).toBe('seminar-in-aktau');
    expect(slug('Čeština – Ünïcode!')).toBe('cestina-unicode');
    expect(slug('  --Hello--  ')).toBe('hello');
  });
  it('transliterates other scripts to Latin letters, without misspelling them', () => {
    expect(slug('Семинар в Актау')).toBe('seminar-v-aktau');
    expect(slug('Україна: тренінг ювенальної поліції')).toBe('ukrayina-trening-yuvenalnoyi-politsiyi');
    expect(slug('Молдова: інформаційна кампанія')).toBe('moldova-informatsiyna-kampaniya');
    expect(slug('Türkiye: Diyarbakır’da istişare toplantısı')).toBe('turkiye-diyarbakir-da-istisare-toplantisi');
    expect(slug('Straße in Gießen, Côte d’Ivoire')).toBe('strasse-in-giessen-cote-d-ivoire');
    expect(slug('Ελλάδα')).toBe('ellada');
  });
  it('keeps what it cannot transliterate, marks included', () => {
    expect(slug('中亚项目')).toBe('中亚项目');
    expect(slug('हिन्दी समाचार')).toBe('हिन्दी-समाचार');
  });
  it('falls back to "article" when nothing is left', () => {
    expect(slug('!!!')).toBe('article');
  });
});
