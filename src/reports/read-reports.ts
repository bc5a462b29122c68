import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { appendAll, DiagnosticSink, type Diagnostic } from '../diagnostics.js';
import { FrontMatter, knownKeys, type EditionConfig } from '../config/schema.js';
import { describeValue } from '../config/load-config.js';
import { dateSpan, parseIsoDate, type IsoDate } from '../util/dates.js';
import { PLACEHOLDER } from '../markdown/content-rules.js';
import { isInside } from '../util/paths.js';
import type { CachedRead, LintCache } from '../lint-cache.js';
import { errorCode, readText } from '../util/read-text.js';
import { codePointName } from '../util/text.js';
import { matchFolded, suggest } from '../util/suggest.js';
import { reportUnknownKeys, validateWithPositions } from '../util/validate.js';
import { parseYamlWithPositions, reportControlCharacters, type PositionedYaml } from '../util/yaml.js';

export const REPORTS_DIR = 'reports';

/**
 * Reports larger than this are refused rather than parsed. The parser's time and memory grow with every
 * character: 8 MB of plain prose took 5 s and 300 MB to lint, and more with markup in it; 2 MB takes under
 * 2 s. A long report is some 100 KB, and 2 MB is some 300,000 words (photos are files of their own).
 */
export const MAX_REPORT_BYTES = 2 * 1024 * 1024;

/** What a report is checked against: the edition's countries and, when known, its period. */
export type ReportContext = Pick<EditionConfig, 'countries'> & Partial<Pick<EditionConfig, 'period'>>;

/** One report, read and checked, ready for the Markdown stage. */
export interface Report {
  /** Path relative to the edition folder, with forward slashes (`reports/kazakhstan.md`). */
  file: string;
  absPath: string;
  frontMatter: FrontMatter;
  /** The edition's spelling of the country. */
  country: string;
  date: IsoDate;
  /** Markdown after the front matter. */
  body: string;
  /** Lines before the body, to turn body positions into file positions. */
  bodyLineOffset: number;
  /** The parsed front matter, for rules that need positions of keys. */
  yaml: PositionedYaml | undefined;
}

export interface ReadReports {
  reports: Report[];
  /** Reports whose front matter is unusable but whose body could be separated, for the content checks. */
  unusable: { file: string; absPath: string; body: string; bodyLineOffset: number }[];
  diagnostics: Diagnostic[];
}

/**
 * Lists `reports/*.md` in a stable order. Whatever else is named `*.md` (a folder, a named pipe, a socket) is
 * listed too, so that reading it reports it rather than leaving it out without a word; a reports folder that
 * is not a folder, or cannot be read, lists nothing (readReports says why).
 */
export async function listReports(editionDir: string): Promise<string[]> {
  return (await reportEntries(editionDir)).map((e) => e.file);
}

