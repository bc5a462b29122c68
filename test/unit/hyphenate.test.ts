import { describe, expect, it } from 'vitest';
import { hyphenateText, hyphenatorFor } from '../../src/markdown/hyphenate.js';

const SHY = '\u00ad';
const mark = (w: string) => `[${w}]`;

describe('hyphenatorFor', () => {
  it('finds patterns for en (via en-us), ru and a regional tag', () => {
    const en = hyphenatorFor('en')!;
    expect(en('implementation')).toBe(`im${SHY}ple${SHY}men${SHY}ta${SHY}tion`);
    expect(hyphenatorFor('en-GB')).toBeTypeOf('function');
    expect(hyphenatorFor('ru')!('государственный')).toContain(SHY);
  });

  it('takes the script of the tag into account: Serbian and Bosnian in Latin letters get Latin patterns', () => {
    for (const tag of ['sr-Latn', 'sr-Latn-RS', 'bs', 'hr', 'sr', 'sr-Cyrl', 'bs-Cyrl']) {
      const latin = !/^sr$|Cyrl/.test(tag);
      const word = latin ? 'organizacija' : 'организација';
      expect(hyphenatorFor(tag)!(word), tag).toContain(SHY);
    }
  });

  it('returns the same hyphenator for the same language', () => {
    expect(hyphenatorFor('en')).toBe(hyphenatorFor('en'));
  });

  it('returns undefined for a language without patterns or with unsafe characters', () => {
    expect(hyphenatorFor('zz')).toBeUndefined();
    expect(hyphenatorFor('../../etc')).toBeUndefined();
  });
});

describe('hyphenateText', () => {
  it('passes only lower-case words of six or more letters', () => {
    expect(hyphenateText('The cooperation of Kazakhstan and USAID in trafficking', mark)).toBe(
      'The [cooperation] of Kazakhstan and USAID in [trafficking]',
    );
  });

  it('leaves e-mail addresses, URLs, paths and hyphenated parts whole', () => {
    const text = 'mail dkeserovic@iom.int see www.example.org/information or C:\\programs\\folder and self-organised';
    expect(hyphenateText(text, mark)).toBe(text);
  });

  it('hyphenates a word followed by sentence punctuation', () => {
    expect(hyphenateText('about trafficking. Then', mark)).toBe('about [trafficking]. Then');
    expect(hyphenateText('(trafficking), “victims”', mark)).toBe('([trafficking]), “[victims]”');
  });

  it('hyphenates Cyrillic words', () => {
    expect(hyphenateText('Семинар по вопросам торговли', mark)).toBe('Семинар по [вопросам] [торговли]');
  });
});

describe('very long runs of letters', () => {
  it('leaves a run longer than any word alone, quickly', () => {
    const en = hyphenatorFor('en')!;
    const run = 'a'.repeat(50_000);
    const t0 = performance.now();
    expect(hyphenateText(`The word ${run} here.`, en)).toBe(`The word ${run} here.`);
    // bounded far above the milliseconds it takes: the patterns took 45 s on such a run
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(hyphenateText('the organisations', en)).toContain('\u00ad');
  });
});
