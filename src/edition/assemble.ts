/**
 * Assembles the edition: articles in the configured country order, then by date; headings, datelines and
 * ids; contacts grouped regional first, then by country; hotlines in country order.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Contact, EditionConfig, HotlineNumber } from '../config/schema.js';
import { appendAll, DiagnosticSink, type Diagnostic } from '../diagnostics.js';
import { analyzeReport, type LintCache } from '../lint-cache.js';
import { markdownToHtml, type ImageAsset } from '../markdown/markdown-to-html.js';
import type { Report } from '../reports/read-reports.js';
import { dateKey, formatDate, parseIsoDate, type IsoDate } from '../util/dates.js';
import { hyphenatorFor } from '../markdown/hyphenate.js';
import { typeset } from '../markdown/typography.js';
import { directionOf, labelsFor, type Labels } from './labels.js';

export interface Article {
  /** Anchor id, unique in the edition; the contents link to it. */
  id: string;
  country: string;
  title: string;
  date: IsoDate;
  location: string | undefined;
  /** "Bishkek, November 3, 2014" */
  dateline: string;
  html: string;
  /** Everything of the article that prints as text (heading, dateline, body, captions): for the font check. */
  text: string;
  images: ImageAsset[];
  file: string;
}

export interface HotlineGroup {
  country: string;
  numbers: { number: string; note: string | undefined; tel: string }[];
}

export interface ContactGroup {
  /** Label shown above the group: the regional label or the country. */
  heading: string;
  regional: boolean;
  contacts: (Contact & { tel: string | undefined })[];
}

export interface Edition {
  dir: string;
  config: EditionConfig;
  language: string;
  /** Writing direction of the language: `rtl` for Arabic, Persian, Hebrew, Urdu... */
  direction: 'ltr' | 'rtl';
  labels: Labels;
  /** "No. 4" */
  editionLabel: string;
  articles: Article[];
  contactGroups: ContactGroup[];
  hotlines: HotlineGroup[];
  /** Every use of a picture, in the order of the articles: a photo used twice is listed twice, with where it prints. */
  images: ImageAsset[];
  /** Output base name, without extension. */
  name: string;
  pageSize: 'A4' | 'Letter';
}

export const EMPTY_BODY_MESSAGE = 'The report has no text after its front matter. Write the article below the closing `---`.';

export interface AssembleOptions {
  /** Produce article HTML (build). Without it only the content rules run (lint), which is much faster. */
  render?: boolean;
  /** Results of lint kept between runs (lint only: without `render`). */
  cache?: LintCache | undefined;
}

export function assembleEdition(
  dir: string,
  config: EditionConfig,
  reports: Report[],
  options: AssembleOptions = {},
): { edition: Edition; diagnostics: Diagnostic[] } {
  const render = options.render ?? true;
  const diagnostics: Diagnostic[] = [];
  const editionRealDir = realpathSync(dir);
  const order = new Map(config.countries.map((c, i) => [c, i]));
  const sorted = [...reports].sort(
    (a, b) =>
      (order.get(a.country) ?? 1e9) - (order.get(b.country) ?? 1e9) ||
      dateKey(a.date) - dateKey(b.date) ||
      a.frontMatter.title.localeCompare(b.frontMatter.title) ||
      a.file.localeCompare(b.file),
  );
  const labels = labelsFor(config);
  const hyphenate = render ? hyphenatorFor(config.language) : undefined;
  const usedIds = new Set<string>();
  const articles: Article[] = sorted.map((report, i) => {
    const sink = new DiagnosticSink(report.file);
    const dateText = formatDate(report.date, config.language);
    const location = report.frontMatter.location;
    // The dateline as it starts the article's first paragraph: only the HTML needs it, not lint.
    const datelineEl: Element | undefined = render
      ? h('span.dateline', [
          ...(location ? [h('span.dateline-place', greekIn(location, config.language) ? { lang: 'el' } : {}, location), labels.datelineSeparator] : []),
          h('time', { dateTime: report.date.iso }, dateText),
          labels.datelineDash,
        ])
      : undefined;
    const ctx = {
      editionRealDir,
      idPrefix: `a${i + 1}-`,
      lineOffset: report.bodyLineOffset,
      ...(datelineEl && { dateline: datelineEl }),
      hyphenate,
      language: config.language,
      direction: directionOf(config.language),
      countries: config.countries,
      footnoteLabels: { heading: labels.notes, back: labels.noteBack },
    };
    const body = render
      ? markdownToHtml(report.body, ctx, report.absPath, sink)
      : { html: '', ...analyzeReport(report.body, ctx, report.absPath, sink, options.cache) };
    if (body.textLength === 0) {
      sink.error('content/empty-body', EMPTY_BODY_MESSAGE, {
        line: report.bodyLineOffset + 1,
        column: 1,
      });
    }
    appendAll(diagnostics, sink.list);
    // The spaces of the text's typography (in French before “:” and “?”, inside numbers) never break; the
    // characters stay as the author typed them, so that the title reads the same everywhere it is shown.
    const title = typeset(report.frontMatter.title, config.language, '', { spacesOnly: true });
    return {
      id: uniqueId(articleIdBase(report.country, report.frontMatter.title, i + 1), usedIds),
      country: report.country,
      title,
      date: report.date,
      location,
      dateline: location ? `${location}${labels.datelineSeparator}${dateText}` : dateText,
      html: body.html,
      text: `${report.country} ${title} ${location ?? ''} ${dateText} ${body.text}`,
      images: body.images,
      file: report.file,
    };
  });


  const regional = config.contacts.filter((c) => c.country === 'regional');
  const contactGroups: ContactGroup[] = [];
  if (regional.length > 0) contactGroups.push({ heading: labels.regional, regional: true, contacts: regional.map(withTel) });
  for (const country of config.countries) {
    const list = config.contacts.filter((c) => c.country === country);
    if (list.length > 0) contactGroups.push({ heading: country, regional: false, contacts: list.map(withTel) });
  }
  // Own keys only: a country named “constructor” must not find Object's.
  const hotlinesOf = (country: string) => (Object.hasOwn(config.hotlines, country) ? config.hotlines[country] : undefined);
  const hotlines: HotlineGroup[] = config.countries
    .filter((c) => (hotlinesOf(c)?.length ?? 0) > 0)
    .map((country) => ({ country, numbers: hotlinesOf(country)!.map(hotline) }));

  const editionLabel = typeof config.edition === 'number' ? `${labels.edition} ${config.edition}` : config.edition;
  const name = config.output.name ?? defaultName(config);
  return {
    edition: {
      dir,
      config,
      language: config.language,
      direction: directionOf(config.language),
      labels,
      editionLabel,
      articles,
      contactGroups,
      hotlines,
      images: articles.flatMap((a) => a.images),
      name,
      pageSize: config.output.pageSize ?? 'A4',
    },
    diagnostics,
  };
}