/** The reports, and which of them are symbolic links (only those need resolving). */
async function reportEntries(editionDir: string): Promise<{ file: string; link: boolean }[]> {
  const dir = path.join(editionDir, REPORTS_DIR);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return [];
    throw err;
  }
  return entries
    .filter((e) => e.name.toLowerCase().endsWith('.md') && !e.name.startsWith('.'))
    .map((e) => ({ file: `${REPORTS_DIR}/${e.name}`, link: e.isSymbolicLink() }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Problems of the reports folder itself: not a folder, a link out of the edition, reports hidden in subfolders. */
async function reportsFolderProblems(editionDir: string): Promise<{ stop: boolean; diagnostics: Diagnostic[] }> {
  const dir = path.join(editionDir, REPORTS_DIR);
  const problem = (severity: 'error' | 'warning', ruleId: string, message: string, file = REPORTS_DIR): Diagnostic => ({ file, line: 1, column: 1, severity, ruleId, message });
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    return { stop: false, diagnostics: [] }; // no reports folder: edition/no-reports says so
  }
  if (!isInside(await realpath(editionDir), real)) {
    return { stop: true, diagnostics: [problem('error', 'file/outside-edition', `${REPORTS_DIR}/ is a link to ${real}, outside the edition folder. Keep the reports inside the edition: copy them in.`)] };
  }
  if (!(await stat(real)).isDirectory()) {
    return { stop: true, diagnostics: [problem('error', 'file/unreadable', `${REPORTS_DIR} is a file, not a folder. Make it a folder that holds the reports (*.md).`)] };
  }
  // Reports put into a folder of their own would silently be left out of the edition.
  const out: Diagnostic[] = [];
  for (const e of await readdir(real, { withFileTypes: true }).catch(() => [])) {
    if (!e.isDirectory() || e.name.startsWith('.') || e.name.toLowerCase().endsWith('.md')) continue;
    const inside = await readdir(path.join(real, e.name)).catch(() => [] as string[]);
    const md = inside.filter((n) => n.toLowerCase().endsWith('.md'));
    if (md.length === 0) continue;
    out.push(
      problem(
        'warning',
        'edition/report-in-subfolder',
        `${REPORTS_DIR}/${e.name}/ holds ${md.length === 1 ? `a report (${md[0]})` : `${md.length} reports`}, which are not part of the edition: only the files directly in ${REPORTS_DIR}/ are read. Move ${md.length === 1 ? 'it' : 'them'} up into ${REPORTS_DIR}/.`,
        `${REPORTS_DIR}/${e.name}`,
      ),
    );
  }
  return { stop: false, diagnostics: out };
}

/**
 * Reads every report; one broken report never hides the problems of the others. With a lint cache, a report
 * whose text is unchanged since the last lint takes its front matter from there.
 */
export async function readReports(editionDir: string, config: EditionConfig | undefined, options: { cache?: LintCache | undefined } = {}): Promise<ReadReports> {
  const { cache } = options;
  const folder = await reportsFolderProblems(editionDir);
  if (folder.stop) return { reports: [], unusable: [], diagnostics: folder.diagnostics };
  const entries = await reportEntries(editionDir);
  const files = entries.map((e) => e.file);
  const links = new Set(entries.filter((e) => e.link).map((e) => e.file));
  const diagnostics: Diagnostic[] = [...folder.diagnostics];
  const editionReal = await realpath(editionDir);
  if (files.length === 0) {
    diagnostics.push({
      file: REPORTS_DIR,
      line: 1,
      column: 1,
      severity: 'error',
      ruleId: 'edition/no-reports',
      message: `The edition has no reports: add Markdown files to ${REPORTS_DIR}/ (for example with \`bulletin new <country>\`).`,
    });
    return { reports: [], unusable: [], diagnostics };
  }
  const reports: Report[] = [];
  // Reading is I/O bound; a bounded pool keeps thousands of reports from opening thousands of files at once.
  const results = await mapLimit(files, 32, async (file) => {
    const sink = new DiagnosticSink(file);
    const absPath = path.join(editionDir, file);
    // A report that is a link to a file outside the edition is not read: reports, like photos, stay inside it.
    const real = links.has(file) ? await realpath(absPath).catch(() => undefined) : undefined;
    if (real !== undefined && !isInside(editionReal, real)) {
      sink.error('file/outside-edition', `This report is a link to ${real}, outside the edition folder, and is not read. Copy the report into ${REPORTS_DIR}/ instead.`, { line: 1, column: 1 });
      return { report: undefined, unusable: undefined, diagnostics: sink.list };
    }
    const read = await readText(absPath, MAX_REPORT_BYTES);
    if (!read.ok) {
      // A name written in another character set (Latin-1, Windows-1251) reaches us with U+FFFD in place of
      // its letters, and no file has that name.
      if (file.includes('\ufffd') && read.ruleId === 'file/unreadable') {
        sink.error('file/encoding', 'The file name is not valid UTF-8 (it was written in another character set), so the file cannot be opened by its name. Rename it, with plain letters.', { line: 1, column: 1 });
        return { report: undefined, unusable: undefined, diagnostics: sink.list };
      }
      sink.error(read.ruleId, read.message, { line: read.line ?? 1, column: read.column ?? 1 });
      return { report: undefined, unusable: undefined, diagnostics: sink.list };
    }
    const known = cache?.read(file, read.text);
    if (known) return fromCache(file, absPath, read.text, known);
    let unusable: ReadReports['unusable'][number] | undefined;
    const report = parseReport(file, absPath, read.text, config, sink, (body, bodyLineOffset) => {
      unusable = { file, absPath, body, bodyLineOffset };
    });
    cache?.rememberRead(file, {
      diagnostics: sink.list,
      ...(report && {
        report: {
          frontMatter: report.frontMatter,
          country: report.country,
          date: report.date,
          yamlSource: report.yaml!.source,
          bodyLength: report.body.length,
          bodyLineOffset: report.bodyLineOffset,
        },
      }),
      ...(unusable && { unusable: { bodyLength: unusable.body.length, bodyLineOffset: unusable.bodyLineOffset } }),
    });
    return { report, unusable, diagnostics: sink.list };
  });
  const unusable: ReadReports['unusable'] = [];
  for (const r of results) {
    appendAll(diagnostics, r.diagnostics);
    if (r.report) reports.push(r.report);
    if (r.unusable) unusable.push(r.unusable);
  }
  return { reports, unusable, diagnostics };
}

/** A report as the lint cache remembers it; its front matter is parsed again only if a rule asks where a key is. */
function fromCache(file: string, absPath: string, text: string, known: CachedRead): { report: Report | undefined; unusable: ReadReports['unusable'][number] | undefined; diagnostics: Diagnostic[] } {
  const k = known.report;
  let yaml: PositionedYaml | undefined;
  const report: Report | undefined = k && {
    file,
    absPath,
    frontMatter: k.frontMatter,
    country: k.country,
    date: k.date,
    body: text.slice(text.length - k.bodyLength),
    bodyLineOffset: k.bodyLineOffset,
    get yaml() {
      return (yaml ??= parseYamlWithPositions(k.yamlSource));
    },
  };
  const u = known.unusable;
  const unusable = u && { file, absPath, body: text.slice(text.length - u.bodyLength), bodyLineOffset: u.bodyLineOffset };
  return { report, unusable, diagnostics: known.diagnostics };
}

const OPEN = /^---([^\r\n]*)\r?(?:\n|$)/;

/**
 * Splits and validates a report's front matter. Pure: no I/O, so lint, build, tests and the fuzzer share it.
 * Returns undefined when the report cannot be used; the reasons are in `sink`.
 */
export function parseReport(
  file: string,
  absPath: string,
  text: string,
  config: ReportContext | undefined,
  sink: DiagnosticSink,
  /** Called with the body of a report whose front matter is unusable, so that its content is still checked. */
  onUnusable?: (body: string, bodyLineOffset: number) => void,
): Report | undefined {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is valid; positions ignore it
  const open = OPEN.exec(text);
  // A blank line or spaces before the opening `---`: the front matter is there, but not where it must be.
  const late = open ? undefined : /^(?:[ \t]*\r?\n)*[ \t]*---[ \t]*\r?\n/.exec(text);
  if (late) {
    sink.error(
      'front-matter/missing',
      'The front matter must start on the very first line: remove the empty lines or spaces before the opening `---`.',
      { line: 1, column: 1 },
    );
    return undefined;
  }
  if (!open) {
    sink.error(
      'front-matter/missing',
      'The report has no front matter. Start the file with a block such as:\n---\ncountry: Kazakhstan\ntitle: Seminar in Aktau\ndate: 2014-11-03\n---',
      { line: 1, column: 1 },
    );
    return undefined;
  }
  const language = open[1]!.trim();
  if (/^-+$/.test(language)) {
    sink.error('front-matter/language', `The front matter opens with ${3 + language.length} dashes; it must open with exactly three: \`---\`.`, { line: 1, column: 4 });
    return undefined;
  }
  if (language !== '' && language.toLowerCase() !== 'yaml') {
    sink.error(
      'front-matter/language',
      `The front matter is marked as \`${language}\`; only YAML front matter is read (it is never run as code). Start the file with a plain \`---\` line.`,
      { line: 1, column: 4 },
    );
    return undefined;
  }
  const close = /\n---[ \t]*\r?(?:\n|$)/.exec(text.slice(open[0].length - 1));
  const looseClose = text.indexOf('\n---', 3);
  if (!close || looseClose !== open[0].length - 1 + close.index) {
    sink.error(
      'front-matter/unclosed',
      'The front matter is never closed: add a line with only `---` after the last field.',
      { line: 1, column: 1 },
    );
    return undefined;
  }

  let yaml: PositionedYaml | undefined;
  // gray-matter gets the front matter up to its closing `---` only: it copies whatever it is given into a Buffer
  // and looks it up in a cache keyed by the whole text, which for a thousand reports cost more than splitting.
  // The body is what gray-matter would have given: the rest, less the closing line's break.
  const fenceEnd = looseClose + 4;
  try {
    matter(text.slice(0, fenceEnd), {
      language: 'yaml',
      engines: {
        yaml: (s: string) => {
          // gray-matter hands over the text right after the opening `---`, which begins with its line break:
          // YAML line 1 is the opening line, so YAML positions are already file positions.
          // With CRLF line endings the text ends in the "\r" before the closing `---`.
          yaml = parseYamlWithPositions(s.endsWith('\r') ? s.slice(0, -1) : s);
          return (yaml.problems.length === 0 ? yaml.data : {}) as object;
        },
        // Never evaluate front matter, whatever its fence says (gray-matter would `eval` ---js by default).
        javascript: refuse,
        js: refuse,
        coffee: refuse,
        json: refuse,
      } as unknown as Record<string, (s: string) => object>,
    });
  } catch (err) {
    sink.error('front-matter/unreadable', `The front matter could not be read: ${String(err)}.`, { line: 1, column: 1 });
    return undefined;
  }

  let bodyStart = fenceEnd;
  if (text[bodyStart] === '\r') bodyStart++;
  if (text[bodyStart] === '\n') bodyStart++;
  const body = text.slice(bodyStart);
  const bodyLineOffset = countLines(text, bodyStart);
  // From here on the body is known: even when the front matter is unusable, its content is still checked.
  const unusable = (): undefined => {
    onUnusable?.(body, bodyLineOffset);
    return undefined;
  };

  if (!yaml) {
    sink.error('front-matter/empty', 'The front matter is empty: it needs `country`, `title` and `date`.', { line: 1, column: 1 });
    return unusable();
  }
  const y: PositionedYaml = yaml;
  for (const p of y.problems) sink.error(p.ruleId, p.message, p.at);
  if (y.problems.length > 0) return unusable();
  if (y.data === null || typeof y.data !== 'object' || Array.isArray(y.data)) {
    sink.error(
      'front-matter/not-a-map',
      `The front matter must be a map of fields (\`country:\`, \`title:\`, \`date:\`), not ${describeValue(y.data)}.`,
      { line: 2, column: 1 },
    );
    return unusable();
  }
  reportControlCharacters(y, sink);
  reportUnknownKeys(y, [], knownKeys.frontMatter, sink, 'The front matter');
  const fm = validateWithPositions(FrontMatter, y, sink, {
    ruleId: 'front-matter/schema',
    missingAt: { line: 1, column: 1 },
  });
  const raw = y.data as Record<string, unknown>;
  const country = typeof raw['country'] === 'string' ? checkCountry(raw['country'].trim(), y, config, sink) : undefined;
  checkFrontMatterContent(raw, y, config, sink);
  if (!fm || country === undefined) return unusable();
  return {
    file,
    absPath,
    frontMatter: fm,
    country,
    date: parseIsoDate(fm.date)!,
    body,
    bodyLineOffset,
    yaml: y,
  };
}

/** The edition's spelling of the country, or undefined (with an error) when it is not one of them. */
function checkCountry(country: string, y: PositionedYaml, config: ReportContext | undefined, sink: DiagnosticSink): string | undefined {
  if (country === '') return undefined;
  if (config && !config.countries.includes(country)) {
    const folded = matchFolded(country, config.countries);
    const at = y.nodeAt(['country']).at;
    if (folded) {
      sink.warn(
        'front-matter/country-spelling',
        `The country is written “${country}”; the edition spells it “${folded}”.`,
        at,
        folded,
      );
      return folded;
    } else {
      const near = suggest(country, config.countries);
      // A soft hyphen or zero-width character pasted in: the names look the same, so say what differs.
      const invisible = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/u.exec(country)?.[0];
      const hidden = invisible ? ` It holds an invisible character (${codePointName(invisible)}): retype the name.` : '';
      sink.error(
        'front-matter/unknown-country',
        `“${country}” is not one of the edition’s countries${near ? `; did you mean \`${near}\`?` : '.'}${hidden} The edition’s countries are: ${config.countries.join(', ')}.`,
        at,
        near,
      );
      return undefined;
    }
  }
  return country;
}

/** Titles longer than this crowd the contents; the limit is generous (the reference's longest is 152). */
export const MAX_TITLE_LENGTH = 160;

/** Checks on the fields that are present and of the right type, whether or not the rest is valid. */
function checkFrontMatterContent(fm: Record<string, unknown>, y: PositionedYaml, config: ReportContext | undefined, sink: DiagnosticSink): void {
  const str = (key: string): string | undefined => (typeof fm[key] === 'string' ? (fm[key] as string) : undefined);
  for (const key of ['country', 'title', 'location', 'date'] as const) {
    const value = str(key);
    const m = value === undefined ? null : PLACEHOLDER.exec(value);
    if (m) {
      sink.error(
        'content/placeholder',
        `The placeholder ${m[0]} from \`bulletin new\` is still in \`${key}\`. Replace it with the real ${key}.`,
        y.nodeAt([key]).at,
      );
    }
  }
  const title = str('title')?.trim();
  if (title && title.length > MAX_TITLE_LENGTH) {
    sink.warn(
      'front-matter/title-length',
      `The title is ${title.length} characters long; the contents has room for ${MAX_TITLE_LENGTH}. Shorten it, and move detail into the first paragraph.`,
      y.nodeAt(['title']).at,
    );
  }
  const date = str('date') === undefined ? undefined : parseIsoDate(str('date')!);
  if (config?.period && date) {
    const start = parseIsoDate(config.period.start);
    const end = parseIsoDate(config.period.end);
    if (start && end) {
      const [from, to] = dateSpan(date);
      if (to < dateSpan(start)[0] || from > dateSpan(end)[1]) {
        sink.warn(
          'front-matter/date-outside-period',
          `The date ${date.iso} lies outside the edition’s period, ${config.period.label} (${config.period.start} to ${config.period.end}). Check the year and month.`,
          y.nodeAt(['date']).at,
        );
      }
    }
  }
}

function refuse(): never {
  throw new Error('only YAML front matter is accepted');
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
