/**
 * `bulletin init [dir]`: a new edition folder that a newcomer can follow step by step: a commented
 * bulletin.yaml (with the JSON Schema for editors), one sample report, assets/, a .gitignore for the output
 * and a CI workflow that lints pull requests and builds the PDF on the main branch.
 */
import { existsSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { BulletinError } from '../diagnostics.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { slug } from '../edition/assemble.js';
import { hasShippedLabels, labelsFor, shippedLanguages } from '../edition/labels.js';
import { isLanguageTag, LabelKeys } from '../config/schema.js';
import { isoDay } from '../util/dates.js';
import { isInside } from '../util/paths.js';
import { errorCode } from '../util/read-text.js';
import { CONTROL_CHARACTERS } from '../util/text.js';
import { VERSION } from '../version.js';
import { scaffold } from './new-report.js';

export interface InitOptions {
  dir: string;
  title?: string | undefined;
  countries?: string[] | undefined;
  language?: string | undefined;
  force?: boolean | undefined;
  today?: Date;
}

export interface InitResult {
  dir: string;
  written: string[];
  /** Files that existed already and were left alone (only with --force). */
  kept: string[];
}

export const SCHEMA_PATH = path.join(PACKAGE_ROOT, 'src', 'schema', 'bulletin.schema.json');


export function initEdition(options: InitOptions): InitResult {
  const dir = path.resolve(options.dir);
  const language = options.language ?? 'en';
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(language) || !isLanguageTag(language)) {
    throw new BulletinError(`“${language}” is not a language code; use a code such as en, ru or pt-BR.`, 'bad-argument');
  }
  const countries = (options.countries ?? []).map((c) => c.trim()).filter(Boolean);
  for (const value of [options.title ?? '', ...countries]) {
    if (CONTROL_CHARACTERS.test(value)) throw new BulletinError('The title and countries must be plain text on one line.', 'bad-argument');
  }
  if (new Set(countries.map((c) => c.toLowerCase())).size !== countries.length) {
    throw new BulletinError('A country is listed twice in --countries.', 'bad-argument');
  }
  if (existsSync(dir)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (err) {
      throw new BulletinError(`${dir} exists and is not a readable folder (${errorCode(err)}).`, 'output-blocked');
    }
    if (entries.length > 0 && !options.force) {
      throw new BulletinError(
        `${dir} is not empty. Choose a new folder, or add --force to add the edition files next to what is there (existing files are never overwritten).`,
        'not-empty',
      );
    }
  }

  const today = options.today ?? new Date();
  const files = new Map<string, string>();
  files.set('bulletin.yaml', configText({ title: options.title, countries, language, today, dir }));
  const first = countries[0] ?? '[[First country]]';
  files.set(`reports/${countries[0] ? slug(first) : 'first-country'}-first-report.md`, scaffold({ country: first, title: undefined, date: isoDay(today), location: undefined, language }));
  files.set('assets/.gitkeep', '');
  files.set('.gitignore', '# What `bulletin build` writes\ndist/\n');
  files.set('.github/workflows/bulletin.yml', workflowText());

  const written: string[] = [];
  const kept: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    const realDir = realpathSync(dir);
    for (const [rel, text] of files) {
      const full = path.join(dir, rel);
      mkdirSync(path.dirname(full), { recursive: true });
      // A folder of the edition that is a link to elsewhere (with --force): nothing is written through it.
      if (!isInside(realDir, realpathSync(path.dirname(full)))) {
        kept.push(rel);
        continue;
      }
      try {
        writeFileSync(full, text, { flag: 'wx' }); // never overwrite
        written.push(rel);
      } catch (err) {
        if (errorCode(err) !== 'EEXIST') throw err;
        kept.push(rel);
      }
    }
  } catch (err) {
    throw new BulletinError(`Cannot write the edition into ${dir} (${errorCode(err)}).`, 'output-failed', { cause: err });
  }
  return { dir, written, kept };
}