function withTel(c: Contact): Contact & { tel: string | undefined } {
  return { ...c, tel: c.phone ? telUri(c.phone) : undefined };
}

function hotline(n: HotlineNumber): HotlineGroup['numbers'][number] {
  return typeof n === 'string'
    ? { number: n, note: undefined, tel: telUri(n) }
    : { number: n.number, note: n.note, tel: telUri(n.number) };
}

/** `tel:` URI for a phone number as written ("+996 312 612456" → "tel:+996312612456", "*4141" → "tel:*4141"). */
export function telUri(phone: string): string {
  return `tel:${phone.replace(/[^0-9+*#]/g, '').replace(/#/g, '%23')}`;
}

/**
 * A file-name and URL-safe slug: "Україна: тренінг" → "ukrayina-trening", "Côte d’Ivoire" → "cote-d-ivoire".
 * Accents come off Latin letters; other scripts are transliterated to Latin where the transliteration table
 * knows them (Cyrillic, Greek, Georgian, Armenian, Arabic...), so that an attachment or an address is plain
 * ASCII; Chinese and Japanese stay as they are. Stripping marks from every letter instead would misspell
 * Cyrillic: й and ї lose their marks and become и and і.
 */
export function slug(s: string): string {
  return (
    transliterated(bareLatin(s))
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'article'
  );
}

const requireHere = createRequire(import.meta.url);
let transliterate: ((s: string) => string) | null | undefined;

/**
 * Letters other than plain ASCII in Latin (ß, ø, ı) and the scripts the table covers, in Latin letters. The
 * library is loaded the first time a slug needs it: building its tables takes some 20 ms, which an English
 * edition need not pay. Node before 20.19 cannot load it (an ES module, required): slugs then keep those
 * letters as they are.
 */
function transliterated(s: string): string {
  if (!/[^\u0000-\u007f]/.test(s)) return s;
  if (transliterate === undefined) {
    try {
      transliterate = (requireHere('@sindresorhus/transliterate') as { default: (s: string) => string }).default;
    } catch {
      transliterate = null;
    }
  }
  const fn = transliterate;
  return fn ? bareLatin(s.replace(TRANSLITERATED, (run) => fn(run))) : s;
}

/** Runs of the scripts the transliteration table covers; it would mangle others (it drops Devanagari's virama). */
const TRANSLITERATED = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Inherited}]+/gu;

/**
 * Greek text in an edition of another language: tagged `lang="el"`, so that the capitals the stylesheet makes
 * of a place name drop their accents, as Greek capitals do (“ΑΘΗΝΑ”, not “ΑΘΉΝΑ”).
 */
function greekIn(text: string, language: string): boolean {
  return /\p{Script=Greek}/u.test(text) && language.toLowerCase().split('-')[0] !== 'el';
}

/** Latin letters without their accents ("Çeština" → "Cestina"); other scripts keep their marks. */
function bareLatin(s: string): string {
  return s.normalize('NFKD').replace(/(\p{Script=Latin})\p{M}+/gu, '$1').normalize('NFC');
}

/**
 * An anchor id in plain ASCII: Chrome percent-encodes other characters in the PDF's destination names, and a
 * PDF name may hold at most 127 bytes. Titles in other scripts fall back to the article's number.
 */
function articleIdBase(country: string, title: string, n: number): string {
  const ascii = (s: string) => slug(s).replace(/[^a-z0-9-]+/g, '').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  const c = ascii(country).slice(0, 24).replace(/-+$/, '');
  const t = ascii(title).slice(0, 48).replace(/-+$/, '');
  if (c.length < 2 || t.length < 4) return `article-${n}`;
  return `${c}-${t}`;
}

function uniqueId(base: string, used: Set<string>): string {
  const start = /^[a-z]/.test(base) ? base : `a-${base}`;
  let id = start;
  for (let n = 2; used.has(id); n++) id = `${start}-${n}`;
  used.add(id);
  return id;
}

function defaultName(config: EditionConfig): string {
  const start = parseIsoDate(config.period.start)!;
  return `${shortSlug(slug(config.title), 60)}-${start.year}-${String(start.month).padStart(2, '0')}`;
}

/** A slug cut to at most `max` characters between words, not inside one (unless its first word is longer). */
export function shortSlug(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.lastIndexOf('-', max);
  return (cut > 0 ? s.slice(0, cut) : s.slice(0, max)).replace(/-+$/, '');
}
