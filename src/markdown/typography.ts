/**
 * Typographic clean-up of running text, per language: dashes, non-breaking spaces before units, inside phone
 * numbers and between the groups of a number, after one-letter words (Russian, Ukrainian, Polish, Czech) and
 * before high punctuation (French), en dashes in number ranges. Applied to text only, never to links, code or addresses.
 */
const NBSP = '\u00a0';

/** Units and signs that stay on the line of their number: "50 km", "15 %", "2014 г.". */
const UNITS = '%|‰|km|m|cm|mm|kg|g|t|ha|h|min|s|°C|USD|EUR|KZT|KGS|TJS|TMT|UZS|RUB|км|м|см|кг|т|га|ч|мин|сек|г\\.|гг\\.|тыс\\.|млн|млрд|руб\\.|долл\\.|сом|тенге';
const NUMBER_UNIT = new RegExp(`(\\d) (?=(?:${UNITS})(?![\\p{L}\\p{N}]))`, 'gu');

/** The dash between words: an en dash in English, an em dash in Russian, Ukrainian and Belarusian. */
export function dashFor(language: string): '–' | '—' {
  const lang = language.toLowerCase().split('-')[0];
  return lang === 'ru' || lang === 'uk' || lang === 'be' ? '—' : '–';
}

/** Opening and closing quotation marks, then the inner pair, by language (from CLDR's delimiters). */
const QUOTES: Record<string, readonly [string, string, string, string]> = {
  en: ['“', '”', '‘', '’'],
  // `pt` is Portuguese as written in Portugal and Lusophone Africa, as the labels are (CLDR's pt-PT, which
  // pt-AO, pt-MZ and the others follow); Brazil's is `pt-BR`.
  pt: ['«', '»', '“', '”'],
  'pt-br': ['“', '”', '‘', '’'],
  // Swiss and Liechtenstein German write guillemets.
  'de-ch': ['«', '»', '‹', '›'],
  'de-li': ['«', '»', '‹', '›'],
  tr: ['“', '”', '‘', '’'],
  nl: ['“', '”', '‘', '’'],
  id: ['“', '”', '‘', '’'],
  vi: ['“', '”', '‘', '’'],
  fr: ['«', '»', '“', '”'],
  es: ['«', '»', '“', '”'],
  it: ['«', '»', '“', '”'],
  el: ['«', '»', '“', '”'],
  ru: ['«', '»', '„', '“'],
  uk: ['«', '»', '„', '“'],
  be: ['«', '»', '„', '“'],
  kk: ['«', '»', '„', '“'],
  ky: ['«', '»', '„', '“'],
  tg: ['«', '»', '„', '“'],
  uz: ['«', '»', '„', '“'],
  de: ['„', '“', '‚', '‘'],
  cs: ['„', '“', '‚', '‘'],
  sk: ['„', '“', '‚', '‘'],
  bg: ['„', '“', '„', '“'],
  ka: ['„', '“', '„', '“'],
  pl: ['„', '”', '«', '»'],
  ro: ['„', '”', '«', '»'],
  hu: ['„', '”', '»', '«'],
  sv: ['”', '”', '’', '’'],
  fi: ['”', '”', '’', '’'],
};

/** The marks of a BCP 47 tag: its language and region's (pt-BR, de-CH) when the table has them, else its language's. */
function quotesFor(language: string): readonly [string, string, string, string] | undefined {
  const [base, ...rest] = language.toLowerCase().split('-');
  const region = rest.find((p) => /^(?:[a-z]{2}|\d{3})$/.test(p));
  return (region ? QUOTES[`${base}-${region}`] : undefined) ?? QUOTES[base!];
}

