/**
 * Markdown to HTML for one report: remark-parse + remark-gfm, remark-rehype (which drops raw HTML), then
 * rehype-sanitize with an explicit schema, then the tool's own trusted transforms (figures with captions,
 * heading levels, image references, the dateline) and rehype-stringify.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Root as MdastRoot, Image, Html } from 'mdast';
import { defaultSchema, type Schema } from 'hast-util-sanitize';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit, SKIP } from 'unist-util-visit';
import type { Node } from 'unist';
import type { DiagnosticSink, Position } from '../diagnostics.js';
import { checkContent, positionOf } from './content-rules.js';
import { hyphenateText } from './hyphenate.js';
import { typeset } from './typography.js';

/** An image a report refers to, resolved to a real file inside the edition folder. */
export interface ImageAsset {
  /** Stable token used as the image `src` until the render stage embeds the file. */
  token: string;
  /** Real path on disk (symbolic links resolved). */
  realPath: string;
  /** Path relative to the edition folder, for messages. */
  file: string;
  /** How wide it prints: a figure of its own, one of two or three side by side, or inside a line of text. */
  slot: ImageSlot;
  /** Where the report refers to it (the first place, if several). */
  usedAt?: { file: string; line: number; column: number };
}

export type ImageSlot = 'single' | 'pair' | 'triple' | 'inline';

function slotOf(parent: { type: string; children: { type: string; value?: string }[] } | undefined): ImageSlot {
  if (!parent || parent.type !== 'paragraph') return 'inline';
  let images = 0;
  for (const c of parent.children) {
    if (c.type === 'image' || c.type === 'imageReference') images++;
    else if (c.type === 'break' || (c.type === 'text' && (c.value ?? '').trim() === '')) continue;
    else return 'inline';
  }
  return images >= 3 ? 'triple' : images === 2 ? 'pair' : 'single';
}

export interface ArticleBody {
  html: string;
  images: ImageAsset[];
  /** Plain-text length of the body, for empty-body checks and statistics. */
  textLength: number;
}

export interface MarkdownContext {
  /** Real path of the edition folder: images must resolve inside it. */
  editionRealDir: string;
  /** Prefix for ids that the Markdown creates (footnotes), unique per article. */
  idPrefix: string;
  /** Lines before the body in the report file. */
  lineOffset: number;
  /** HTML for a run-in dateline, put at the start of the first paragraph; trusted. */
  dateline?: Element;
  /** The edition's countries, for the rule on misspelt country names in headings. */
  countries?: readonly string[];
  /** Inserts soft hyphens into a word; running text only. */
  hyphenate?: ((word: string) => string) | undefined;
  /** The edition's language, for typographic rules (dashes, non-breaking spaces). */
  language?: string;
}

export const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.avif': 'image/avif',
};

/** The sanitising schema: GitHub's, with links limited to web, mail and phone, and images to local files. */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  // Ids come only from footnotes, which remark-rehype already prefixes per article.
  clobberPrefix: '',
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => !['input', 'details', 'summary'].includes(t)),
  protocols: {
    href: ['http', 'https', 'mailto', 'tel'],
    cite: ['http', 'https'],
    longDesc: [],
    // Only relative references survive; they are resolved against the report and checked before this point.
    src: [],
  },
};

const parser = unified().use(remarkParse).use(remarkGfm);

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export interface AnalyzedMarkdown {
  mdast: MdastRoot;
  images: ImageAsset[];
  /** Characters of text plus images: zero means the report has no content of its own. */
  textLength: number;
}

/**
 * Parses a report body and runs the content rules on its Markdown tree: images (existence, place, alt text,
 * caption), raw HTML, placeholders, text pasted from a PDF, misspelt countries in headings. Images that
 * cannot be used are removed from the tree. Lint stops here; build goes on to HTML.
 */
