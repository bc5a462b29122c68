/**
 * Markdown to HTML for one report: remark-parse + remark-gfm, remark-rehype (which drops raw HTML), then
 * rehype-sanitize with an explicit schema, then the tool's own trusted transforms (figures with captions,
 * heading levels, image references, the dateline) and rehype-stringify.
 */
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { imageSize } from 'image-size';
import type { Root as MdastRoot, Image, Html } from 'mdast';
import { defaultSchema, type Schema } from 'hast-util-sanitize';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { SKIP, visit } from '../util/visit.js';
import type { Node } from 'unist';
import type { DiagnosticSink, Position } from '../diagnostics.js';
import { checkContent, PLACEHOLDER, positionOf, unlinkPartialEmails } from './content-rules.js';
import { complexityProblem } from './complexity.js';
import { isInside } from '../util/paths.js';
import { readRegularHead } from '../util/read-regular.js';
import { errorCode } from '../util/read-text.js';
import { hyphenateText } from './hyphenate.js';
import { parseMarkdown } from './parse.js';
import { svgSyntaxProblem } from './svg-syntax.js';
import { typeset, type QuoteState } from './typography.js';

/** An image a report refers to, resolved to a real file inside the edition folder. */
export interface ImageAsset {
  /** Stable token used as the image `src` until the render stage embeds the file. */
  token: string;
  /** Real path on disk (symbolic links resolved). */
  realPath: string;
  /** Path relative to the edition folder, for messages. */
  file: string;
  /** How wide it prints: a figure of its own, a share of a row of photos side by side, or inside text. */
  slot: ImageSlot;
  /** Pixel size, upright (EXIF orientation applied), when the file's header gives it. */
  width?: number;
  height?: number;
  /** Where the report refers to it (the first place, if several). */
  usedAt?: { file: string; line: number; column: number };
}

/**
 * Where an image prints. `share` is its part of the row's width once the gaps between photos (`gaps` of them)
 * are taken off: 1 for a figure of its own. `alone` photos are limited by height too (a tall one would
 * otherwise fill a column).
 */
export interface ImageSlot {
  share: number;
  gaps: number;
  alone: boolean;
  /** Inside text, a list or a link: not a figure, and printed without its caption. */
  inline?: boolean;
  /** A panorama alone in its figure: it prints across both columns (see WIDE_ASPECT). */
  wide?: boolean;
}

const ALONE: ImageSlot = { share: 1, gaps: 0, alone: true };

/** Photos this much wider than tall, or taller than wide, get a row of their own rather than a sliver of one. */
const MAX_ASPECT = 2.2;
const MIN_ASPECT = 0.45;
/**
 * A photo this much wider than tall, alone in its figure, prints across both columns: in one column a 4:1
 * panorama would be a strip 2 cm high.
 */
export const WIDE_ASPECT = 2.5;

function isPanorama(size: { width?: number | undefined; height?: number | undefined } | undefined): boolean {
  return Boolean(size?.width && size.height && size.width / size.height >= WIDE_ASPECT);
}

/**
 * The rows of a figure of several photos: up to three side by side, four as two and two; a panorama or a very
 * tall photo on a row of its own. Within a row the photos share one height, so each takes a part of the width
 * in proportion to its shape and none is cropped. Photos of unknown size count as 3:2.
 */
export function figureLayout(sizes: readonly ({ width?: number | undefined; height?: number | undefined } | undefined)[]): { rows: number[][]; slots: ImageSlot[] } {
  const aspect = sizes.map((s) => (s?.width && s.height ? s.width / s.height : 1.5));
  const rows: number[][] = [];
  let run: number[] = [];
  const flush = () => {
    while (run.length > 0) {
      const take = run.length === 4 ? 2 : Math.min(3, run.length);
      rows.push(run.splice(0, take));
    }
  };
  aspect.forEach((a, i) => {
    if (a > MAX_ASPECT || a < MIN_ASPECT) {
      flush();
      rows.push([i]);
    } else run.push(i);
  });
  flush();
  const slots: ImageSlot[] = [];
  for (const row of rows) {
    const total = row.reduce((sum, i) => sum + aspect[i]!, 0);
    for (const i of row) slots[i] = { share: aspect[i]! / total, gaps: row.length - 1, alone: row.length === 1 };
  }
  if (sizes.length === 1 && isPanorama(sizes[0])) slots[0]!.wide = true;
  return { rows, slots };
}

/** A top-level paragraph of images only (and line breaks): it becomes a figure. */
function isImageOnlyParagraph(node: { type: string; children?: { type: string; value?: string }[] }): boolean {
  if (node.type !== 'paragraph' || !node.children) return false;
  let images = 0;
  for (const c of node.children) {
    if (c.type === 'image' || c.type === 'imageReference') images++;
    else if (c.type === 'break' || (c.type === 'text' && (c.value ?? '').trim() === '')) continue;
    else return false;
  }
  return images > 0;
}