/** Characters after which a quotation mark opens rather than closes. */
const OPENS_AFTER = /[\s\u00a0\u202f([{«‹„‚“‘—–\-/¡¿]/u;

/**
 * What a paragraph's quotes have done so far, carried from one piece of its text to the next: whether a
 * single quote is open, which decides whether a straight one after a word closes it or is an apostrophe.
 */
export interface QuoteState {
  singleOpen: boolean;
}

/**
 * Straight quotes typed on a keyboard, made the language's own: "this" → “this”, « ceci », „dies“; an
 * apostrophe between letters → ’ (L’OIM, don’t) in any language. `before` is the character that precedes the
 * text (from the previous piece of the paragraph), which decides whether a quote at its start opens or closes.
 * Languages not in the table keep their straight quotes, except for apostrophes.
 */
export function smartQuotes(text: string, language: string, before = '', state: QuoteState = { singleOpen: false }): string {
  if (!text.includes('"') && !text.includes("'")) return text;
  const marks = quotesFor(language);
  let out = '';
  let prev = before;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    let replaced = c;
    const opens = prev === '' || OPENS_AFTER.test(prev);
    if (c === "'") {
      const next = text[i + 1] ?? '';
      const afterLetter = /\p{L}/u.test(prev);
      if ((afterLetter || /\p{N}/u.test(prev)) && /\p{L}/u.test(next)) replaced = '’';
      else if (!marks) replaced = afterLetter ? '’' : c;
      else if (opens && next !== '' && !/\s/u.test(next)) {
        replaced = marks[2];
        state.singleOpen = true;
      } else if (state.singleOpen) {
        replaced = marks[3];
        state.singleOpen = false;
      } else {
        // After a word, with no single quote open, it is an apostrophe: k'iche', the workers' union.
        replaced = afterLetter ? '’' : marks[3];
      }
    } else if (c === '"' && marks) {
      replaced = opens ? marks[0] : marks[1];
    }
    out += replaced;
    prev = c;
  }
  return out;
}

/** Whether "a-b" reads as a range: small numbers rising, or years ("2014-2015", "2014-15"). */
function isRange(a: string, b: string): boolean {
  const [from, to] = [Number(a), Number(b)];
  if (a.length <= 3 && b.length <= 3) return from < to;
  const year = (n: number) => n >= 1000 && n <= 2199;
  if (a.length === 4 && b.length === 4) return year(from) && year(to) && from < to;
  return a.length === 4 && b.length === 2 && year(from) && to > from % 100;
}

/**
 * Typography of running text. With `spacesOnly` (titles), only spaces that are there become no-break
 * spaces: no character is replaced or added, so that a title reads in the contents, the heading, the
 * bookmarks and any search exactly as its author typed it.
 */
export function typeset(
  text: string,
  language: string,
  before = '',
  options: { spacesOnly?: boolean; quotes?: QuoteState; direction?: 'ltr' | 'rtl' } = {},
): string {
  const lang = language.toLowerCase().split('-')[0];
  const all = !options.spacesOnly;
  let t = all ? smartQuotes(text, language, before, options.quotes) : text;
  // " - " and " -- " between words are dashes; the space before it does not break, so a line never starts
  // with a dash.
  // The word before may end an element (`*word* — text`, `[link](…) — text`): `before` is its last character;
  // the word after may start one (`text — *word*`), when the dash ends the text.
  const afterWord = /\S/.test(before) ? '(^|\\S)' : '(\\S)';
  t = all
    ? t.replace(new RegExp(`${afterWord} +(?:-{1,3}|[–—])(?: +(?=\\S)| +$)`, 'g'), `$1${NBSP}${dashFor(language)} `)
    : t.replace(new RegExp(`${afterWord} +(?=(?:-{1,3}|[–—])(?: +\\S| +$))`, 'g'), `$1${NBSP}`);
  if (all) {
    // "-- Name" opening a line (the source of a quotation) and "word--word" are em dashes.
    t = t.replace(before === '' ? /(^|\n)-{2,3} +(?=\S)/g : /(\n)-{2,3} +(?=\S)/g, `$1—${NBSP}`).replace(/(?<=\p{L})-{2,3}(?=\p{L})/gu, '—');
    // Ranges: "17-18 December", "Photo 1-2", "2014-2015", "2014-15"; not ISO dates or phone numbers (longer
    // chains), nor the numbers of laws and documents ("loi n° 2005-06", "Resolution No. 12-3", "Decreto
    // 44-2016"), nor local phone numbers ("2411-9191"): see isRange. Not in right-to-left text: there a
    // hyphen keeps "2024-2028" one left-to-right run as typed, while an en dash, a neutral, is laid out right
    // to left and would print "2028–2024".
    if (options.direction !== 'rtl') t = t.replace(/(?<![\d\-–])(?<!(?:\b[Nn][oº°]\.?|\b[Nn]\.[ºª°o]|№|\b[Nn]ro?\.|\b[Nn]úm\.|\b[Aa]rt\.)[\s\u00a0]*)(\d{1,4})-(\d{1,4})(?![\d\-–])/g, (pair, a: string, b: string) =>
      isRange(a, b) ? `${a}–${b}` : pair,
    );
  }
  // Phone numbers with a leading +: keep their groups together.
  t = t.replace(/\+\d[\d ()-]{4,}\d/g, (phone) => phone.replace(/ /g, NBSP));
  // Numbers grouped by spaces ("15 000", "3 500 звонков", "1 234 567") never break between their groups:
  // a narrow no-break space, the thin space of French and Russian typography. Not in a title: Chrome writes
  // no space for it in the PDF's text, where "3 200 personnes" would read and be searched as "3200".
  const narrow = all ? '\u202f' : NBSP;
  t = t.replace(/(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])/g, (n) => n.replace(/ /g, narrow));
  t = t.replace(NUMBER_UNIT, `$1${NBSP}`);
  // "No. 5", "№ 5", "n° 5", "N.º 5", "Nro. 5", "Nr. 5", "Art. 5"
  t = t.replace(/(\b[Nn]o\.|№|\b[Nn][°º]|\b[Nn]\.[ºª°o]|\b[Nn]ro?\.|\b[Nn]úm\.|\b[Aa]rt\.) (?=\d)/g, `$1${NBSP}`);
  if (lang === 'fr') {
    // French spaces before high punctuation and inside guillemets never break: "Pourquoi ?", « ainsi ».
    // Typed without the space too: « and » always get one, and ; ! ? after a word (never the colon, which
    // also stands in times and references).
    t = t
      .replace(/(?<=\S) +(?=[;!?»])/g, narrow)
      .replace(/(?<=\S) +:(?=\s|$)/g, `${NBSP}:`)
      .replace(all ? /« */g : /« +/g, `«${NBSP}`);
    if (all) t = t.replace(/(?<=[^\s\u202f\u00a0])»/g, '\u202f»').replace(/(?<=[\p{L}\p{N}»)\]])(?=[;!?])/gu, '\u202f');
  }
  if (lang === 'ru' || lang === 'uk' || lang === 'be' || lang === 'bg' || lang === 'cs' || lang === 'sk' || lang === 'pl') {
    // One-letter prepositions and conjunctions stay with the next word.
    // Russian в к с о у и а я, Ukrainian і й з, Belarusian ў, Polish w z, Czech and Slovak k s v z.
    t = t.replace(/(?<=^|[\s(«„"])([вксоуиаяізйўВКСОУИАЯІЗЙЎkKsSvVzZwWiIoOuUaA]) (?=\S)/gu, `$1${NBSP}`);
  }
  return t;
}
