/**
 * `bulletin new <country>`: a report scaffold that shows the expected shape and cannot be printed by mistake:
 * every value the author must supply is a [[placeholder]], which lint and build report as errors.
 */
import { mkdirSync, openSync, realpathSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load-config.js';
import { BulletinError } from '../diagnostics.js';
import { shortSlug, slug } from '../edition/assemble.js';
import { REPORTS_DIR } from '../reports/read-reports.js';
import { isoDay, parseIsoDate } from '../util/dates.js';
import { isInside } from '../util/paths.js';
import { errorCode } from '../util/read-text.js';
import { CONTROL_CHARACTERS } from '../util/text.js';
import { matchFolded, suggest } from '../util/suggest.js';
import { locateEdition } from './find-edition.js';
import { scaffoldTextFor } from './scaffold-text.js';

export interface NewReportOptions {
  country: string;
  title?: string | undefined;
  date?: string | undefined;
  location?: string | undefined;
  /** The edition folder; default: the current folder or the nearest parent with bulletin.yaml. */
  edition?: string | undefined;
  cwd?: string;
  /** Today, for the default date (tests pass a fixed one). */
  today?: Date;
}

export interface NewReportResult {
  /** Absolute path of the report written. */
  path: string;
  editionDir: string;
  country: string;
}


export async function newReport(options: NewReportOptions): Promise<NewReportResult> {
  const editionDir = locateEdition(options.edition, options.cwd);
  const loaded = await loadConfig(editionDir);
  if (!loaded.config) {
    throw new BulletinError(
      `${path.join(editionDir, 'bulletin.yaml')} has errors, so its countries are not known. Run \`bulletin lint\` to see them.`,
      'config-invalid',
    );
  }
  const countries = loaded.config.countries;
  for (const [name, value] of [['country', options.country], ['title', options.title], ['location', options.location]] as const) {
    if (value !== undefined && CONTROL_CHARACTERS.test(value)) {
      throw new BulletinError(`The ${name} contains control characters or line breaks; write it on one line, as plain text.`, 'bad-argument');
    }
  }
  // As typed, folded (case, accents), or as the file names of its reports spell it ("cote-d-ivoire").
  const country = countries.includes(options.country)
    ? options.country
    : (matchFolded(options.country, countries) ??
      (/^[\p{L}\p{N}' -]+$/u.test(options.country) ? countries.find((c) => slug(c) !== '' && slug(c) === slug(options.country)) : undefined));
  if (!country) {
    const near = suggest(options.country, countries);
    throw new BulletinError(
      `“${options.country}” is not one of this edition’s countries${near ? `; did you mean “${near}”?` : '.'}\nThe edition’s countries are: ${countries.join(', ')}.`,
      'unknown-country',
    );
  }
  const today = options.today ?? new Date();
  const date = options.date ?? isoDay(today);
  if (!parseIsoDate(date)) {
    throw new BulletinError(`“${date}” is not a real date; give --date as YYYY-MM-DD, for example ${isoDay(today)}.`, 'bad-argument');
  }
  const title = options.title?.trim() || undefined;
  const location = options.location?.trim() || undefined;

  const reportsDir = path.join(editionDir, REPORTS_DIR);
  try {
    mkdirSync(reportsDir, { recursive: true });
  } catch (err) {
    const code = errorCode(err);
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'something that is not a folder already has that name'
        : code === 'ENOENT'
          ? 'it is a link to a folder that does not exist'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code;
    throw new BulletinError(`Cannot create the reports folder ${reportsDir}: ${why}.`, 'output-failed', { cause: err });
  }
  // lint and build read no report through a link out of the edition: neither is one written there.
  const realReports = realpathSync(reportsDir);
  if (!isInside(realpathSync(editionDir), realReports)) {
    throw new BulletinError(`${reportsDir} is a link to ${realReports}, outside the edition folder, where lint and build would not read the report. Make reports/ a folder of the edition.`, 'output-failed');
  }
  // Only letters, digits and dashes reach the file name, so no title can lead outside reports/.
  const base = `${slug(country)}-${title ? shortSlug(slug(title), 60) : date}`;
  const text = scaffold({ country, title, date, location, language: loaded.config.language });
  for (let n = 1; n < 1000; n++) {
    const file = path.join(reportsDir, `${base}${n === 1 ? '' : `-${n}`}.md`);
    let fd: number;
    try {
      fd = openSync(file, 'wx'); // never overwrite: fails if the file exists, even in a race
    } catch (err) {
      if (errorCode(err) === 'EEXIST') continue;
      throw new BulletinError(`Cannot write ${file} (${errorCode(err)}).`, 'output-failed', { cause: err });
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return { path: file, editionDir, country };
  }
  throw new BulletinError(`Too many reports named ${base}-*.md already; give a --title.`, 'output-failed');
}


/**
 * The text of a new report, its guidance and placeholders in the edition's language (see scaffold-text.ts).
 * Values are written with a YAML serialiser, so any title stays one safe line.
 */
export function scaffold(v: { country: string; title: string | undefined; date: string; location: string | undefined; language?: string | undefined }): string {
  const t = scaffoldTextFor(v.language ?? 'en');
  const fm = stringify(
    {
      country: v.country,
      title: v.title ?? `[[${t.title}]]`,
      date: v.date,
      location: v.location ?? `[[${t.location}]]`,
    },
    { lineWidth: 0 },
  );
  // As the heading prints it: in capitals, but Georgian letters as they are (Chrome's `text-transform:
  // uppercase` leaves them, rather than turn them into Mtavruli, which Georgian keeps for special uses).
  const country = v.country.replace(/[^\p{Script=Georgian}]+/gu, (s) => s.toLocaleUpperCase(v.language ?? 'en'));
  const howTo = t.howTo.map((line) => `  ${line.replaceAll('{COUNTRY}', country)}`).join('\n');
  return `---
${fm}---

<!--
${howTo}
-->

[[${t.first}]]

[[${t.second}]]

![[[${t.photoAlt}]]](../assets/[[photo-file-name.jpg]] "[[${t.photoCaption}]]")

[[${t.closing}]]
`;
}