export interface ArticleBody {
  html: string;
  images: ImageAsset[];
  /** Plain-text length of the body, for empty-body checks and statistics. */
  textLength: number;
  /** The text that prints (text, code, captions), for the check that the fonts cover it. */
  text: string;
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
  /** The edition's writing direction: in right-to-left text, phone numbers are kept left to right. */
  direction?: 'ltr' | 'rtl';
  /** The heading of an article's footnotes and the spoken name of a note's link back to the text. */
  footnoteLabels?: { heading: string; back: string };
  /** Told of every path looked up for a picture, before it is looked up (the lint cache watches them). */
  onLookup?: ((candidate: string) => void) | undefined;
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

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export interface AnalyzedMarkdown {
  mdast: MdastRoot;
  images: ImageAsset[];
  /** Characters of text plus images: zero means the report has no content of its own. */
  textLength: number;
  /** The text that prints (text, code, captions), for the check that the fonts cover it. */
  text: string;
}

/**
 * Parses a report body and runs the content rules on its Markdown tree: images (existence, place, alt text,
 * caption), raw HTML, placeholders, text pasted from a PDF, misspelt countries in headings. Images that
 * cannot be used are removed from the tree. Lint stops here; build goes on to HTML.
 */
export function analyzeMarkdown(body: string, ctx: MarkdownContext, reportAbsPath: string, sink: DiagnosticSink): AnalyzedMarkdown {
  const refused = (line: number, column: number, message: string): AnalyzedMarkdown => {
    sink.error('content/too-complex', message, { line: line + ctx.lineOffset, column });
    // Not empty: the report has content, which cannot be used as it is.
    return { mdast: { type: 'root', children: [] }, images: [], textLength: 1, text: '' };
  };
  const problem = complexityProblem(body);
  if (problem) return refused(problem.line, problem.column, problem.message);
  try {
    return analyzeParsed(body, ctx, reportAbsPath, sink);
  } catch (err) {
    // Nesting the scan above lets through can still be too deep for a recursive step: one report's problem,
    // not a crash that hides every other report's.
    if (err instanceof RangeError) return refused(1, 1, 'The text is nested too deeply (lists, quotes or brackets inside one another) for the Markdown parser. Flatten it.');
    throw err;
  }
}

function analyzeParsed(body: string, ctx: MarkdownContext, reportAbsPath: string, sink: DiagnosticSink): AnalyzedMarkdown {
  const mdast = parseMarkdown(body);
  const images: ImageAsset[] = [];
  const assetOf = new Map<Node, ImageAsset>();
  const at = (node: Node): Position | undefined => positionOf(node, ctx.lineOffset);
  // Content rules first, on the tree as written (an image that is then refused still needs its alt text,
  // and still counts as content: the report is not empty, its image is wrong).
  dropUnprintedContent(mdast);
  unlinkPartialEmails(mdast, body, ctx, sink);
  checkContent(mdast, body, ctx, sink);
  let textLength = 0;
  const printed: string[] = [];
  visit(mdast, (node) => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') {
      const value = (node as { value: string }).value;
      textLength += value.trim().length;
      printed.push(value);
    } else if (node.type === 'image' || node.type === 'imageReference') {
      textLength++;
      const title = (node as Image).title;
      if (title) printed.push(title);
    }
  });


  visit(mdast, (node, index, parent) => {
    if (node.type === 'html') {
      const html = (node as Html).value.trim();
      // An HTML block (not a tag inside a paragraph, which the paragraph's end closes).
      const unclosed = parent && FLOW.has(parent.type) ? unclosedHtmlBlock(html) : undefined;
      if (unclosed) {
        const lines = html.split('\n').length;
        sink.error(
          'content/unclosed-html',
          `${unclosed.what} is never closed, so the ${lines === 1 ? 'line' : `${lines} lines`} from here to the end of the ${parent?.type === 'root' ? 'report' : 'list item or quotation'} will not print. Close it with ${unclosed.closer}, or remove it.`,
          at(node),
        );
        return;
      }
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
    const resolved = resolveImage(image.url, reportAbsPath, ctx.editionRealDir, ctx.onLookup);
    if ('problem' in resolved) {
      // `[[photo-file-name.jpg]]` from `bulletin new` is already reported as a placeholder.
      if (!PLACEHOLDER.test(image.url)) sink.error(resolved.ruleId, resolved.problem, at(node));
      if (parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return;
    }
    const pos = at(node);
    const asset: ImageAsset = { ...resolved.asset, slot: ALONE, ...(pos ? { usedAt: { file: sink.file, line: pos.line, column: pos.column } } : {}) };
    images.push(asset);
    assetOf.set(image, asset);
    if (resolved.tooLarge) sink.error('image/too-large', resolved.tooLarge, pos);
    image.url = resolved.asset.token;
    return;
  });
  // Image references (`![alt][label]`) take their URL from a definition: check it like an inline image.
  const referencedAsImage = new Map<string, Position | undefined>();
  const refsTo = new Map<string, Node[]>();
  visit(mdast, 'imageReference', (ref) => {
    if (!referencedAsImage.has(ref.identifier)) referencedAsImage.set(ref.identifier, at(ref));
    refsTo.set(ref.identifier, [...(refsTo.get(ref.identifier) ?? []), ref]);
  });
  const defined = new Set<string>();
  visit(mdast, 'definition', (def, index, parent) => {
    if (!referencedAsImage.has(def.identifier)) return; // a link definition: links are not fetched
    // CommonMark takes the first definition of a label ([pic] and [PIC] are one); a later one is never used.
    if (defined.has(def.identifier)) return;
    defined.add(def.identifier);
    const resolved = resolveImage(def.url, reportAbsPath, ctx.editionRealDir, ctx.onLookup);
    if ('problem' in resolved) {
      sink.error(resolved.ruleId, resolved.problem, referencedAsImage.get(def.identifier) ?? at(def));
      if (parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return;
    }
    const used = referencedAsImage.get(def.identifier) ?? at(def);
    const asset: ImageAsset = { ...resolved.asset, slot: ALONE, ...(used ? { usedAt: { file: sink.file, line: used.line, column: used.column } } : {}) };
    images.push(asset);
    for (const ref of refsTo.get(def.identifier) ?? []) assetOf.set(ref, asset);
    if (resolved.tooLarge) sink.error('image/too-large', resolved.tooLarge, used);
    def.url = resolved.asset.token;
    return;
  });
  // Paragraphs of images only, at the top level, become figures; any other image stays where it is written.
  const inFigure = new Set<Node>();
  for (const block of mdast.children) {
    if (!isImageOnlyParagraph(block)) continue;
    const members = (block as { children: Node[] }).children.filter((c) => c.type === 'image' || c.type === 'imageReference');
    const { slots } = figureLayout(members.map((m) => assetOf.get(m)));
    members.forEach((m, i) => {
      inFigure.add(m);
      const asset = assetOf.get(m);
      if (asset) asset.slot = slots[i]!;
    });
  }
  for (const [node, asset] of assetOf) {
    if (inFigure.has(node)) continue;
    asset.slot = { ...ALONE, inline: true };
    // Without a caption, an image in a sentence (a logo, an icon) loses nothing; with one, say where it went.
    const title = (node as Image).title?.trim();
    if (!title) continue;
    sink.warn(
      'image/inline',
      `This image is inside ${describePlace(mdast, node)}, so it is not set as a figure and its caption (“${truncate(title, 40)}”) is not printed. To print it as a photo with its caption, give it a paragraph of its own: an empty line before and after.`,
      at(node),
    );
  }

  return { mdast, images, textLength, text: printed.join(' ') };
}

export function markdownToHtml(body: string, ctx: MarkdownContext, reportAbsPath: string, sink: DiagnosticSink): ArticleBody {
  const { mdast, images, textLength, text } = analyzeMarkdown(body, ctx, reportAbsPath, sink);
  // Task list items (`- [x] done`): the sanitiser drops form controls, so their state is carried over by
  // position and drawn by the template.
  const tasks = new Map<number, boolean>();
  visit(mdast, 'listItem', (item) => {
    if (typeof item.checked === 'boolean' && item.position) tasks.set(item.position.start.offset ?? -1, item.checked);
  });
  const hast = unified()
    .use(remarkRehype, {
      clobberPrefix: ctx.idPrefix,
      footnoteLabel: ctx.footnoteLabels?.heading ?? 'Notes',
      footnoteBackLabel: (reference: number, again: number) => `${ctx.footnoteLabels?.back ?? 'Back to the text'} (${reference + 1}${again > 1 ? `-${again}` : ''})`,
    })
    .use(rehypeSanitize, sanitizeSchema)
    .runSync(mdast) as HastRoot;

  const assets = new Map(images.map((i) => [i.token, i]));
  transformTrusted(hast, ctx, assets, tasks);
  const html = unified().use(rehypeStringify).stringify(hast);
  return { html, images, textLength, text };
}

/**
 * Raw HTML is never printed, but an inline tag only drops the tag: `<b>word</b>` prints "word". The content of
 * elements a browser would not show as text (a script, a style sheet, an embedded frame or drawing) must not
 * print either, so the text between such an inline tag and its end tag is taken out with the tags. (A raw HTML
 * block is dropped whole by remark-rehype.)
 */
const UNPRINTED = new Set(['script', 'style', 'template', 'textarea', 'title', 'iframe', 'noscript', 'noembed', 'noframes', 'object', 'svg', 'math', 'canvas', 'video', 'audio', 'select', 'xmp']);
const OPENING_TAG = /^<([a-z][a-z0-9-]*)(?:\s[^>]*)?>$/i;
const CLOSING_TAG = /^<\/([a-z][a-z0-9-]*)\s*>$/i;

function dropUnprintedContent(root: MdastRoot): void {
  visit(root, (node) => {
    const children = (node as { children?: Node[] }).children;
    if (!children?.some((c) => c.type === 'html')) return;
    const tagName = (child: Node, pattern: RegExp): string | undefined => {
      if (child.type !== 'html') return undefined;
      const tag = (child as Html).value.trim();
      return tag.endsWith('/>') ? undefined : pattern.exec(tag)?.[1]?.toLowerCase();
    };
    const drop = new Set<Node>();
    for (let i = 0; i < children.length; i++) {
      const name = tagName(children[i]!, OPENING_TAG);
      if (!name || !UNPRINTED.has(name)) continue;
      // Only up to its end tag in the same paragraph: an element left open drops nothing (its text prints,
      // and the tag has its raw-html warning like any other).
      const end = children.findIndex((c, j) => j > i && tagName(c, CLOSING_TAG) === name);
      if (end === -1) continue;
      for (let j = i + 1; j < end; j++) if (children[j]!.type !== 'html') drop.add(children[j]!);
      i = end;
    }
    // Tags stay, for their raw-html warning; remark-rehype drops them.
    if (drop.size > 0) children.splice(0, children.length, ...children.filter((c) => !drop.has(c)));
  });
}

/** “a paragraph of text”, “a list”, “a link”...: where an image that is not a figure stands. */
function describePlace(root: Node, target: Node): string {
  const path: Node[] = [];
  const find = (node: Node): boolean => {
    if (node === target) return true;
    for (const child of (node as { children?: Node[] }).children ?? []) {
      path.push(node);
      if (find(child)) return true;
      path.pop();
    }
    return false;
  };
  find(root);
  const kinds = new Set(path.map((n) => n.type));
  if (kinds.has('link') || kinds.has('linkReference')) return 'a link';
  if (kinds.has('table')) return 'a table';
  if (kinds.has('listItem')) return 'a list';
  if (kinds.has('blockquote')) return 'a quotation';
  if (kinds.has('footnoteDefinition')) return 'a footnote';
  return 'a paragraph of text';
}

function resolveImage(
  url: string,
  reportAbsPath: string,
  editionRealDir: string,
  onLookup?: (candidate: string) => void,
): { asset: Omit<ImageAsset, 'slot'>; tooLarge?: string } | { problem: string; ruleId: string } {
  const shown = truncate(url, 80);
  if (url.trim() === '') return { ruleId: 'image/not-found', problem: 'The image has no file name.' };
  // `C:/Users/...` or `C:\Users\...`: a path on the author's Windows computer, not a web address.
  if (/^[a-z]:[\\/]/i.test(url)) {
    return {
      ruleId: 'image/outside-edition',
      problem: `The image “${shown}” is a path on a Windows computer, which the edition does not have. Copy the picture into assets/ and refer to it as ../assets/name.jpg.`,
    };
  }
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
  const outside = {
    ruleId: 'image/outside-edition',
    problem: `The image “${shown}” lies outside the edition folder. Copy it into assets/ and refer to it from there.`,
  };
  // A path that leads out of the edition as written is refused before anything is looked up there, so that
  // lint never tells whether a file outside the edition exists.
  let reportDir: string;
  try {
    reportDir = realpathSync(path.dirname(reportAbsPath));
  } catch {
    reportDir = path.dirname(reportAbsPath);
  }
  if (!isInside(editionRealDir, path.resolve(reportDir, decoded))) return outside;
  onLookup?.(candidate);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return { ruleId: 'image/not-found', problem: `The image “${shown}” does not exist (looked for ${candidate}).` };
  }
  if (!isInside(editionRealDir, real)) return outside;
  let bytes: number;
  try {
    const st = statSync(real);
    if (!st.isFile()) return { ruleId: 'image/not-found', problem: `The image “${shown}” is not a file.` };
    bytes = st.size;
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
  const tooLarge = pictureTooLarge(ext, bytes, shown);
  if (tooLarge) return { ruleId: 'image/too-large', problem: tooLarge };
  let head: Buffer;
  try {
    // A drawing may open with a long comment (a licence) or doctype before its <svg> element.
    head = readRegularHead(real, ext === '.svg' ? 64 * 1024 : 512);
  } catch (err) {
    const code = errorCode(err);
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied: make it readable' : code;
    return { ruleId: 'image/not-found', problem: `The image “${shown}” could not be read (${why}).` };
  }
  if (!looksLikePicture(head, ext)) {
    return {
      ruleId: 'image/unsupported-type',
      problem: `The file “${shown}” is named like a picture but its contents are not one (a document or a damaged download renamed?). Export the photo again as JPEG or PNG.`,
    };
  }
  if (ext === '.svg') {
    const problem = svgProblem(real, shown);
    if (problem) return problem;
  }
  const token = `bulletin-asset/${createHash('sha1').update(real).digest('hex').slice(0, 16)}${ext}`;
  const asset: Omit<ImageAsset, 'slot'> = { token, realPath: real, file: path.relative(editionRealDir, real).split(path.sep).join('/') };
  const size = pixelSize(real);
  if (!size) {
    // A drawing may leave its size to the page; a photo whose header gives none is damaged or cut short.
    if (ext === '.svg') return { asset };
    return {
      ruleId: 'image/unsupported-type',
      problem: `The picture “${shown}” cannot be read: its header gives no size (the file is damaged or was cut short). Export it again as JPEG or PNG.`,
    };
  }
  asset.width = size.width;
  asset.height = size.height;
  if (ext !== '.svg' && size.width * size.height > MAX_PIXELS) {
    const mp = Math.round((size.width * size.height) / 1e6);
    return {
      asset,
      tooLarge: `The photo “${shown}” is ${size.width} × ${size.height} pixels (${mp} megapixels), more than the ${Math.floor(MAX_PIXELS / 1e6)} megapixels the build decodes. Export it smaller: 3000 pixels across is plenty for a printed page.`,
    };
  }
  return { asset };
}

/**
 * An SVG drawing is shown as a picture, which loads nothing from outside itself: a part that refers to another
 * file or address would print as a broken-image icon, and a drawing cut short prints broken or not at all.
 */
function svgProblem(file: string, shown: string): { problem: string; ruleId: string } | undefined {
  let bytes: Buffer;
  try {
    bytes = readRegularHead(file, MAX_SVG_BYTES);
  } catch {
    return { ruleId: 'image/not-found', problem: `The image “${shown}” could not be read.` };
  }
  const text = bytes.toString('utf8');
  const ref = svgExternalReference(text);
  if (ref !== undefined) {
    return {
      ruleId: 'image/remote',
      problem: `The SVG drawing “${shown}” refers to “${truncate(ref, 60)}” outside itself. A drawing shown as a picture loads nothing else, so that part would print as a broken image: embed it in the SVG, or export the drawing as PNG.`,
    };
  }
  // A browser shows a drawing its XML parser rejects as a broken-image icon, without a word: say so here.
  const bad = svgSyntaxProblem(bytes);
  if (!bad) return undefined;
  const where = `line ${bad.line}, column ${bad.column} of the drawing`;
  const problem =
    bad.kind === 'cut-short'
      ? `The SVG drawing “${shown}” is incomplete (${bad.detail}). Export it again.`
      : bad.kind === 'entities'
        ? `The SVG drawing “${shown}” declares entities in a DOCTYPE (${where}). A drawing needs none, and they can make a small file expand to gigabytes (a “billion laughs”). Export it again as plain SVG (in Illustrator: File > Export > Export As > SVG; in Inkscape: Save As > Plain SVG), or as PNG.`
        : bad.kind === 'namespace' && bad.detail.includes('no xmlns')
          ? `The SVG drawing “${shown}” would print as a broken image: ${bad.detail}. Add xmlns="http://www.w3.org/2000/svg" to its <svg> element (${where}).`
          : `The SVG drawing “${shown}” would print as a broken image: it is not well-formed XML (${where}: ${bad.detail}). Correct it in a text editor, or export the drawing again.`;
  return { ruleId: 'image/unsupported-type', problem };
}

/**
 * The first reference of an SVG drawing to another file or address: the `href` of an image, use or feImage
 * element, a CSS `url(...)` or an `@import`. Fragments (`#id`) and `data:` URLs are its own. The text is
 * scanned once from start to end (tags and `url(` up to their closing character), so that no drawing, however
 * malformed, makes the check slow.
 */
export function svgExternalReference(text: string): string | undefined {
  const external = (ref: string): string | undefined => {
    const r = ref.trim().replace(/^["']|["']$/g, '').trim();
    return r === '' || r.startsWith('#') || /^data:/i.test(r) ? undefined : r;
  };
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    // Comments and character data hold no elements: skip them whole.
    if (text.startsWith('<!--', i) || text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(text[i + 2] === '-' ? '-->' : ']]>', i);
      if (close === -1) break;
      i = close;
      continue;
    }
    const end = tagEnd(text, i);
    if (end === -1) break;
    const tag = text.slice(i, end + 1);
    if (/^<(?:[\w.-]+:)?(?:image|use|feImage)[\s/>]/.test(tag)) {
      // `href`, `xlink:href`, or any other prefix bound to the XLink namespace
      const m = /\s(?:[\w.-]+:)?href\s*=\s*("[^"]*"|'[^']*')/.exec(tag);
      const ref = m ? external(m[1]!) : undefined;
      if (ref !== undefined) return ref;
    }
    // HTML inside a <foreignObject> (an <img>, a <link>, an <iframe>...) and an `<?xml-stylesheet href=...?>`.
    if (/^<(?:[\w.-]+:)?(?:img|iframe|embed|object|link|video|audio|source|script)[\s/>]|^<\?xml-stylesheet\s/i.test(tag)) {
      const m = /\s(?:src|href|data|srcset)\s*=\s*("[^"]*"|'[^']*')/i.exec(tag);
      const ref = m ? external(m[1]!) : undefined;
      if (ref !== undefined) return ref;
    }
    i = end;
  }
  for (let i = text.search(/url\(/i); i !== -1; ) {
    const end = text.indexOf(')', i);
    if (end === -1) break;
    const ref = external(text.slice(i + 4, end));
    if (ref !== undefined) return ref;
    const next = text.slice(end).search(/url\(/i);
    i = next === -1 ? -1 : end + next;
  }
  const im = /@import\s+["']([^"'\n]{1,2000})["']/i.exec(text);
  return im ? external(im[1]!) : undefined;
}

/** Where the tag opened at `start` ends: its first `>` outside quoted attribute values, or -1. */
function tagEnd(text: string, start: number): number {
  let quote = '';
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
  }
  return -1;
}

/**
 * The most pixels a picture may have: 120 megapixels, room for the photos of the largest cameras (100
 * megapixels; a phone's are 12 to 50). Decoding can take up to 6 bytes a pixel (a progressive JPEG keeps all
 * of its coefficients), so a larger picture, or a small file whose header claims a huge size, would take
 * gigabytes of memory and minutes.
 */
export const MAX_PIXELS = 120_000_000;

/**
 * The largest picture file: a photo for print needs a few megabytes, and no more than 50 (the build reads
 * each whole, and embeds it in the HTML as text). Drawings are read as text, whole, before the build: 8 MB.
 */
export const MAX_PICTURE_BYTES = 50 * 1024 * 1024;
export const MAX_SVG_BYTES = 8 * 1024 * 1024;

/** Why a picture file is too large to use, or undefined. */
export function pictureTooLarge(ext: string, bytes: number, shown: string): string | undefined {
  const mb = (n: number) => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`;
  if (ext === '.svg') {
    if (bytes <= MAX_SVG_BYTES) return undefined;
    return `The SVG drawing “${shown}” is ${mb(bytes)}, more than the ${mb(MAX_SVG_BYTES)} a drawing may have. Simplify it, or export it as PNG.`;
  }
  if (bytes <= MAX_PICTURE_BYTES) return undefined;
  return `The picture “${shown}” is ${mb(bytes)}, more than the ${mb(MAX_PICTURE_BYTES)} a picture may have (a copy gone wrong, or a file with something else appended?). Export it again as JPEG, about 3000 pixels across: that is a few MB, and plenty for a printed page.`;
}

const sizes = new Map<string, { key: string; size: { width: number; height: number } | undefined }>();

/**
 * Width and height of a picture from its header (image-size reads no pixels), upright: EXIF orientations 5–8
 * swap them. Undefined when the header does not say (an SVG without a size). Remembered per file and version.
 */
function pixelSize(file: string): { width: number; height: number } | undefined {
  let key: string;
  try {
    const st = statSync(file);
    key = `${st.size}|${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const known = sizes.get(file);
  if (known?.key === key) return known.size;
  let size: { width: number; height: number } | undefined;
  // Most headers are in the first few kilobytes; a JPEG's can follow large EXIF or colour-profile blocks.
  for (const bytes of [64 * 1024, 32 * 1024 * 1024]) {
    try {
      const r = imageSize(readRegularHead(file, bytes));
      // Sizes a drawing can claim (1e400) are not sizes.
      if (Number.isFinite(r.width) && Number.isFinite(r.height) && r.width > 0 && r.height > 0 && r.width < 1e6 && r.height < 1e6) {
        const turned = (r.orientation ?? 1) >= 5;
        size = turned ? { width: r.height, height: r.width } : { width: r.width, height: r.height };
      }
      break;
    } catch {
      // too few bytes for this header, or one image-size cannot read: try more, then give up
    }
  }
  sizes.set(file, { key, size });
  return size;
}

/** Transforms applied after sanitising: they only add structure the tool itself controls. */
function transformTrusted(tree: HastRoot, ctx: MarkdownContext, assets: ReadonlyMap<string, ImageAsset>, tasks: ReadonlyMap<number, boolean> = new Map()): void {
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
      const asset = assets.get(String(el.properties['src'] ?? ''));
      if (!asset) delete el.properties['src'];
      // The size lets a browser lay the page out before the picture arrives, and the print keep its shape.
      else if (asset.width && asset.height) {
        el.properties['width'] = asset.width;
        el.properties['height'] = asset.height;
      }
    }
    if (el.tagName === 'li' && el.position) {
      const done = tasks.get(el.position.start.offset ?? -1);
      if (done !== undefined) markTask(el, done);
    }
    if (/^h[1-6]$/.test(el.tagName) && !isFootnoteLabel(el)) {
      el.tagName = `h${Math.min(6, Number(el.tagName[1]) - topLevel + 3)}`;
    }
  });

  // A paragraph left with nothing to print (it held only raw HTML) would print as a blank paragraph.
  visit(tree, 'element', (el, index, parent) => {
    if (el.tagName !== 'p' || !parent || index === undefined) return;
    if (el.children.every((c) => c.type === 'comment' || (c.type === 'text' && !c.value.trim()))) {
      const next = parent.children[index + 1];
      parent.children.splice(index, next?.type === 'text' && !next.value.trim() ? 2 : 1);
      return [SKIP, index];
    }
    return;
  });

  const children = tree.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type !== 'element') continue;
    if (node.tagName === 'p' && isImageParagraph(node)) {
      children[i] = toFigure(node, assets);
    } else if (node.tagName === 'table') {
      children[i] = { type: 'element', tagName: 'div', properties: { className: ['table-wrap', ...tableClasses(node)] }, children: [node] };
    }
  }
  // A paragraph that introduces what follows (“The participants:”) goes with its photo or table to the next
  // column, rather than end a column alone.
  const blocks = children.filter((c): c is Element => c.type === 'element');
  blocks.forEach((el, i) => {
    const next = blocks[i + 1];
    if (el.tagName !== 'p' || !next || !classList(next).some((c) => c === 'figure' || c === 'table-wrap')) return;
    if (/:\s*$/.test(textOf(el))) el.properties = { ...el.properties, className: [...classList(el), 'lead-in'] };
  });

  if (ctx.language) typesetTree(tree, ctx.language, ctx.direction);
  if (ctx.direction === 'rtl') isolatePhoneNumbers(tree);
  if (ctx.hyphenate) hyphenateTree(tree, ctx.hyphenate, ctx.language);
  visit(tree, 'element', (el) => {
    if (el.tagName === 'td' || el.tagName === 'th') breakLongTokens(el, LONG_TOKEN_IN_CELL);
    else if (BREAKABLE.has(el.tagName)) breakLongTokens(el, LONG_TOKEN);
  });

  if (ctx.dateline) {
    // Run in at the start of the text, after any sub-headings and photos that open the report; when the text
    // opens with something else (a table, a list, a quotation), on a line of its own that stays with it.
    const at = children.findIndex((n) => n.type === 'element' && !/^h[1-6]$/.test(n.tagName) && n.tagName !== 'figure');
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

/** Where long addresses and numbers get break opportunities: text, not headings. */
const BREAKABLE = new Set(['p', 'li', 'dd', 'figcaption']);

/** Longest run without a break opportunity that running text keeps whole. */
const LONG_TOKEN = 26;
/**
 * The same for e-mail and web addresses, which no hyphenation breaks: even a short one, kept whole, leaves a
 * justified line before it stretched wide.
 */
const LONG_ADDRESS = 14;
const ADDRESS = /[^\s@]@[^\s@]+\.\S|:\/\/\S|\bwww\.\S/;
/** The same in a table cell, where columns are narrow. */
const LONG_TOKEN_IN_CELL = 18;
const longRun = new Map<number, RegExp>();

/**
 * Break opportunities (`<wbr>`) inside long addresses, numbers and words: after the punctuation of a URL or
 * e-mail address, else every twelve characters. A table can then give every column the width of its longest
 * real word, no cell pushes it past its column, and a justified line does not stretch around an address.
 * Words that hyphenation already broke are left alone.
 */
function breakLongTokens(cell: Element, longest: number): void {
  let hasLong = longRun.get(longest);
  if (!hasLong) longRun.set(longest, (hasLong = new RegExp(`[^\\s\u00ad]{${longest},}`)));
  const walk = (el: Element): void => {
    const out: ElementContent[] = [];
    for (const child of el.children) {
      if (child.type === 'element') walk(child);
      if (child.type !== 'text' || !(hasLong.test(child.value) || ADDRESS.test(child.value))) {
        out.push(child);
        continue;
      }
      for (const part of child.value.split(/(\s+)/)) {
        if (part.length < (ADDRESS.test(part) ? Math.min(longest, LONG_ADDRESS) : longest) || /\s|\u00ad/.test(part)) {
          if (part) out.push({ type: 'text', value: part });
          continue;
        }
        // After each run of URL punctuation; a longer stretch between them every twelve characters, its
        // punctuation staying at the end of its last piece.
        const pieces = [...part.matchAll(/([^/._\-@?&=#:]*)([/._\-@?&=#:]*)/g)].flatMap(([, word, punct]) => {
          const chunks = word!.match(/.{1,12}/gsu) ?? [''];
          chunks[chunks.length - 1] = `${chunks.at(-1)!}${punct ?? ''}`;
          return chunks.filter(Boolean);
        });
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
const LONG_TABLE_LINES = 8;

/** `table-wide` for a table that needs the whole page width, `table-long` for one that may break. */
function tableClasses(table: Element): string[] {
  const rows: Element[] = [];
  visit(table, 'element', (el) => {
    if (el.tagName === 'tr') rows.push(el);
  });
  const widths: number[] = [];
  const lengths = rows.map((row) => row.children.filter((c): c is Element => c.type === 'element').map((cell) => textOf(cell).length));
  for (const row of lengths) row.forEach((len, col) => (widths[col] = Math.max(widths[col] ?? 0, Math.min(CELL_CHARS, len))));
  const natural = widths.reduce((sum, w) => sum + w + 2, 0);
  const out: string[] = [];
  const wide = natural > COLUMN_CHARS;
  if (wide) out.push('table-wide');
  // Its height in lines, about: each row as tall as its longest cell wraps to, in the share of the width its
  // column gets. A few rows of long cells are as tall as many short ones, and as likely to leave a hole.
  const room = wide ? 2 * COLUMN_CHARS : COLUMN_CHARS;
  const lines = lengths.reduce((sum, row) => sum + Math.max(1, ...row.map((len, col) => Math.ceil(len / Math.max(1, (room * ((widths[col] ?? 0) + 2)) / natural - 2)))), 0);
  // A table across the page takes more room above the break: it may break sooner.
  if (lines > (wide ? LONG_TABLE_LINES / 2 : LONG_TABLE_LINES)) out.push('table-long');
  // Columns of short entries ("Region 3", "12 500", "2014") stay on one line, from the first column on (where
  // the labels stand), as long as together they leave half the width to the others: else a column of long
  // text squeezes them to a word a line.
  let budget = room / 2;
  const short = widths.map((w, col) => {
    if (w === 0 || !lengths.every((row) => (row[col] ?? 0) <= SHORT_CELL_CHARS) || w + 2 > budget) return false;
    budget -= w + 2;
    return true;
  });
  if (short.some(Boolean)) {
    for (const row of rows) {
      let col = 0;
      for (const cell of row.children) {
        if (cell.type !== 'element') continue;
        if (short[col]) cell.properties = { ...cell.properties, className: [...classList(cell), 'cell-short'] };
        col++;
      }
    }
  }
  return out;
}

/** Cells no longer than this, in a whole column, keep to one line (when the table has room). */
const SHORT_CELL_CHARS = 14;

function classList(el: Element): string[] {
  const c: unknown = el.properties['className'];
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

function textOf(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  return node.children.map(textOf).join('');
}

/** A task list item gets a drawn box, ticked when done; its state is also given to assistive technology. */
function markTask(li: Element, done: boolean): void {
  li.properties['className'] = ['task', done ? 'task-done' : 'task-open'];
  const box: Element = { type: 'element', tagName: 'span', properties: { className: ['task-box'], role: 'checkbox', ariaChecked: done ? 'true' : 'false', ariaReadOnly: 'true' }, children: [] };
  const first = li.children.find((c): c is Element => c.type === 'element');
  const target = first?.tagName === 'p' ? first : li;
  // the space that stood after the checkbox goes with it
  const lead = target.children[0];
  if (lead?.type === 'text') lead.value = lead.value.trimStart();
  target.children.unshift(box);
}

/** Elements whose text is running prose; inside them, links, code and headings are left whole. */
const PROSE = new Set(['p', 'li', 'blockquote', 'td', 'th', 'dd']);
const NEVER = new Set(['a', 'code', 'pre', 'kbd', 'samp', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption']);

/** Languages that capitalise every noun: there, a capitalised word is seldom a name, and is hyphenated. */
const NOUNS_CAPITALISED = new Set(['de', 'lb', 'gsw']);

function hyphenateTree(tree: HastRoot, hyphenate: (word: string) => string, language = ''): void {
  const nouns = NOUNS_CAPITALISED.has(language.toLowerCase().split('-')[0]!);
  const walk = (node: HastRoot | Element, inProse: boolean, inHeader = false): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        // A table header's words must fit narrow columns: capitalised ones may break too.
        if (inProse) child.value = hyphenateText(child.value, hyphenate, { capitalised: inHeader || nouns });
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
      // The last word: after the last space (found from the end, so a very long text costs no more than its length).
      const end = c.value.trimEnd().length;
      let start = end;
      while (start > 0 && !/\s/.test(c.value[start - 1]!)) start--;
      c.value = c.value.slice(0, start) + c.value.slice(start).replace(/\u00ad/g, '');
      return;
    }
    if (c.type === 'element') {
      // A footnote's number after the last word is not the last word.
      if (c.tagName === 'sup') continue;
      if (NEVER.has(c.tagName)) return;
      unbreakLastWord(c);
      return;
    }
  }
}

/**
 * In right-to-left text a phone number would be laid out backwards ("+20 2 2736 5140" as "5140 2736 2 20+"):
 * each is set in an element of its own, left to right.
 */
function isolatePhoneNumbers(tree: HastRoot): void {
  const phone = /\+\d[\d \u00a0()-]{4,}\d/g;
  const walk = (node: HastRoot | Element): void => {
    const out: (typeof node.children)[number][] = [];
    for (const child of node.children) {
      if (child.type === 'element') {
        if (!['a', 'code', 'pre'].includes(child.tagName)) walk(child);
        out.push(child);
        continue;
      }
      if (child.type !== 'text' || !child.value.includes('+')) {
        out.push(child);
        continue;
      }
      let last = 0;
      for (const m of child.value.matchAll(phone)) {
        if (m.index > last) out.push({ type: 'text', value: child.value.slice(last, m.index) });
        out.push({ type: 'element', tagName: 'span', properties: { dir: 'ltr' }, children: [{ type: 'text', value: m[0] }] });
        last = m.index + m[0].length;
      }
      if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
    }
    node.children = out as typeof node.children;
  };
  walk(tree);
}

/** Dashes and non-breaking spaces in all text that is not code or an address (captions and headings too). */
function typesetTree(tree: HastRoot, language: string, direction?: 'ltr' | 'rtl'): void {
  // The last character of the text so far, across elements (“*word*"” closes the quote), and whether a single
  // quote is open; both reset at each block.
  let last = '';
  let quotes: QuoteState = { singleOpen: false };
  const walk = (node: HastRoot | Element): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        const before = last;
        if (child.value !== '') last = child.value.at(-1)!;
        child.value = typeset(child.value, language, before, { quotes, direction });
      } else if (child.type === 'element') {
        const block = BLOCKS.has(child.tagName);
        if (block) [last, quotes] = ['', { singleOpen: false }];
        if (['a', 'code', 'pre', 'kbd', 'samp'].includes(child.tagName)) last = textOf(child).at(-1) ?? last;
        else walk(child);
        if (block) [last, quotes] = ['', { singleOpen: false }];
      }
    }
  };
  walk(tree);
}

const BLOCKS = new Set(['p', 'li', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figcaption', 'dd', 'dt', 'div', 'section', 'figure', 'ul', 'ol', 'table', 'tr']);

/**
 * An HTML block that CommonMark ends only at its closing marker (a comment, `<script>`, `<pre>`, `<style>`,
 * `<textarea>`, `<?…?>`, `<!X…>`, CDATA) and that has none: it takes in everything after it.
 */
const FLOW = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function unclosedHtmlBlock(html: string): { what: string; closer: string } | undefined {
  if (html.startsWith('<!--')) return html.includes('-->', 4) ? undefined : { what: 'This HTML comment (<!--)', closer: '-->' };
  const tag = /^<(script|pre|style|textarea)(?=[\s>]|$)/i.exec(html)?.[1];
  if (tag) return new RegExp(`</${tag}>`, 'i').test(html) ? undefined : { what: `This <${tag.toLowerCase()}> block`, closer: `</${tag.toLowerCase()}>` };
  if (html.startsWith('<![CDATA[')) return html.includes(']]>') ? undefined : { what: 'This <![CDATA[ block', closer: ']]>' };
  if (html.startsWith('<?')) return html.includes('?>', 2) ? undefined : { what: 'This <? block', closer: '?>' };
  if (/^<![A-Za-z]/.test(html)) return html.includes('>') ? undefined : { what: 'This <! declaration', closer: '>' };
  return undefined;
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

/**
 * A paragraph of only images becomes one figure. One photo fills the column (a tall one is limited by
 * height); several are set in rows (see figureLayout) at one height per row, none cropped. The titles are the
 * captions: one under the figure when they are the same or only one photo has one, else one under each photo.
 */
function toFigure(p: Element, assets: ReadonlyMap<string, ImageAsset>): Element {
  const imgs = p.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'img');
  const titles = imgs.map((img) => {
    const title = img.properties['title'];
    delete img.properties['title'];
    return typeof title === 'string' ? title.trim() : '';
  });
  const distinct = [...new Set(titles.filter(Boolean))];
  const captionEach = imgs.length > 1 && distinct.length > 1;
  const caption = (text: string): Element => ({ type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: text }] });
  const cell = (i: number, grow?: number): Element => {
    const children: ElementContent[] = [imgs[i]!];
    if (captionEach && titles[i]) children.push(caption(titles[i]!));
    const properties: Element['properties'] = { className: ['figure-image'] };
    if (grow !== undefined) properties['style'] = `flex-grow:${grow.toFixed(4)}`;
    return { type: 'element', tagName: captionEach ? 'figure' : 'div', properties, children };
  };
  const content: ElementContent[] = [];
  const wide = imgs.length === 1 && isPanorama(assets.get(String(imgs[0]!.properties['src'] ?? '')));
  if (imgs.length === 1) content.push(cell(0));
  else {
    const sizes = imgs.map((img) => assets.get(String(img.properties['src'] ?? '')));
    const { rows } = figureLayout(sizes);
    for (const row of rows) {
      const aspect = (i: number) => (sizes[i]?.width && sizes[i]!.height ? sizes[i]!.width! / sizes[i]!.height! : 1.5);
      content.push({
        type: 'element',
        tagName: 'div',
        properties: { className: ['figure-row'] },
        children: row.map((i) => cell(i, row.length > 1 ? aspect(i) : undefined)),
      });
    }
  }
  if (!captionEach && distinct.length > 0) content.push(caption(distinct[0]!));
  return {
    type: 'element',
    tagName: 'figure',
    // As a group, the figure is a container in the PDF's structure tree; the images inside are the tagged
    // Figures, each with its alt text (a bare <figure> would add a Figure with no alternate text).
    properties: { className: ['figure', imgs.length > 1 ? 'figure-multi' : 'figure-single', ...(wide ? ['figure-wide'] : [])], role: 'group' },
    children: content,
  };
}


/** Checks the first bytes of a file against the signatures of the picture types the build embeds. */
function looksLikePicture(head: Buffer, ext: string): boolean {
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
