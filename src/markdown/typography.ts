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

export function typeset(text: string, language: string): string {
  const lang = language.toLowerCase().split('-')[0];
  let t = text;
  // " - " and " -- " between words are dashes; the space before it does not break, so a line never starts
  // with a dash.
  t = t.replace(/(\S) +(?:-{1,3}|[–—]) +(?=\S)/g, `$1${NBSP}${dashFor(language)} `);
  // Ranges of small numbers: "17-18 December", "Photo 1-2"; not ISO dates or phone numbers (longer chains),
  // nor the numbers of laws and documents ("loi n° 2005-06", "Resolution No. 12-3").
  t = t.replace(/(?<![\d\-–])(?<!(?:\b[Nn][oº°]\.?|№|\b[Nn]r\.|\b[Nn]úm\.|\b[Aa]rt\.)[\s\u00a0]*)(\d{1,4})-(\d{1,4})(?![\d\-–])/g, '$1–$2');
  // Phone numbers with a leading +: keep their groups together.
  t = t.replace(/\+\d[\d ()-]{4,}\d/g, (phone) => phone.replace(/ /g, NBSP));
  // Numbers grouped by spaces ("15 000", "3 500 звонков", "1 234 567") never break between their groups:
  // a narrow no-break space, the thin space of French and Russian typography.
  t = t.replace(/(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])/g, (n) => n.replace(/ /g, '\u202f'));
  t = t.replace(NUMBER_UNIT, `$1${NBSP}`);
  // "No. 5", "№ 5", "n° 5", "Nr. 5", "Art. 5"
  t = t.replace(/(\b[Nn]o\.|№|\b[Nn][°º]|\b[Nn]r\.|\b[Nn]úm\.|\b[Aa]rt\.) (?=\d)/g, `$1${NBSP}`);
  if (lang === 'fr') {
    // French spaces before high punctuation and inside guillemets never break: "Pourquoi ?", « ainsi ».
    // Typed without the space too: « and » always get one, and ; ! ? after a word (never the colon, which
    // also stands in times and references).
    t = t
      .replace(/(?<=\S) +(?=[;!?»])/g, '\u202f')
      .replace(/(?<=\S) +:(?=\s|$)/g, `${NBSP}:`)
      .replace(/« */g, `«${NBSP}`)
      .replace(/(?<=[^\s\u202f\u00a0])»/g, '\u202f»')
      .replace(/(?<=[\p{L}\p{N}»)\]])(?=[;!?])/gu, '\u202f');
  }
  if (lang === 'ru' || lang === 'uk' || lang === 'be' || lang === 'bg' || lang === 'cs' || lang === 'sk' || lang === 'pl') {
    // One-letter prepositions and conjunctions stay with the next word.
    // Russian в к с о у и а я, Ukrainian і й з, Belarusian ў, Polish w z, Czech and Slovak k s v z.
    t = t.replace(/(?<=^|[\s(«„"])([вксоуиаяізйўВКСОУИАЯІЗЙЎkKsSvVzZwWiIoOuUaA]) (?=\S)/gu, `$1${NBSP}`);
  }
  return t;
}
