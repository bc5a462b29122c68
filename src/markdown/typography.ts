/**
 * Typographic clean-up of running text, per language: dashes, non-breaking spaces before units, inside phone
 * numbers, after one-letter words (Russian) and before high punctuation (French), en dashes in number
 * ranges. Applied to text only, never to links, code or addresses.
 */
const NBSP = '\u00a0';

/** Units and signs that stay on the line of their number: "50 km", "15 %", "2014 г.". */
const UNITS = '%|‰|km|m|cm|mm|kg|g|t|ha|h|min|s|°C|USD|EUR|KZT|KGS|TJS|TMT|UZS|RUB|км|м|см|кг|т|га|ч|мин|сек|г\\.|гг\\.|тыс\\.|млн|млрд|руб\\.|долл\\.|сом|тенге';
const NUMBER_UNIT = new RegExp(`(\\d) (?=(?:${UNITS})(?![\\p{L}\\p{N}]))`, 'gu');

export function typeset(text: string, language: string): string {
  const lang = language.toLowerCase().split('-')[0];
  let t = text;
  // " - " and " -- " between words are dashes: an en dash in English, an em dash in Russian; the space
  // before it does not break, so a line never starts with a dash.
  const dash = lang === 'ru' || lang === 'uk' || lang === 'be' ? '—' : '–';
  t = t.replace(/(\S) +(?:-{1,3}|[–—]) +(?=\S)/g, `$1${NBSP}${dash} `);
  // Ranges of small numbers: "17-18 December", "Photo 1-2"; not ISO dates or phone numbers (longer chains).
  t = t.replace(/(?<![\d\-–])(\d{1,4})-(\d{1,4})(?![\d\-–])/g, '$1–$2');
  // Phone numbers with a leading +: keep their groups together.
  t = t.replace(/\+\d[\d ()-]{4,}\d/g, (phone) => phone.replace(/ /g, NBSP));
  t = t.replace(NUMBER_UNIT, `$1${NBSP}`);
  // "No. 5", "№ 5"
  t = t.replace(/(\b[Nn]o\.|№) (?=\d)/g, `$1${NBSP}`);
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
    t = t.replace(/(^|[\s(«„"])([вксоуиаяВКСОУИАЯzZwWiIoOuUaA]) (?=\S)/gu, `$1$2${NBSP}`);
  }
  return t;
}
