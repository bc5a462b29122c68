import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hyphenateText, hyphenatorFor, loadPatterns } from '../../src/markdown/hyphenate.js';

const SHY = '\u00ad';
const mark = (w: string) => `[${w}]`;

describe('loadPatterns', () => {
  const require = createRequire(import.meta.url);
  let dir: string | undefined;
  afterEach(() => {
    vi.unstubAllEnvs();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the patterns as JSON in the cache folder and reads them from there the next time', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bulletin-hyphen-'));
    vi.stubEnv('BULLETIN_CACHE_DIR', dir);
    const first = loadPatterns('en-us');
    expect(isDeepStrictEqual(first, require('hyphen/patterns/en-us.js'))).toBe(true);
    const files = readdirSync(path.join(dir, 'hyphen'));
    expect(files).toEqual([expect.stringMatching(/^en-us-\d+-\d+\.json$/)]);
    // What the cache holds is what is used: the module is not loaded again.
    writeFileSync(path.join(dir, 'hyphen', files[0]!), '{"from":"cache"}');
    expect(loadPatterns('en-us')).toEqual({ from: 'cache' });
    // A damaged cache file is not used, and is written anew.
    writeFileSync(path.join(dir, 'hyphen', files[0]!), '{"from":');
    expect(isDeepStrictEqual(loadPatterns('en-us'), first)).toBe(true);
    expect(isDeepStrictEqual(loadPatterns('en-us'), first)).toBe(true);
  });

  it('works without a cache folder it can write to', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bulletin-hyphen-'));
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, '');
    vi.stubEnv('BULLETIN_CACHE_DIR', file);
    expect(isDeepStrictEqual(loadPatterns('ru'), require('hyphen/patterns/ru.js'))).toBe(true);
    expect(existsSync(path.join(file, 'hyphen'))).toBe(false);
  });

  it('loses nothing in JSON, for the patterns of every language the package has', () => {
    const folder = path.dirname(require.resolve('hyphen/patterns/en-us.js'));
    let checked = 0;
    for (const name of readdirSync(folder).filter((f) => f.endsWith('.js'))) {
      let patterns: unknown;
      try {
        patterns = require(path.join(folder, name));
      } catch {
        continue; // a module Node cannot load is never used (hyphenatorFor tries the next name)
      }
      expect(isDeepStrictEqual(JSON.parse(JSON.stringify(patterns)), patterns), name).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(70);
  });
});

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
