/**
 * Soft hyphens at build time. Headless Chromium on Linux does not hyphenate (`hyphens: auto` needs
 * dictionaries it downloads at run time), so justified columns would open rivers of white space. The
 * `hyphen` package's TeX patterns insert U+00AD where a word may break; Chrome breaks there and shows a
 * hyphen only at a line end.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cacheDir } from '../util/cache-dir.js';
import { makeDirsSync } from '../util/make-dirs.js';

const require = createRequire(import.meta.url);

type Hyphenator = (text: string) => string;
type Patterns = unknown;

const cache = new Map<string, Hyphenator | null>();

/** Pattern files in the `hyphen` package for a BCP 47 language, most specific first. */
function patternCandidates(language: string): string[] {
  const lang = language.toLowerCase();
  const parts = lang.split('-');
  const base = parts[0]!;
  // "sr-Latn-RS" is looked up as "sr-latn" before "sr", whose patterns are Cyrillic.
  const script = parts.slice(1).find((p) => /^[a-z]{4}$/.test(p));
  const withScript = script ? `${base}-${script}` : base;
  const aliases: Record<string, string> = {
    en: 'en-us',
    de: 'de-1996',
    el: 'el-monoton',
    sr: 'sr-cyrl',
    'sr-latn': 'sh-latn',
    // Bosnian and Montenegrin share the Serbo-Croatian patterns, in Latin letters unless written in Cyrillic.
    bs: 'sh-latn',
    'bs-cyrl': 'sh-cyrl',
    cnr: 'sh-latn',
    'cnr-cyrl': 'sh-cyrl',
    sh: 'sh-latn',
    mn: 'mn-cyrl',
  };
  return [...new Set([lang, aliases[lang] ?? lang, withScript, aliases[withScript] ?? withScript, base, aliases[base] ?? base])];
}

/** A word hyphenator for the language, or undefined when the `hyphen` package has no patterns for it. */
export function hyphenatorFor(language: string): Hyphenator | undefined {
  if (cache.has(language)) return cache.get(language) ?? undefined;
  let found: Hyphenator | null = null;
  for (const name of patternCandidates(language)) {
    if (!/^[a-z0-9-]+$/.test(name)) continue;
    try {
      const patterns = loadPatterns(name);
      const create = require('hyphen/hyphen.js') as (p: Patterns, o: object) => Hyphenator;
      found = memoize(create(patterns, { minWordLength: 6 }));
      break;
    } catch {
      // no patterns under this name; try the next
    }
  }
  cache.set(language, found);
  return found ?? undefined;
}

/**
 * The `hyphen` package's patterns for `name` (throws when it has none). Each language is a JavaScript module
 * around one large object literal, which Node takes some 25 ms to compile and run for English, a tenth of an
 * HTML build; the same data parsed as JSON takes a few. So the first use writes the patterns to the cache
 * folder as JSON, under the module file's size and time, and later runs read that. A cache that cannot be
 * read or written only means the module is loaded as before.
 */
export function loadPatterns(name: string): Patterns {
  const file = require.resolve(`hyphen/patterns/${name}.js`);
  const st = statSync(file);
  const cached = path.join(cacheDir('hyphen'), `${name}-${st.size}-${Math.trunc(st.mtimeMs)}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as Patterns;
  } catch {
    // not there yet, or unreadable: load the module
  }
  const patterns = require(file) as Patterns;
  const temp = `${cached}.${process.pid}.tmp`;
  try {
    makeDirsSync(path.dirname(cached));
    writeFileSync(temp, JSON.stringify(patterns));
    renameSync(temp, cached);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing was written
    }
  }
  return patterns;
}

/** Running text repeats its words: each is hyphenated once per process (a preview session included). */
function memoize(hyphenate: Hyphenator): Hyphenator {
  const done = new Map<string, string>();
  return (word) => {
    let out = done.get(word);
    if (out === undefined) {
      out = hyphenate(word);
      done.set(word, out);
    }
    return out;
  };
}

// No real word is longer than 60 letters; a longer run is not hyphenated (the patterns take time that grows
// with the square of its length, and it gets break points elsewhere).
const WORD = /\p{Ll}[\p{Ll}\p{M}]{5,59}(?![\p{Ll}\p{M}])/gu;
/** Capitalised words too, where every word must fit a narrow column (table headers). */
const WORD_OR_NAME = /(?:\p{Lu}\p{Ll}|\p{Ll}{2})[\p{Ll}\p{M}]{4,58}(?![\p{Ll}\p{M}])/gu;
const SHY = '\u00ad';

/** At least two letters before a break and three after it: "докумен-тов" rather than "докумен-тов" split at "-ов". */
function trimBreaks(word: string): string {
  const letters = word.replace(/\u00ad/g, '');
  let out = '';
  let seen = 0;
  for (const ch of word) {
    if (ch === SHY) {
      if (seen >= 2 && letters.length - seen >= 3) out += ch;
    } else {
      out += ch;
      seen++;
    }
  }
  return out;
}

/**
 * Hyphenates running text: only words of lower-case letters (six or more), so names, acronyms, numbers,
 * e-mail addresses and URLs (which never consist of letters only) are left whole. With `capitalised`,
 * capitalised words are hyphenated too.
 */
export function hyphenateText(text: string, hyphenate: Hyphenator, options: { capitalised?: boolean } = {}): string {
  return text.replace(options.capitalised ? WORD_OR_NAME : WORD, (word, offset: number, whole: string) => {
    // Part of a longer token such as an address or a path: leave it alone.
    const before = whole[offset - 1];
    const after = whole[offset + word.length];
    if ((before && /[\p{L}\p{N}@/._:\\-]/u.test(before)) || (after && /[\p{L}\p{N}@/_\\]/u.test(after))) return word;
    if (after === '.' && /[\p{L}\p{N}]/u.test(whole[offset + word.length + 1] ?? '')) return word;
    return trimBreaks(hyphenate(word));
  });
}