/** The current quarter: label in the edition's language, first and last day. */
export function quarterOf(today: Date, language: string): { label: string; start: string; end: string } {
  const year = today.getFullYear();
  const q = Math.floor(today.getMonth() / 3);
  const firstMonth = q * 3;
  const month = (m: number) => {
    let name: string;
    try {
      // The month's name as it stands in "October 2026": a month alone comes in the genitive in some
      // languages (Greek “Οκτωβρίου”), with its year in the nominative (“Οκτώβριος”).
      const parts = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC', calendar: 'gregory' }).formatToParts(new Date(Date.UTC(year, m, 1)));
      name = parts.find((p) => p.type === 'month')?.value ?? '';
      if (name === '') throw new Error('no month');
    } catch {
      name = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m, 1)));
    }
    return name;
  };
  const first = month(firstMonth);
  // A capital first letter, in the scripts that write one (Georgian has capitals, but not in running text).
  const capital = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}]/u.test(first) ? `${first.charAt(0).toLocaleUpperCase(language)}${first.slice(1)}` : first;
  // The last month with its year as the language writes them ("diciembre de 2026", "декабрь 2026 г."), where
  // the month comes first; else the month and the year side by side.
  let last = `${month(firstMonth + 2)} ${year}`;
  try {
    const parts = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC', calendar: 'gregory' }).formatToParts(new Date(Date.UTC(year, firstMonth + 2, 1)));
    if (parts[0]?.type === 'month' && parts.some((p) => p.type === 'year' && p.value === String(year))) last = parts.map((p) => p.value).join('').replace(/\s/gu, ' '); // ICU's no-break spaces would hide in bulletin.yaml
  } catch {
    // an unknown language: the English months above
  }
  const label = `${capital} – ${last}`;
  const lastDay = new Date(Date.UTC(year, firstMonth + 3, 0)).getUTCDate();
  const mm = (m: number) => String(m + 1).padStart(2, '0');
  return { label, start: `${year}-${mm(firstMonth)}-01`, end: `${year}-${mm(firstMonth + 2)}-${lastDay}` };
}

function configText(o: { title: string | undefined; countries: string[]; language: string; today: Date; dir: string }): string {
  const q = quarterOf(o.today, o.language);
  const y = (value: unknown) => stringify(value, { lineWidth: 0 }).trimEnd();
  const countries = o.countries.length > 0 ? o.countries : ['[[First country]]', '[[Second country]]'];
  let schema = path.relative(o.dir, SCHEMA_PATH).split(path.sep).join('/');
  if (!schema.startsWith('.')) schema = `./${schema}`;
  return `# yaml-language-server: $schema=${schema}
# The edition: what the masthead, the contents, the contacts and the hotlines print.
# Replace every [[placeholder]]; \`bulletin lint\` lists any that remain. Reference: bulletin's README.

# The masthead
title: ${y(o.title?.trim() || '[[Title of the bulletin]]')}
organisation: ${y('[[Name of your organisation]]')}
# subtitle: Quarterly newsletter
edition: 1
period:
  label: ${y(q.label)}
  start: ${q.start}
  end: ${q.end}

# Labels, month names in datelines and hyphenation follow the language (labels are shipped for ${shippedLanguages.join(', ')}).
language: ${o.language}
${hasShippedLabels(o.language) ? '' : labelsText()}
# The countries, in the order the edition presents them. Reports name one of these in \`country:\`.
countries:
${countries.map((c) => `  - ${y(c)}`).join('\n')}

# A line printed after the articles, thanking the donor (optional).
# acknowledgement: This bulletin is made possible by the support of ...

# Staff contacts: \`regional\` first, then by country. Phone and e-mail are optional.
contacts: []
#  - name: Ms. Jane Doe
#    role: Programme Coordinator
#    country: regional
#    phone: "+7 7172 000000"
#    email: jdoe@example.org

# Hotlines per country (a number in quotes, or number and note).
hotlines: {}
#  ${countries[0]?.startsWith('[[') ? 'Country' : countries[0]}:
#    - number: "8 800 000 00 00"
#      note: free from landlines
#    - "116 16"

# output:
#   name: my-bulletin-2026-q4   # file name of the PDF and HTML
#   pageSize: A4                # or Letter
`;
}

/** For a language without shipped labels: every label as a placeholder to translate. */
function labelsText(): string {
  const english = labelsFor({ language: 'en' });
  return `# No labels are shipped for this language: translate each (the English is in brackets).
# The footer prints page, the number, of, the count: "Page 2 of 6". Where your language orders it otherwise,
# write the whole footer in page, with {page} and {pages} for the numbers ("{page} / {pages}"), and drop of.
labels:
${LabelKeys.map((k) => `  ${k}: "[[${english[k]}]]"`).join('\n')}
`;
}

function workflowText(): string {
  const cmd = `npx --yes bulletin@${VERSION}`;
  return `# Checks every pull request with \`bulletin lint\` (problems appear on the changed lines) and builds the
# PDF and HTML edition on the main branch, as a downloadable artifact.
name: bulletin
on:
  pull_request:
  push:
    branches: [main]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: ${cmd} lint --format github
  build:
    if: github.event_name == 'push'
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # GitHub's Ubuntu runners have Google Chrome installed; bulletin finds it.
      - run: ${cmd} build --out dist
      - uses: actions/upload-artifact@v4
        with:
          name: bulletin
          path: dist/
`;
}