export function analyzeMarkdown(body: string, ctx: MarkdownContext, reportAbsPath: string, sink: DiagnosticSink): AnalyzedMarkdown {
  const mdast = parser.parse(body) as MdastRoot;
  const images: ImageAsset[] = [];
  const at = (node: Node): Position | undefined => positionOf(node, ctx.lineOffset);
  // Content rules first, on the tree as written (an image that is then refused still needs its alt text,
  // and still counts as content: the report is not empty, its image is wrong).
  checkContent(mdast, body, ctx, sink);
  let textLength = 0;
  visit(mdast, (node) => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') textLength += (node as { value: string }).value.trim().length;
    else if (node.type === 'image' || node.type === 'imageReference') textLength++;
  });


  visit(mdast, (node, index, parent) => {
    if (node.type === 'html') {
      const html = (node as Html).value.trim();
      if (/^<!--[\s\S]*-->$/.test(html)) return; // comments are the scaffold's guidance; they never print
      sink.warn(
        'content/raw-html',
        `Raw HTML (${truncate(html, 40)}) is not printed: reports are Markdown only. Use Markdown for emphasis, links, images and tables.`,
        at(node),
      );
      return;
    }
    if (node.type !== 'image') return;
    const image = node as Image;
    const resolved = resolveImage(image.url, reportAbsPath, ctx.editionRealDir);
    if ('problem' in resolved) {
      sink.error(resolved.ruleId, resolved.problem, at(node));
      if (parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return;
    }
    const pos = at(node);
    images.push({ ...resolved.asset, slot: slotOf(parent as never), ...(pos ? { usedAt: { file: sink.file, line: pos.line, column: pos.column } } : {}) });
    image.url = resolved.asset.token;
    return;
  });
  // Image references (`![alt][label]`) take their URL from a definition: check it like an inline image.
  const referencedAsImage = new Map<string, Position | undefined>();
  visit(mdast, 'imageReference', (ref) => {
    if (!referencedAsImage.has(ref.identifier)) referencedAsImage.set(ref.identifier, at(ref));
  });
  visit(mdast, 'definition', (def, index, parent) => {
    if (!referencedAsImage.has(def.identifier)) return; // a link definition: links are not fetched
    const resolved = resolveImage(def.url, reportAbsPath, ctx.editionRealDir);
    if ('problem' in resolved) {
      sink.error(resolved.ruleId, resolved.problem, referencedAsImage.get(def.identifier) ?? at(def));
      if (parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return;
    }
    images.push({ ...resolved.asset, slot: 'single' });
    def.url = resolved.asset.token;
    return;
  });
  return { mdast, images, textLength };
}

export function markdownToHtml(body: string, ctx: MarkdownContext, reportAbsPath: string, sink: DiagnosticSink): ArticleBody {
  const { mdast, images, textLength } = analyzeMarkdown(body, ctx, reportAbsPath, sink);
  const hast = unified()
    .use(remarkRehype, { clobberPrefix: ctx.idPrefix, footnoteLabel: 'Notes' })
    .use(rehypeSanitize, sanitizeSchema)
    .runSync(mdast) as HastRoot;

  const validTokens = new Set(images.map((i) => i.token));
  transformTrusted(hast, ctx, validTokens);
  const html = unified().use(rehypeStringify).stringify(hast);
  return { html, images: dedupe(images), textLength };
}

function resolveImage(
  url: string,
  reportAbsPath: string,
  editionRealDir: string,
): { asset: Omit<ImageAsset, 'slot'> } | { problem: string; ruleId: string } {
  const shown = truncate(url, 80);
  if (url.trim() === '') return { ruleId: 'image/not-found', problem: 'The image has no file name.' };
  if (URL_SCHEME.test(url) || url.startsWith('//')) {
    return {
      ruleId: 'image/remote',
      problem: `The image “${shown}” is not a file of the edition. The build works offline and never fetches anything: put the picture in assets/ and refer to it as ../assets/name.jpg.`,
    };
  }
  let decoded = url.split(/[?#]/)[0]!;
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // keep it as written
  }
  if (path.isAbsolute(decoded)) {
    return {
      ruleId: 'image/outside-edition',
      problem: `The image “${shown}” is an absolute path. Refer to images relative to the report, inside the edition folder (../assets/name.jpg).`,
    };
  }
  const candidate = path.resolve(path.dirname(reportAbsPath), decoded);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return { ruleId: 'image/not-found', problem: `The image “${shown}” does not exist (looked for ${candidate}).` };
  }
  const rel = path.relative(editionRealDir, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return {
      ruleId: 'image/outside-edition',
      problem: `The image “${shown}” lies outside the edition folder. Copy it into assets/ and refer to it from there.`,
    };
  }
  try {
    if (!statSync(real).isFile()) return { ruleId: 'image/not-found', problem: `The image “${shown}” is not a file.` };
  } catch {
    return { ruleId: 'image/not-found', problem: `The image “${shown}” could not be read.` };
  }
  const ext = path.extname(real).toLowerCase();
  if (!(ext in IMAGE_TYPES)) {
    return {
      ruleId: 'image/unsupported-type',
      problem: `The image “${shown}” is not a supported picture type; use ${Object.keys(IMAGE_TYPES).join(', ')}.`,
    };
  }
  if (!looksLikePicture(real, ext)) {
    return {
      ruleId: 'image/unsupported-type',
      problem: `The file “${shown}” is named like a picture but its contents are not one (a document or a damaged download renamed?). Export the photo again as JPEG or PNG.`,
    };
  }
  const token = `bulletin-asset/${createHash('sha1').update(real).digest('hex').slice(0, 16)}${ext}`;
  return { asset: { token, realPath: real, file: rel.split(path.sep).join('/') } };
}

/** Transforms applied after sanitising: they only add structure the tool itself controls. */
function transformTrusted(tree: HastRoot, ctx: MarkdownContext, validTokens: Set<string>): void {
  // The edition title is h1 and article titles h2: the report's top heading level, whichever it is (most
  // write `##`), becomes h3 and the levels below it follow, so that no level is skipped.
  let topLevel = 6;
  visit(tree, 'element', (el) => {
    if (/^h[1-6]$/.test(el.tagName) && !isFootnoteLabel(el)) topLevel = Math.min(topLevel, Number(el.tagName[1]));
  });
  // Images that survived sanitising but whose src is not one of ours lose their src (defence in depth).
  visit(tree, 'element', (el) => {
    // remark-rehype leaves the footnote heading's id to the sanitiser's prefix, which is off here: prefix it
    // per article so that ids stay unique across the edition.
    if (el.properties['id'] === 'footnote-label') el.properties['id'] = `${ctx.idPrefix}footnote-label`;
    const describedBy = el.properties['ariaDescribedBy'];
    if (Array.isArray(describedBy)) {
      el.properties['ariaDescribedBy'] = describedBy.map((v) => (v === 'footnote-label' ? `${ctx.idPrefix}footnote-label` : v));
    } else if (describedBy === 'footnote-label') {
      el.properties['ariaDescribedBy'] = [`${ctx.idPrefix}footnote-label`];
    }
    if (el.tagName === 'img') {
      const src = String(el.properties['src'] ?? '');
      if (!validTokens.has(src)) delete el.properties['src'];
    }
    if (/^h[1-6]$/.test(el.tagName) && !isFootnoteLabel(el)) {
      el.tagName = `h${Math.min(6, Number(el.tagName[1]) - topLevel + 3)}`;
    }
  });

  const children = tree.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type !== 'element') continue;
    if (node.tagName === 'p' && isImageParagraph(node)) {
      children[i] = toFigure(node);
    } else if (node.tagName === 'table') {
      children[i] = { type: 'element', tagName: 'div', properties: { className: ['table-wrap', ...tableClasses(node)] }, children: [node] };
    }
  }

  if (ctx.language) typesetTree(tree, ctx.language);
  if (ctx.hyphenate) hyphenateTree(tree, ctx.hyphenate);
  visit(tree, 'element', (el) => {
    if (el.tagName === 'td' || el.tagName === 'th') breakLongTokens(el);
  });

  if (ctx.dateline) {
    // Run in at the start of the text, after any sub-headings; when the text opens with something else (a
    // table, a photo, a list), on a line of its own that stays with what follows.
    const at = children.findIndex((n) => n.type === 'element' && !/^h[1-6]$/.test(n.tagName));
    const first = children[at];
    if (first?.type === 'element' && first.tagName === 'p') {
      first.children.unshift(ctx.dateline);
      first.properties['className'] = ['lead'];
    } else {
      const alone: Element = { type: 'element', tagName: 'p', properties: { className: ['lead', 'lead-alone'] }, children: [ctx.dateline] };
      children.splice(at < 0 ? children.length : at, 0, alone);
    }
  }
}

