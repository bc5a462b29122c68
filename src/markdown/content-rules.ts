/**
 * Content rules that read the Markdown tree of a report body. Each reports through the sink with a
 * permanent rule id; see RULES in src/rules.ts for their documentation.
 */
import type { Definition, Heading, Image, Link, LinkReference, Paragraph, Root, Text } from 'mdast';
import type { Node } from 'unist';
import { visit } from '../util/visit.js';
import type { DiagnosticSink, Position } from '../diagnostics.js';
import { codePointName, lineStartsOf, positionAt } from '../util/text.js';
import { fold, levenshtein } from '../util/suggest.js';
import type { MarkdownContext } from './markdown-to-html.js';

export function positionOf(node: Node, lineOffset: number): Position | undefined {
  const p = node.position;
  if (!p) return undefined;
  return { line: p.start.line + lineOffset, column: p.start.column, endLine: p.end.line + lineOffset, endColumn: p.end.column };
}

/** Placeholders that `bulletin new` writes: text in double square brackets, e.g. `[[Write the title]]`. */
export const PLACEHOLDER = /\[\[[^\[\]\n]{1,200}\]\]/;

export function checkContent(tree: Root, source: string, ctx: MarkdownContext, sink: DiagnosticSink): void {
  const at = (node: Node) => positionOf(node, ctx.lineOffset);

  // Figures: a paragraph of only images. Each image needs alt text; the figure needs a caption.
  visit(tree, 'paragraph', (p: Paragraph) => {
    const images = p.children.filter((c): c is Image => c.type === 'image');
    const onlyImages = images.length > 0 && p.children.every((c) => c.type === 'image' || (c.type === 'text' && c.value.trim() === '') || c.type === 'break');
    if (onlyImages && !images.some((i) => (i.title ?? '').trim() !== '')) {
      sink.warn(
        'image/missing-caption',
        'The figure has no caption. Add one as the image title: ![alt text](../assets/photo.jpg "Caption shown under the photo").',
        at(images[0]!),
      );
    }
  });
  // Links: only web addresses, e-mail and phone numbers are kept as links; anything else is a mistake.
  const linkRefs = new Set<string>();
  visit(tree, 'linkReference', (r: LinkReference) => {
    linkRefs.add(r.identifier);
  });
  visit(tree, 'link', (l: Link) => checkLinkUrl(l.url, at(l), sink));
  checkRawLinksAroundAutolinks(tree, source, ctx.lineOffset, sink);
  visit(tree, 'definition', (d: Definition) => {
    if (linkRefs.has(d.identifier)) checkLinkUrl(d.url, at(d), sink);
  });

  visit(tree, 'image', (img: Image) => {
    for (const value of [img.alt ?? '', img.title ?? '', img.url]) {
      const m = PLACEHOLDER.exec(value);
      if (m) {
        sink.error('content/placeholder', `The placeholder ${m[0]} from \`bulletin new\` is still in this image. Replace it with the real text, or delete the image.`, at(img));
        break;
      }
    }
    if ((img.alt ?? '').trim() === '') {
      sink.error(
        'image/missing-alt',
        'The image has no alt text, so readers who cannot see it learn nothing. Describe it between the brackets: ![Participants at the seminar in Aktau](...).',
        at(img),
      );
    }
  });

  visit(tree, 'text', (t: Text) => {
    const pos = t.position;
    // Placeholders from `bulletin new` must never be printed.
    const placeholder = PLACEHOLDER.exec(t.value);
    if (placeholder) {
      sink.error(
        'content/placeholder',
        `The placeholder ${placeholder[0]} from \`bulletin new\` is still here. Replace it with the real text.`,
        pos ? offsetPosition(source, pos.start.offset! + placeholder.index, ctx.lineOffset) : undefined,
      );
    }
    // Control characters (an escape, a bell, a form feed pasted from another program) and direction overrides
    // would reach the HTML and the PDF's text; isolates and marks, which right-to-left text needs, are fine.
    for (const control of [...t.value.matchAll(BODY_CONTROL)].slice(0, 10)) {
      const code = codePointName(control[0]);
      const what = /[\u202a-\u202e]/u.test(control[0]) ? 'a direction override' : 'a control character';
      sink.error(
        'content/control-character',
        `The text holds ${what} (${code}) here, which would reach the printed text. Delete it: retype the word if you cannot see it.`,
        pos ? offsetPosition(source, pos.start.offset! + control.index!, ctx.lineOffset) : undefined,
      );
    }
    // A photo or link the parser could not read as one prints exactly as typed, brackets and path included.
    checkRawMarkdown(t.value, (index) => (pos ? offsetPosition(source, pos.start.offset! + index, ctx.lineOffset) : undefined), sink);
    // Words broken at a line end when text was copied from a PDF: "Com-\nbating".
    if (t.value.includes('-') && t.value.includes('\n')) {
      const re = /(\p{L}+)-[ \t]*\r?\n[ \t]*(\p{Ll}+)/gu;
      let m: RegExpExecArray | null;
      while ((m = re.exec(t.value))) {
        const joined = `${m[1]}${m[2]}`;
        sink.warn(
          'content/pasted-hyphenation',
          `“${m[1]}-” at the end of a line followed by “${m[2]}” looks like a word hyphenated in a PDF and pasted. Write “${joined}” (or “${m[1]}-${m[2]}” if the hyphen belongs there).`,
          pos ? offsetPosition(source, pos.start.offset! + m.index + m[1]!.length, ctx.lineOffset) : undefined,
          joined,
        );
      }
    }
  });

  if (ctx.countries && ctx.countries.length > 0) {
    const countries = ctx.countries;
    visit(tree, 'heading', (h: Heading) => {
      visit(h, 'text', (t: Text) => {
        for (const m of t.value.matchAll(/\p{L}[\p{L}\p{M}'’-]{4,}/gu)) {
          const word = m[0];
          const near = misspeltCountry(word, countries);
          if (!near) continue;
          sink.warn(
            'content/country-spelling',
            `“${word}” in this heading looks like a misspelling of “${near}”.`,
            t.position ? offsetPosition(source, t.position.start.offset! + m.index!, ctx.lineOffset) : at(h),
            near,
          );
        }
      });
    });
  }
}

/** In running text: C0 controls but tab and line breaks, DEL, C1 controls, and direction embeddings and overrides. */
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/gu;

/** `![alt](` left in the text: an image the parser did not take as one. */
const RAW_IMAGE = /!\[[^\]\n]*\]\(([^\n]*)/g;
/** `[text] (https://…)` or `[text](https://… "title "with" quotes")`: a link left as text. */
const RAW_LINK = /(?<!!)\[[^\]\n]+\](?:[ \t]+\((?:https?:\/\/|mailto:|www\.)|\((?:https?:\/\/|mailto:|tel:)[^\s)]*[ \t]+["'(])/g;

function checkRawMarkdown(text: string, at: (index: number) => Position | undefined, sink: DiagnosticSink): void {
  if (!text.includes('](') && !text.includes('] (')) return;
  for (const m of text.matchAll(RAW_IMAGE)) {
    sink.error('content/broken-image', `This photo could not be read as one, so it would print as typed, path and all. ${whyNotAnImage(m[1]!)}`, at(m.index!));
  }
  for (const m of text.matchAll(RAW_LINK)) brokenLink(/\][ \t]+\(/.test(m[0]), at(m.index!), sink);
}

function brokenLink(spaced: boolean, at: Position | undefined, sink: DiagnosticSink): void {
  sink.warn(
    'content/broken-link',
    spaced
      ? 'This link prints as typed, brackets and address included: a space between ] and ( keeps it from being a link. Write [text](https://...) with nothing between them.'
      : 'This link prints as typed, brackets and address included: a double quote inside its title ends the title early (or the address has a space in it). Write the inner quotes as “ ” or « », or drop the title.',
    at,
  );
}

/** Text that ends where a link was meant to start: `[text] (` or `[text](`. */
const LINK_OPENING = /(?<!!)\[[^\]\n]+\]([ \t]*)\($/;

/**
 * A link left as text whose address GFM then linked on its own (`[the law] (https://…)`, or a title with
 * quotes in it): the text before the address ends with the opening of the link that was meant.
 */
function checkRawLinksAroundAutolinks(tree: Root, source: string, lineOffset: number, sink: DiagnosticSink): void {
  visit(tree, 'link', (link: Link, index, parent) => {
    if (!parent || index === undefined || index === 0) return;
    const before = parent.children[index - 1];
    const only = link.children.length === 1 ? link.children[0] : undefined;
    if (before?.type !== 'text' || only?.type !== 'text' || !link.url.replace(/^mailto:/, '').endsWith(only.value.replace(/^www\./, ''))) return;
    const m = LINK_OPENING.exec(before.value);
    if (!m) return;
    const start = before.position?.start.offset;
    brokenLink(m[1] !== '', start === undefined ? positionOf(before, lineOffset) : offsetPosition(source, start + m.index, lineOffset), sink);
  });
}

/** The likeliest reason, from what follows `](`, why an image was not read as one. */
function whyNotAnImage(inside: string): string {
  const close = inside.lastIndexOf(')');
  const target = close === -1 ? inside : inside.slice(0, close);
  const title = /\s["'(]/.exec(target);
  const path = title ? target.slice(0, title.index) : target;
  if (/\s/.test(path.trim())) {
    return 'Its file name has a space in it, which Markdown does not allow there: rename the file without spaces (my-photo.jpg), or write the path in angle brackets: ![alt](<../assets/my photo.jpg> "Caption").';
  }
  if (title && (target.slice(title.index).match(/"/g)?.length ?? 0) > 2) {
    return 'A double quote inside the caption ends the caption early: write the inner quotes as “ ” or « », or put the caption in single quotes.';
  }
  if (close === -1) return 'The closing parenthesis is missing: ![alt](../assets/photo.jpg "Caption").';
  return 'Check its brackets, parentheses and quotes: ![alt](../assets/photo.jpg "Caption").';
}

/** The country a word misspells: close to it, but not the country itself in any case or accents. */
export function misspeltCountry(word: string, countries: readonly string[]): string | undefined {
  const w = fold(word);
  for (const c of countries) {
    const f = fold(c);
    if (f === w || f.length < 5) continue;
    const limit = f.length >= 9 ? 2 : 1;
    if (Math.abs(f.length - w.length) <= limit && levenshtein(w, f) <= limit) return c;
  }
  return undefined;
}

/** Where the lines of the last body asked about start, so that a report with thousands of warnings is not read once for each. */
let lineStarts: { source: string; starts: number[] } | undefined;

/** Line and column in the file of a character offset in the body. */
function offsetPosition(source: string, offset: number, lineOffset: number): Position {
  if (lineStarts?.source !== source) lineStarts = { source, starts: lineStartsOf(source) };
  const { line, column } = positionAt(lineStarts.starts, offset);
  return { line: line + lineOffset, column };
}

/** Schemes a link keeps in the HTML edition and the PDF. */
const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/** Characters that belong to an address but that GFM's e-mail autolinks cannot hold (accented letters). */
const ADDRESS_CHAR = /[\p{L}\p{M}\p{N}]/u;

/**
 * E-mail addresses with letters outside a–z (`josé.peña@iom.int`). GFM links only the ASCII tail of such an
 * address (`a@iom.int`): a link to someone else. The link is undone, so the address prints whole as text, and
 * the author is told. Changes the tree; runs before the other rules.
 */
export function unlinkPartialEmails(tree: Root, source: string, ctx: Pick<MarkdownContext, 'lineOffset'>, sink: DiagnosticSink): void {
  visit(tree, 'link', (link: Link, index, parent) => {
    if (!parent || index === undefined || !link.url.startsWith('mailto:')) return;
    const only = link.children.length === 1 ? link.children[0] : undefined;
    if (only?.type !== 'text' || only.value !== link.url.slice('mailto:'.length)) return; // a link as written, not an autolink
    const before = parent.children[index - 1];
    const after = parent.children[index + 1];
    const head = before?.type === 'text' ? (/[\p{L}\p{M}\p{N}._%+-]*$/u.exec(before.value)?.[0] ?? '') : '';
    const tail = after?.type === 'text' ? (/^[\p{L}\p{M}\p{N}-]*/u.exec(after.value)?.[0] ?? '') : '';
    if (!ADDRESS_CHAR.test(head.slice(-1)) && !ADDRESS_CHAR.test(tail.slice(0, 1))) return;
    const address = `${head}${only.value}${tail}`;
    const start = before?.type === 'text' && before.position?.start.offset !== undefined ? before.position.start.offset + before.value.length - head.length : link.position?.start.offset;
    sink.warn(
      'content/link',
      `The e-mail address “${address}” has letters that an e-mail link cannot hold, so only “${only.value}” would have been linked: it prints as text, without a link. If the address really is written so, leave it; if the mailbox is spelt without accents, write that.`,
      start === undefined ? positionOf(link, ctx.lineOffset) : offsetPosition(source, start, ctx.lineOffset),
    );
    // The address becomes one text node with what surrounds it.
    const merged: Text = { type: 'text', value: `${before?.type === 'text' ? before.value : ''}${only.value}${after?.type === 'text' ? after.value : ''}` };
    const from = before?.type === 'text' ? index - 1 : index;
    const to = after?.type === 'text' ? index + 1 : index;
    const first = parent.children[from]!;
    const last = parent.children[to]!;
    if (first.position && last.position) merged.position = { start: first.position.start, end: last.position.end };
    parent.children.splice(from, to - from + 1, merged);
    return from;
  });
}

/**
 * A link the bulletin cannot carry: another scheme (`javascript:`, `file:`) is dropped, and an address
 * without a scheme is a path to a file next to the HTML page, which readers do not have; most often it is
 * a web address typed without `https://`.
 */
function checkLinkUrl(raw: string, at: Position | undefined, sink: DiagnosticSink): void {
  const url = raw.trim();
  if (url === '' || url.startsWith('#')) return;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const shown = url.length > 60 ? `${url.slice(0, 57)}...` : url;
  if (scheme !== undefined) {
    if (LINK_SCHEMES.has(scheme)) return;
    sink.warn('content/link', `The link to “${shown}” is not kept: links may go to web addresses (https://), e-mail addresses (mailto:) and phone numbers (tel:).`, at);
    return;
  }
  if (/^(?:www\.|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}(?:[/?#:]|$))/iu.test(url)) {
    sink.warn('content/link', `The link “${shown}” has no https://, so it points at a file, not a web site. Write https://${shown}.`, at, `https://${url}`);
    return;
  }
  sink.warn('content/link', `The link “${shown}” points at a file, which readers of the bulletin do not have. Link to a web address (https://...) instead.`, at);
}
