/**
 * Fonts shipped with the package (the @fontsource Noto families), embedded into the document as `data:` URLs
 * so that the PDF and the HTML edition never depend on what the machine has installed. Only the Unicode
 * subsets that the edition's text uses are embedded.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BulletinError } from '../diagnostics.js';

export interface FontFace {
  weight: number;
  style: 'normal' | 'italic';
}

export interface FontSpec {
  /** CSS family name, e.g. "Noto Serif". */
  family: string;
  /** An @fontsource package, e.g. "@fontsource/noto-serif". */
  package: string;
  faces: FontFace[];
  /**
   * A font for another script, listed after the main families in the CSS font stacks (Noto Naskh Arabic after
   * Noto Serif): its subsets are embedded only for characters that no main family covers, never its Latin.
   */
  fallback?: boolean | undefined;
  /**
   * Only these of the package's Unicode subsets (`georgian`), for a family that carries more than its script:
   * Noto Sans Georgian also has symbols that would then count as covered in text set in a family without them.
   */
  subsets?: string[] | undefined;
}

const require = createRequire(import.meta.url);

interface SubsetInfo {
  name: string;
  ranges: [number, number][];
  css: string;
}

const subsetCache = new Map<string, SubsetInfo[]>();
const fileCache = new Map<string, string>();

function packageDir(pkg: string): string {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new BulletinError(`The font package ${pkg} is not installed. Run \`npm ci\` (or \`npm install ${pkg}\`).`, 'font-missing');
  }
}

async function subsetsOf(pkg: string): Promise<SubsetInfo[]> {
  const cached = subsetCache.get(pkg);
  if (cached) return cached;
  const json = JSON.parse(await readFile(path.join(packageDir(pkg), 'unicode.json'), 'utf8')) as Record<string, string>;
  const subsets = Object.entries(json).map(([name, css]) => ({ name, css, ranges: parseRanges(css) }));
  subsetCache.set(pkg, subsets);
  return subsets;
}

/** The subsets of a font that the template uses: all of its package's, or those it names. */
async function subsetsOfSpec(spec: FontSpec): Promise<SubsetInfo[]> {
  const all = await subsetsOf(spec.package);
  return spec.subsets ? all.filter((s) => spec.subsets!.includes(s.name)) : all;
}

function parseRanges(css: string): [number, number][] {
  return css.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = parseInt(a!, 16);
    return [lo, b ? parseInt(b, 16) : lo];
  });
}

/** Code points used by a text, for choosing subsets. */
export function codePointsOf(text: string): Set<number> {
  const set = new Set<number>();
  for (const ch of text) set.add(ch.codePointAt(0)!);
  return set;
}

const inRanges = (cp: number, ranges: readonly [number, number][]): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/** Whether every main family has the character (text may be set in any of them: serif text, sans headings). */
async function mainCoverage(specs: readonly FontSpec[]): Promise<(cp: number) => boolean> {
  const main = await Promise.all(specs.filter((s) => !s.fallback).map(async (s) => (await subsetsOfSpec(s)).flatMap((sub) => sub.ranges)));
  return (cp) => main.length > 0 && main.every((ranges) => inRanges(cp, ranges));
}

/**
 * `@font-face` rules with embedded fonts for the subsets that `codePoints` need (latin always). A fallback
 * family is embedded for the characters that some main family lacks.
 */
export async function fontFaceCss(specs: readonly FontSpec[], codePoints: Set<number>): Promise<string> {
  const rules: string[] = [];
  const inMain = await mainCoverage(specs);
  const forFallback = [...codePoints].filter((cp) => !inMain(cp));
  for (const spec of specs) {
    // Most editions need no other script: their fallback families are not even looked at.
    if (spec.fallback && forFallback.length === 0) continue;
    const dir = packageDir(spec.package);
    const id = spec.package.replace(/^@fontsource\//, '');
    const subsets = (await subsetsOfSpec(spec)).filter((s) =>
      spec.fallback
        ? forFallback.some((cp) => inRanges(cp, s.ranges))
        : s.name === 'latin' || [...codePoints].some((cp) => inRanges(cp, s.ranges)),
    );
    for (const face of spec.faces) {
      for (const subset of subsets) {
        const file = path.join(dir, 'files', `${id}-${subset.name}-${face.weight}-${face.style}.woff2`);
        let data = fileCache.get(file);
        if (data === undefined) {
          try {
            data = (await readFile(file)).toString('base64');
          } catch {
            throw new BulletinError(
              `The font file ${file} is missing: ${spec.family} ${face.weight} ${face.style} is not in ${spec.package}.`,
              'font-missing',
            );
          }
          fileCache.set(file, data);
        }
        rules.push(
          `@font-face{font-family:${JSON.stringify(spec.family)};font-style:${face.style};font-weight:${face.weight};font-display:block;` +
            `src:url(data:font/woff2;base64,${data}) format("woff2");unicode-range:${subset.css}}`,
        );
      }
    }
  }
  return rules.join('\n');
}

/**
 * Characters the template's fonts do not cover wherever they may stand: not in every main family (Devanagari
 * is in Noto Sans, for headings, but not in Noto Serif, for the text) and in no fallback family. The PDF would
 * show them in whatever font the machine has, or as empty boxes. In the order of `codePoints`; spaces,
 * controls and format characters (soft hyphens, direction marks, joiners) are never counted.
 */
export async function uncoveredCharacters(specs: readonly FontSpec[], codePoints: Iterable<number>): Promise<number[]> {
  const inMain = await mainCoverage(specs);
  const candidates = [...codePoints].filter((cp) => cp >= 0x20 && !IGNORED.test(String.fromCodePoint(cp)) && !inMain(cp));
  if (candidates.length === 0) return [];
  const fallback = (await Promise.all(specs.filter((s) => s.fallback).map((s) => subsetsOfSpec(s)))).flat().flatMap((sub) => sub.ranges);
  return candidates.filter((cp) => !inRanges(cp, fallback));
}

const IGNORED = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Variation_Selector}]$/u;

const SCRIPTS = ['Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Lao', 'Khmer', 'Myanmar', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Tibetan', 'Ethiopic', 'Georgian', 'Armenian', 'Mongolian', 'Thaana', 'Syriac'];
let scriptTests: (readonly [string, RegExp])[] | undefined;

/** A reader's name for the script of a character: "Han", "Thai", "emoji", or undefined. */
export function scriptName(cp: number): string | undefined {
  const ch = String.fromCodePoint(cp);
  if (/^\p{Extended_Pictographic}$/u.test(ch)) return 'emoji';
  // Compiled on first use: Unicode property classes are slow to build, and most editions never need them.
  scriptTests ??= SCRIPTS.map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, 'u')] as const);
  return scriptTests.find(([, re]) => re.test(ch))?.[0];
}
