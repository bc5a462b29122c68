/**
 * Builds the example edition for real (Chrome, two passes) and reads the results back: the PDF with
 * poppler, the HTML with a real HTML parser.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { EditionConfig } from '../../src/config/schema.js';
import { readReports } from '../../src/reports/read-reports.js';
import { EXAMPLE, tempDir } from '../helpers/edition.js';
import { contentsAndHeadings, normalise, pdfFonts, pdfPageCount, pdfPagesText } from '../helpers/pdf.js';

let tmp: ReturnType<typeof tempDir>;
let result: BuildResult;
let pdfPath: string;
let htmlPath: string;
let pages: string[];
let config: EditionConfig;
let titles: { country: string; title: string }[];

beforeAll(async () => {
  tmp = tempDir();
  result = await build(EXAMPLE, { outDir: tmp.dir });
  pdfPath = result.files.find((f) => f.format === 'pdf')!.path;
  htmlPath = result.files.find((f) => f.format === 'html')!.path;
  pages = pdfPagesText(pdfPath);
  config = (await loadConfig(EXAMPLE)).config!;
  const { reports } = await readReports(EXAMPLE, config);
  titles = reports.map((r) => ({ country: r.country, title: r.frontMatter.title }));
});

afterAll(() => tmp.cleanup());

describe('the example edition as PDF', () => {
  it('writes both outputs under the configured name, and reports their page count and sizes', () => {
    expect(result.files.map((f) => path.basename(f.path)).sort()).toEqual([
      'central-asia-ct-bulletin-2014-q4.html',
      'central-asia-ct-bulletin-2014-q4.pdf',
    ]);
    expect(result.pages).toBe(pdfPageCount(pdfPath));
    expect(result.pages).toBeGreaterThanOrEqual(4);
    expect(result.pages).toBeLessThanOrEqual(8);
    for (const f of result.files) expect(f.bytes).toBe(readFileSync(f.path).byteLength);
  });

  it('has all six articles, two of them for Turkmenistan', () => {
    expect(titles).toHaveLength(6);
    expect(titles.filter((t) => t.country === 'Turkmenistan')).toHaveLength(2);
  });

  it('gives every article in the contents the page on which its heading stands', () => {
    const rows = contentsAndHeadings(pages, titles);
    for (const row of rows) {
      expect(row.actual, `heading of “${row.title}” not found`).toBeDefined();
      expect(row.listed, `contents number of “${row.title}”`).toBe(row.actual);
    }
    // and those numbers are the ones bulletin itself computed from Chrome's destinations
    expect(result.edition.articles.map((a) => result.pageOf!.get(a.id))).toEqual(rows.map((r) => r.actual));
  });

  it('puts the masthead and the contents on the first page, articles in the configured country order', () => {
    expect(pages[0]).toContain(config.title);
    expect(pages[0]).toContain('NO. 4');
    expect(pages[0]).toContain('OCTOBER – DECEMBER 2014');
    expect(pages[0]).toContain('IN THIS EDITION');
    const all = pages.join(' ');
    const positions = config.countries.map((c) => all.indexOf(`${c.toUpperCase()}: `));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('prints datelines from date and location', () => {
    const all = pages.join(' ');
    expect(all).toContain('BISHKEK, November 3, 2014 –');
    expect(all).toContain('December 25, 2014 – IOM Tajikistan');
    expect(all).toContain('AKTAU, November 2014 –');
  });

  it('prints the acknowledgement, the contacts (regional first) and the hotlines', () => {
    const all = pages.join(' ');
    expect(all).toContain(normalise(config.acknowledgement!));
    for (const c of config.contacts) {
      expect(all).toContain(c.name);
      expect(all).toContain(c.email!);
    }
    expect(all.indexOf('REGIONAL')).toBeLessThan(all.indexOf('Ms. Aliya Alikova'));
    expect(all).toContain('IOM COUNTER-TRAFFICKING HOTLINES IN CENTRAL ASIA');
    for (const n of ['8 8000 8000 15', '11616', '+996 312 641364', '+99871 276 94 44']) expect(all).toContain(n);
  });

  it('has a footer with the edition and page number on every page but the first', () => {
    const n = pages.length;
    expect(pages[0]).not.toMatch(/Page 1 of \d/);
    for (let p = 2; p <= n; p++) {
      expect(pages[p - 1]).toContain(`Page ${p} of ${n}`);
      expect(pages[p - 1]).toContain('Counter-Trafficking Programme in Central Asia · No. 4 · October – December 2014');
    }
  });

  it('embeds only the shipped Noto fonts, none of them Type 3', () => {
    const fonts = pdfFonts(pdfPath);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.embedded, f.name).toBe(true);
      expect(f.name, f.name).toMatch(/^[A-Z]{6}\+Noto(Sans|Serif)-/);
      expect(f.type).not.toMatch(/Type 3/);
    }
    const names = new Set(fonts.map((f) => f.name.split('+')[1]));
    expect(names).toContain('NotoSerif-Regular');
    expect(names).toContain('NotoSans-Bold');
  });

  it('loads nothing from outside the document', () => {
    expect(result.diagnostics.filter((d) => d.ruleId === 'render/refused-request')).toEqual([]);
  });

  it('hyphenates body text with soft hyphens but not the headings', () => {
    const raw = readFileSync(htmlPath, 'utf8');
    expect(raw.includes('traf\u00adfick\u00ading'), 'soft hyphens in “trafficking”').toBe(true);
    const headings = [...raw.matchAll(/<h2 class="article-heading"[^>]*>([\s\S]*?)<\/h2>/g)].map((m) => m[1]!);
    expect(headings).toHaveLength(6);
    for (const h of headings) expect(h).not.toContain('\u00ad');
  });
});

describe('the example edition as HTML', () => {
  let tree: Root;
  const elements: Element[] = [];
  beforeAll(() => {
    tree = unified().use(rehypeParse).parse(readFileSync(htmlPath, 'utf8'));
    visit(tree, 'element', (el) => void elements.push(el));
  });

  const attr = (el: Element, name: string) => (el.properties[name] === undefined ? undefined : String(el.properties[name]));

  it('declares its language and a Content-Security-Policy without scripts or remote loads', () => {
    expect(attr(elements.find((e) => e.tagName === 'html')!, 'lang')).toBe('en');
    const csp = elements.find((e) => e.tagName === 'meta' && attr(e, 'httpEquiv') === 'Content-Security-Policy');
    expect(attr(csp!, 'content')).toContain("default-src 'none'");
    expect(elements.filter((e) => e.tagName === 'script')).toEqual([]);
  });

  it('links every contents entry to an article that exists', () => {
    const ids = new Set(elements.map((e) => attr(e, 'id')).filter(Boolean));
    const nav = elements.find((e) => e.tagName === 'nav')!;
    const links: string[] = [];
    visit(nav, 'element', (el) => {
      if (el.tagName === 'a') links.push(attr(el, 'href')!);
    });
    // six articles, then the contacts and the hotlines
    expect(links).toHaveLength(8);
    for (const href of links) {
      expect(href.startsWith('#')).toBe(true);
      expect(ids.has(href.slice(1)), href).toBe(true);
    }
    const targets = links.map((href) => elements.find((e) => attr(e, 'id') === href.slice(1))!.tagName);
    expect(targets).toEqual(['article', 'article', 'article', 'article', 'article', 'article', 'section', 'section']);
  });

  it('embeds every image and font, and refers to nothing on the network or disk', () => {
    const imgs = elements.filter((e) => e.tagName === 'img');
    expect(imgs.length).toBeGreaterThanOrEqual(6);
    for (const img of imgs) {
      expect(attr(img, 'src')).toMatch(/^data:image\/(jpeg|png);base64,/);
      expect(attr(img, 'alt')).toBeTruthy();
    }
    const raw = readFileSync(htmlPath, 'utf8');
    expect(raw.match(/url\((?!data:)[^)]{0,80}/g)).toBeNull();
    expect(raw.match(/\s(src|href)="(?!data:|#|mailto:|tel:)[^"]{0,80}/g)).toBeNull();
  });

  it('embeds only the font faces its text needs: the Latin part of Noto Serif and Noto Sans', () => {
    const raw = readFileSync(htmlPath, 'utf8');
    const faces = [...raw.matchAll(/@font-face\{font-family:"([^"]+)";font-style:(\w+);font-weight:(\d+)/g)].map((m) => `${m[1]} ${m[3]} ${m[2]}`);
    expect(faces.length).toBeGreaterThan(0);
    // one subset per face (a comment of the style sheet once pulled in an Arabic font and a symbols subset)
    expect(new Set(faces).size).toBe(faces.length);
    for (const f of faces) expect(f).toMatch(/^Noto (Serif|Sans) \d+ (normal|italic)$/);
    expect(raw).not.toMatch(/\/\*[\s\S]*?\*\//);
  });

  it('carries captions, contacts with mailto links and hotlines with tel links', () => {
    expect(elements.filter((e) => e.tagName === 'figcaption').length).toBeGreaterThanOrEqual(6);
    const hrefs = elements.filter((e) => e.tagName === 'a').map((e) => attr(e, 'href') ?? '');
    expect(hrefs).toContain('mailto:dkeserovic@iom.int');
    expect(hrefs).toContain('tel:+77172990521');
    expect(hrefs).toContain('tel:+99871276944' + '4');
  });
});

describe('rebuilding into the same folder', () => {
  it('takes the previous numbers as a guess: one print when they hold, more when they do not, always true', async () => {
    const out = path.join(tmp.dir, 'rebuild');
    const first = await build(EXAMPLE, { outDir: out });
    expect(first.passes).toBe(2);
    const second = await build(EXAMPLE, { outDir: out });
    expect(second.passes).toBe(1);
    expect([...second.pageOf!]).toEqual([...first.pageOf!]);
    // A wrong guess (as after an edit that moved articles) is caught and corrected.
    const htmlFile = second.files.find((f) => f.format === 'html')!.path;
    writeFileSync(htmlFile, readFileSync(htmlFile, 'utf8').replace(/(id="toc-page-[^"]+">)\d+(<\/span>)/g, '$19$2'));
    const third = await build(EXAMPLE, { outDir: out });
    expect(third.passes).toBeGreaterThanOrEqual(2);
    const pages = pdfPagesText(third.files.find((f) => f.format === 'pdf')!.path);
    for (const row of contentsAndHeadings(pages, titles)) expect(row.listed, row.title).toBe(row.actual);
  });
});
