import { describe, expect, it } from 'vitest';
import { dateKey, dateSpan, daysInMonth, formatDate, parseIsoDate } from '../../src/util/dates.js';

describe('parseIsoDate', () => {
  it('parses a calendar date', () => {
    expect(parseIsoDate('2014-11-03')).toEqual({ year: 2014, month: 11, day: 3, iso: '2014-11-03' });
  });

  it('parses a month-precision date without a day', () => {
    const d = parseIsoDate('2014-11');
    expect(d).toEqual({ year: 2014, month: 11, iso: '2014-11' });
    expect(d).not.toHaveProperty('day');
  });

  it('trims surrounding white space', () => {
    expect(parseIsoDate(' 2014-11-03 ')).toEqual({ year: 2014, month: 11, day: 3, iso: '2014-11-03' });
  });

  it.each([
    ['2014-02-30', 'day beyond the month'],
    ['2015-02-29', 'no leap day in 2015'],
    ['2014-13-01', 'month 13'],
    ['2014-00-10', 'month 0'],
    ['2014-11-00', 'day 0'],
    ['2014-00', 'month-only with month 0'],
    ['2014-1-03', 'one-digit month'],
    ['14-11-03', 'two-digit year'],
    ['2014-11-03T00:00', 'a time part'],
    ['03.11.2014', 'a European date'],
    ['', 'empty text'],
  ])('refuses %s (%s)', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseIsoDate('2016-02-29')?.day).toBe(29);
  });
});

describe('daysInMonth', () => {
  it('knows month lengths and leap years', () => {
    expect(daysInMonth(2014, 2)).toBe(28);
    expect(daysInMonth(2016, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2014, 4)).toBe(30);
    expect(daysInMonth(2014, 12)).toBe(31);
  });

  it('takes years below 100 as written, not as 19xx', () => {
    expect(daysInMonth(0, 2)).toBe(29);
    expect(daysInMonth(4, 2)).toBe(29);
    expect(formatDate(parseIsoDate('0014-11-03')!, 'en')).toBe('November 3, 14');
  });
});

describe('dateKey', () => {
  const key = (s: string) => dateKey(parseIsoDate(s)!);

  it('orders dates chronologically across days, months and years', () => {
    const sorted = ['2015-01-01', '2014-11-03', '2014-10-31', '2014-11-30', '2013-12-31'].sort((a, b) => key(a) - key(b));
    expect(sorted).toEqual(['2013-12-31', '2014-10-31', '2014-11-03', '2014-11-30', '2015-01-01']);
  });

  it('puts a month-precision date before the days of its month and after the previous month', () => {
    expect(key('2014-11')).toBeLessThan(key('2014-11-01'));
    expect(key('2014-11')).toBeGreaterThan(key('2014-10-31'));
    expect(key('2014-11-03')).toBe(20141103);
  });
});

describe('dateSpan', () => {
  it('spans a whole month for a month-precision date', () => {
    expect(dateSpan(parseIsoDate('2014-02')!)).toEqual([20140201, 20140228]);
  });
  it('is a single day for a calendar date', () => {
    expect(dateSpan(parseIsoDate('2014-11-03')!)).toEqual([20141103, 20141103]);
  });
});

describe('formatDate', () => {
  it('formats English datelines', () => {
    expect(formatDate(parseIsoDate('2014-11-03')!, 'en')).toBe('November 3, 2014');
    expect(formatDate(parseIsoDate('2014-11')!, 'en')).toBe('November 2014');
  });

  it('formats Russian datelines with genitive month names', () => {
    expect(formatDate(parseIsoDate('2014-11-03')!, 'ru')).toBe('3 ноября 2014 г.');
    expect(formatDate(parseIsoDate('2014-11')!, 'ru')).toBe('ноябрь 2014 г.');
  });

  it('writes the first of the month as 1er in French, and only the first', () => {
    expect(formatDate(parseIsoDate('2024-11-01')!, 'fr')).toBe('1er novembre 2024');
    expect(formatDate(parseIsoDate('2024-11-01')!, 'fr-SN')).toBe('1er novembre 2024');
    expect(formatDate(parseIsoDate('2024-11-11')!, 'fr')).toBe('11 novembre 2024');
    expect(formatDate(parseIsoDate('2024-11')!, 'fr')).toBe('novembre 2024');
    expect(formatDate(parseIsoDate('2024-11-01')!, 'es')).toBe('1 de noviembre de 2024');
  });

  it('does not shift the day by the local time zone (first and last day of a year)', () => {
    expect(formatDate(parseIsoDate('2014-01-01')!, 'en')).toBe('January 1, 2014');
    expect(formatDate(parseIsoDate('2014-12-31')!, 'en')).toBe('December 31, 2014');
  });

  it('falls back to English for an invalid language tag', () => {
    expect(formatDate(parseIsoDate('2014-11-03')!, '!!bad')).toBe('November 3, 2014');
  });
});

describe('formatDate in other calendars’ languages', () => {
  it('keeps the Gregorian calendar of the reports, in the language’s words and digits', () => {
    const persian = formatDate(parseIsoDate('2014-11-03')!, 'fa');
    expect(persian).toContain('نوامبر'); // November, not the Solar Hijri Aban
    expect(persian).toContain('۲۰۱۴');
    expect(formatDate(parseIsoDate('2014-11-03')!, 'th')).toContain('2014'); // not the Buddhist year 2557
  });
});

describe('formatDate in a script the locale data lacks', () => {
  it('gives the date in figures rather than month names in another script', () => {
    expect(formatDate(parseIsoDate('2014-11-03')!, 'kk-Latn')).toMatch(/^[\d.\s-]+$/);
    expect(formatDate(parseIsoDate('2014-11-03')!, 'kk-Latn')).toContain('2014');
    // where the data exists, month names as usual
    expect(formatDate(parseIsoDate('2014-11-03')!, 'uz-Latn')).toContain('noyabr');
    expect(formatDate(parseIsoDate('2014-11-03')!, 'kk')).toContain('қараша');
  });
});
