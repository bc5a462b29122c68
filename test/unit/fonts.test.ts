/** Which fonts a text needs: what the default template covers, and how fallback families and `subsets` count. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/build.js';
import { checkEdition } from '../../src/check-edition.js';
import { embeddedFontFaces } from '../../src/output/chrome.js';
import { fontFaceCss, uncoveredCharacters, type FontSpec } from '../../src/render/fonts.js';
import { ROOT } from '../helpers/edition.js';

const defaultFonts = (JSON.parse(readFileSync(path.join(ROOT, 'templates', 'default', 'template.json'), 'utf8')) as { fonts: FontSpec[] }).fonts;
const cps = (text: string): number[] => [...text].map((c) => c.codePointAt(0)!);
const serif: FontSpec = { family: 'Noto Serif', package: '@fontsource/noto-serif', faces: [{ weight: 400, style: 'normal' }] };
const sans: FontSpec = { family: 'Noto Sans', package: '@fontsource/noto-sans', faces: [{ weight: 400, style: 'normal' }] };

// A word or two in each script the default template has a font for.
const COVERED = {
  Latin: 'Trafficking, Việt Nam, Łódź',
  Cyrillic: 'Торговля людьми',
  Greek: 'Εμπορία ανθρώπων',
  Arabic: 'الاتجار بالبشر',
  Hebrew: 'סחר בבני אדם',
  Georgian: 'ტრეფიკინგი',
  Armenian: 'Թրաֆիքինգ',
  Devanagari: 'मानव बेचबिखन',
  Bengali: 'মানব পাচার',
  Sinhala: 'මිනිස් ජාවාරම',
  Thai: 'การค้ามนุษย์',
  Khmer: 'ការជួញដូរមនុស្ស',
  Lao: 'ການຄ້າມະນຸດ',
  Myanmar: 'လူကုန်ကူးမှု',
  Ethiopic: 'የሰዎች ንግድ',
};

describe('the default template', () => {
  it.each(Object.entries(COVERED))('has a font for %s, in the text and in the headings', async (_script, text) => {
    expect(await uncoveredCharacters(defaultFonts, cps(text))).toEqual([]);
  });

  it('has none for Chinese, Tibetan or emoji, which lint and build warn about', async () => {
    expect(await uncoveredCharacters(defaultFonts, cps('中文 བོད 🙂'))).toEqual(cps('中文བོད🙂'));
  });

  it('embeds a script’s own family only for an edition that uses it, in serif for the text and sans for headings', async () => {
    const latin = await fontFaceCss(defaultFonts, new Set(cps('Plain English')));
    expect(latin).not.toMatch(/Georgian|Thai|Arabic/);
    const georgian = await fontFaceCss(defaultFonts, new Set(cps('Plain English and ტრეფიკინგი')));
    const families = [...georgian.matchAll(/font-family:"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(families)).toEqual(new Set(['Noto Serif', 'Noto Sans', 'Noto Serif Georgian', 'Noto Sans Georgian']));
    // Only the Georgian subset of the Georgian families, never their Latin or symbols.
    expect([...georgian.matchAll(/font-family:"Noto Sans Georgian"[^}]*unicode-range:([^}]+)/g)].map((m) => m[1])).toEqual(
      Array(3).fill(JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@fontsource', 'noto-sans-georgian', 'unicode.json'), 'utf8')).georgian),
    );
  });
});

describe('uncoveredCharacters', () => {
  it('counts a character as covered only when every main family has it (text may be set in any of them)', async () => {
    // Noto Sans has Devanagari, Noto Serif does not.
    expect(await uncoveredCharacters([serif, sans], cps('मानव'))).toEqual(cps('मानव'));
    const serifDevanagari: FontSpec = { family: 'Noto Serif Devanagari', package: '@fontsource/noto-serif-devanagari', fallback: true, faces: [{ weight: 400, style: 'normal' }] };
    expect(await uncoveredCharacters([serif, sans, serifDevanagari], cps('मानव'))).toEqual([]);
  });

  it('takes from a fallback family only the subsets the template names', async () => {
    // Noto Sans Georgian carries a "symbols" subset as well; ⌘ (U+2318) is in it and in neither main family.
    const georgian: FontSpec = { family: 'Noto Sans Georgian', package: '@fontsource/noto-sans-georgian', fallback: true, faces: [{ weight: 400, style: 'normal' }] };
    expect(await uncoveredCharacters([serif, sans], cps('⌘'))).toEqual(cps('⌘'));
    expect(await uncoveredCharacters([serif, sans, georgian], cps('⌘'))).toEqual([]);
    expect(await uncoveredCharacters([serif, sans, { ...georgian, subsets: ['georgian'] }], cps('⌘ ტ'))).toEqual(cps('⌘'));
  });
});

describe('embeddedFontFaces (the fonts a print tab loads before the document)', () => {
  it('takes every font of a rendered edition, all of them data: URLs', async () => {
    const checked = await checkEdition(path.join(ROOT, 'examples', 'central-asia-2014-q4'));
    const { html } = await renderDocument(checked.edition!);
    const faces = embeddedFontFaces(html);
    expect(faces.length).toBe(html.split('@font-face').length - 1);
    expect(faces.length).toBeGreaterThanOrEqual(4);
    for (const face of faces) expect(face).toMatch(/^@font-face\s*\{[^{}]*src:\s*url\(data:font\/woff2;base64,[A-Za-z0-9+/=]+\)[^{}]*\}$/);
  });

  it('leaves out a rule with any source outside the document, and one with no URL at all', () => {
    const data = 'url(data:font/woff2;base64,AAAA)';
    const html = `<style>
      @font-face { font-family: A; src: ${data}; }
      @font-face { font-family: B; src: url("fonts/b.woff2"); }
      @font-face { font-family: C; src: ${data}, url('https://example.org/c.woff2'); }
      @font-face { font-family: D; src: local("Noto Serif"); }
      @FONT-FACE{font-family:E;src:URL( "data:font/woff;base64,BBBB" )}
    </style>`;
    expect(embeddedFontFaces(html).map((f) => /font-family:\s*(\w)/.exec(f)![1])).toEqual(['A', 'E']);
  });
});
