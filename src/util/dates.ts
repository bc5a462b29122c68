/** An ISO calendar date (`2014-11-03`) or month (`2014-11`), checked to exist in the calendar. */
export interface IsoDate {
  year: number;
  month: number;
  /** Absent for a month-precision date such as `2014-11`. */
  day?: number;
  /** The text as written, normalised. */
  iso: string;
}

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

export function parseIsoDate(text: string): IsoDate | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month, iso: `${m[1]}-${m[2]}` };
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day, iso: `${m[1]}-${m[2]}-${m[3]}` };
}

export function daysInMonth(year: number, month: number): number {
  return utcDate(year, month, 0).getUTCDate();
}

/** A UTC date; unlike `Date.UTC`, years 0 to 99 are those years, not 1900 to 1999. */
function utcDate(year: number, month: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d;
}

/** Sort key: month-precision dates sort before the days of their month. */
export function dateKey(d: IsoDate): number {
  return d.year * 10000 + d.month * 100 + (d.day ?? 0);
}

/** The first and last day a date may stand for, as comparable keys. */
export function dateSpan(d: IsoDate): [number, number] {
  const base = d.year * 10000 + d.month * 100;
  return d.day === undefined ? [base + 1, base + daysInMonth(d.year, d.month)] : [base + d.day, base + d.day];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Formats a date for a dateline in the edition's language ("November 3, 2014", "3 ноября 2014 г."), always in
 * the Gregorian calendar that the reports' dates and the edition's period are written in (Persian would
 * otherwise default to the Solar Hijri one).
 */
export function formatDate(d: IsoDate, language: string): string {
  const date = utcDate(d.year, d.month - 1, d.day ?? 1);
  const key = `${language}|${d.day === undefined ? 'month' : 'day'}`;
  let format = formatters.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      d.day === undefined
        ? { year: 'numeric', month: 'long', timeZone: 'UTC', calendar: 'gregory' }
        : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC', calendar: 'gregory' };
    try {
      format = new Intl.DateTimeFormat(language, options);
      // A script the locale data does not have (Kazakh in Latin letters): month names would come in the
      // language's other script, so the date is given in figures, in the language's order.
      const script = language.split('-').slice(1).find((p) => /^[a-z]{4}$/i.test(p));
      if (script && !format.resolvedOptions().locale.toLowerCase().split('-').includes(script.toLowerCase())) {
        format = new Intl.DateTimeFormat(language, { ...options, month: '2-digit', ...(d.day === undefined ? {} : { day: '2-digit' }) });
      }
    } catch {
      format = new Intl.DateTimeFormat('en', options);
    }
    formatters.set(key, format);
  }
  const text = format.format(date);
  // French writes the first of the month as an ordinal: "1er novembre 2024".
  if (d.day === 1 && language.toLowerCase().split('-')[0] === 'fr') return text.replace(/^1(?=[\s\u00a0\u202f])/, '1er');
  return text;
}

/** A local calendar day as YYYY-MM-DD (today's date for a new report or edition). */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