/** Longest run without a break opportunity that a table cell keeps whole. */
const LONG_TOKEN = 18;
const HAS_LONG_TOKEN = new RegExp(`[^\\s\u00ad]{${LONG_TOKEN},}`);

/**
 * Break opportunities (`<wbr>`) inside long addresses, numbers and words in a table cell: after the
 * punctuation of a URL or e-mail address, else every twelve characters. The table can then give every column
 * the width of its longest real word, and no cell pushes the table past its column.
 */
function breakLongTokens(cell: Element): void {
  const walk = (el: Element): void => {
    const out: ElementContent[] = [];
    for (const child of el.children) {
      if (child.type === 'element') walk(child);
      if (child.type !== 'text' || !HAS_LONG_TOKEN.test(child.value)) {
        out.push(child);
        continue;
      }
      for (const part of child.value.split(/(\s+)/)) {
        if (part.length < LONG_TOKEN || /\s|\u00ad/.test(part)) {
          if (part) out.push({ type: 'text', value: part });
          continue;
        }
        const pieces = part.match(/[^/._\-@?&=#:]*[/._\-@?&=#:]*/g)!.filter(Boolean).flatMap((p) => p.match(/.{1,12}/gsu)!);
        pieces.forEach((piece, i) => {
          if (i > 0) out.push({ type: 'element', tagName: 'wbr', properties: {}, children: [] });
          out.push({ type: 'text', value: piece });
        });
      }
    }
    el.children = out;
  };
  walk(cell);
}

/** Characters a column of a table may take before it counts as wide: longer cells wrap. */
const CELL_CHARS = 24;
/** About what a text column holds at the size tables print: wider tables run across both columns. */
const COLUMN_CHARS = 56;
/** Longer tables may break across columns and pages (their header row repeats) rather than leave a hole. */
const LONG_TABLE_ROWS = 8;

/** `table-wide` for a table that needs the whole page width, `table-long` for one that may break. */
function tableClasses(table: Element): string[] {
  const rows: Element[] = [];
  visit(table, 'element', (el) => {
    if (el.tagName === 'tr') rows.push(el);
  });
  const widths: number[] = [];
  for (const row of rows) {
    let col = 0;
    for (const cell of row.children) {
      if (cell.type !== 'element') continue;
      widths[col] = Math.max(widths[col] ?? 0, Math.min(CELL_CHARS, textOf(cell).length));
      col++;
    }
  }
  const natural = widths.reduce((sum, w) => sum + w + 2, 0);
  const out: string[] = [];
  if (natural > COLUMN_CHARS) out.push('table-wide');
  // A table across the page takes more room above the break: it may break sooner.
  if (rows.length > (out.length > 0 ? LONG_TABLE_ROWS / 2 : LONG_TABLE_ROWS)) out.push('table-long');
  return out;
}

function textOf(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  return node.children.map(textOf).join('');
}

/** Elements whose text is running prose; inside them, links, code and headings are left whole. */
const PROSE = new Set(['p', 'li', 'blockquote', 'td', 'th', 'dd']);
const NEVER = new Set(['a', 'code', 'pre', 'kbd', 'samp', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption']);

function hyphenateTree(tree: HastRoot, hyphenate: (word: string) => string): void {
  const walk = (node: HastRoot | Element, inProse: boolean, inHeader = false): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        // A table header's words must fit narrow columns: capitalised ones may break too.
        if (inProse) child.value = hyphenateText(child.value, hyphenate, { capitalised: inHeader });
      } else if (child.type === 'element' && !NEVER.has(child.tagName)) {
        walk(child, inProse || PROSE.has(child.tagName), inHeader || child.tagName === 'th');
        // The last word of a paragraph is never broken: a lone syllable on the last line looks like an error.
        if (PROSE.has(child.tagName)) unbreakLastWord(child);
      }
    }
  };
  walk(tree, false);
}

function unbreakLastWord(el: Element): void {
  for (let i = el.children.length - 1; i >= 0; i--) {
    const c = el.children[i]!;
    if (c.type === 'text') {
      if (c.value.trim() === '') continue;
      c.value = c.value.replace(/[^\s]*\s*$/, (last) => last.replace(/\u00ad/g, ''));
      return;
    }
    if (c.type === 'element') {
      if (NEVER.has(c.tagName)) return;
      unbreakLastWord(c);
      return;
    }
  }
}

/** Dashes and non-breaking spaces in all text that is not code or an address (captions and headings too). */
function typesetTree(tree: HastRoot, language: string): void {
  const walk = (node: HastRoot | Element): void => {
    for (const child of node.children) {
      if (child.type === 'text') child.value = typeset(child.value, language);
      else if (child.type === 'element' && !['a', 'code', 'pre', 'kbd', 'samp'].includes(child.tagName)) walk(child);
    }
  };
  walk(tree);
}

function isFootnoteLabel(el: Element): boolean {
  return el.properties['id'] !== undefined && String(el.properties['id']).endsWith('footnote-label');
}

function isImageParagraph(p: Element): boolean {
  let images = 0;
  for (const c of p.children) {
    if (c.type === 'element' && c.tagName === 'img') images++;
    else if (c.type === 'text' && c.value.trim() === '') continue;
    else if (c.type === 'element' && c.tagName === 'br') continue;
    else return false;
  }
  return images > 0;
}

/** A paragraph of only images becomes one figure; the images’ titles become its caption. */
function toFigure(p: Element): Element {
  const imgs = p.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'img');
  const captions: string[] = [];
  for (const img of imgs) {
    const title = img.properties['title'];
    if (typeof title === 'string' && title.trim() !== '' && !captions.includes(title.trim())) captions.push(title.trim());
    delete img.properties['title'];
  }
  const content: ElementContent[] = imgs.map((img) => ({
    type: 'element',
    tagName: 'div',
    properties: { className: ['figure-image'] },
    children: [img],
  }));
  if (captions.length > 0) {
    content.push({ type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: captions.join(' ') }] });
  }
  return {
    type: 'element',
    tagName: 'figure',
    // As a group, the figure is a container in the PDF's structure tree; the images inside are the tagged
    // Figures, each with its alt text (a bare <figure> would add a Figure with no alternate text).
    properties: { className: ['figure', imgs.length > 1 ? `figure-${Math.min(imgs.length, 3)}up` : 'figure-single'], role: 'group' },
    children: content,
  };
}

function dedupe(images: ImageAsset[]): ImageAsset[] {
  const seen = new Set<string>();
  return images.filter((i) => (seen.has(i.token) ? false : (seen.add(i.token), true)));
}

/** Checks the first bytes of a file against the signatures of the picture types the build embeds. */
function looksLikePicture(file: string, ext: string): boolean {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      head = Buffer.alloc(512);
      const n = readSync(fd, head, 0, 512, 0);
      head = head.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  const ascii = (from: number, to: number) => head.subarray(from, to).toString('latin1');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return true; // JPEG
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return true;
  if (ascii(0, 4) === 'GIF8') return true;
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return true;
  if (ascii(4, 8) === 'ftyp') return true; // AVIF (ISO media)
  if (ext === '.svg') return /<svg[\s>]/i.test(head.toString('utf8').replace(/^\uFEFF/, ''));
  return false;
}

function truncate(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
