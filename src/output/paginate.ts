/**
 * True page numbers for the contents. Chrome has no target-counter(), so: print, read the page of each
 * article's named destination from the PDF, write the numbers into the loaded page, print again, and stop
 * when the numbers no longer change. The template reserves the space for the numbers, so the second pass
 * normally changes nothing and two prints suffice.
 */
import { BulletinError } from '../diagnostics.js';
import type { FigureAnchor, PrintPage } from './chrome.js';
import type { PDFDocument } from '@cantoo/pdf-lib';
import { readPdfFacts, type PdfFacts } from './pdf-read.js';

/** Full prints before giving up (a first build's draft print comes on top). */
export const MAX_PASSES = 3;

export interface PaginatedPdf {
  pdf: Uint8Array;
  /** The final print, parsed (for finishing without parsing it again). */
  doc: PDFDocument;
  pages: number;
  /** Article id to the page on which it starts. */
  pageOf: Map<string, number>;
  passes: number;
}

export async function printWithTrueNumbers(
  page: PrintPage,
  targets: readonly { id: string; numberId: string }[],
  options: {
    timeoutMs: number;
    onPass?: (pass: number, ms: number, draft: boolean) => void;
    /** A guess (the numbers of the previous print, in the preview): when it holds, one print suffices. */
    guess?: ReadonlyMap<string, number>;
    /** A proof: printed untagged, and loaded for an incremental finish (see finishPdf). */
    proof?: boolean;
    /**
     * Fill the foot of a page that a photo left empty, in articles taller than `maxHeightMm` (see
     * fillPageFeet), measured as PrintPage.placeFigures measures.
     */
    figures?: { textWidthMm: number; maxHeightMm: number };
    /** After each draft print that tried moving photos to fill the foot of a page. */
    onDraft?: (ms: number) => void;
  },
): Promise<PaginatedPdf> {
  let shown = new Map<string, number>(); // what the contents currently say
  const guess = options.guess;
  if (guess && targets.every((t) => guess.has(t.id))) {
    shown = new Map(targets.map((t) => [t.id, guess.get(t.id)!]));
    await page.setTexts(Object.fromEntries(targets.map((t) => [t.numberId, String(shown.get(t.id))])));
  }
  const guessed = shown.size > 0;
  const maxPasses = MAX_PASSES + (guessed ? 0 : 1);
  const ids = targets.map((t) => t.id);
  // Photos at the foot of a page are looked at once, in the first print (the same layout, draft or not).
  let anchors = options.figures ? await page.markFigureAnchors(options.figures) : [];
  for (let pass = 1; pass <= maxPasses; pass++) {
    const started = performance.now();
    // Without a guess the first print cannot be the last (its contents have no numbers yet): a draft print
    // gives the pages. Every print that may be kept is a full one, and is checked like the others.
    const draft = pass === 1 && !guessed;
    const anchorIds = anchorIdsOf(anchors);
    // No outline from Chrome: bulletin writes its own bookmarks (pdf-finish.ts).
    const pdf = draft
      ? await page.draftPdf([...ids, ...anchorIds], options.timeoutMs)
      : await page.pdf({ outline: false, tagged: !(options.proof ?? false), timeoutMs: options.timeoutMs });
    let facts = await readPdfFacts(pdf, [...ids, ...anchorIds], { incremental: !draft && (options.proof ?? false) });
    options.onPass?.(pass, performance.now() - started, draft);
    const missing = targets.filter((t) => !facts.destinations.has(t.id));
    // A template whose targets the draft cannot show gets full prints from here on, as without a draft.
    if (missing.length > 0 && draft) continue;
    if (missing.length > 0) {
      throw new BulletinError(
        `The printed PDF has no link target for ${missing.map((m) => m.id).join(', ')}, so its page number cannot be known. Each contents entry must link to its article (href="#id"), and ids must be plain ASCII of at most 100 characters.`,
        'toc-target-missing',
      );
    }
    if (anchors.length > 0) {
      const placed = await fillPageFeet(page, anchors, facts, ids, options);
      anchors = [];
      await page.clearFigureAnchors();
      if (placed) {
        // This print is out of date; the last draft has the pages.
        facts = placed;
        if (pass === maxPasses) break;
        shown = new Map(facts.destinations);
        await page.setTexts(Object.fromEntries(targets.map((t) => [t.numberId, String(shown.get(t.id))])));
        continue;
      }
    }
    if (!draft && (pass > 1 || guessed) && targets.every((t) => facts.destinations.get(t.id) === shown.get(t.id))) {
      return { pdf, doc: facts.doc, pages: facts.pages, pageOf: facts.destinations, passes: pass };
    }
    if (pass === maxPasses) break;
    shown = new Map(facts.destinations);
    await page.setTexts(Object.fromEntries(targets.map((t) => [t.numberId, String(shown.get(t.id))])));
  }
  throw new BulletinError(
    `The contents page numbers did not settle after ${maxPasses} prints: writing the numbers in moves the articles. The template must reserve a fixed width for the numbers.`,
    'toc-unstable',
  );
}

function anchorIdsOf(anchors: readonly FigureAnchor[]): string[] {
  return [...new Set(anchors.flatMap((a) => [a.figure, a.before, a.end]))];
}

/** Rounds of moves: each tries one photo per article, so that each move is judged by itself. */
const MAX_ROUNDS = 2;

/**
 * Fills the foot of a page that a photo left empty. Chrome keeps a photo whole, so one that does not fit under
 * the paragraph before it goes to the next page and leaves the rest of the column empty; print has no float to
 * the top of a page. Such a photo (it starts on a later page than the paragraph before it ends) moves after
 * the paragraph that follows it, which then flows into the gap. A draft print checks the moves, one photo per
 * article at a time: a move is kept only if its article, from the paragraph before the photo to its end, got
 * shorter by at least a line. When a photo moved, returns the facts of a draft of the layout as it is left;
 * else the layout is the first one again.
 */
async function fillPageFeet(
  page: PrintPage,
  anchors: readonly FigureAnchor[],
  facts: PdfFacts,
  ids: readonly string[],
  options: { timeoutMs: number; onDraft?: (ms: number) => void },
): Promise<PdfFacts | undefined> {
  const names = [...ids, ...anchorIdsOf(anchors)];
  const draft = async (): Promise<PdfFacts> => {
    const started = performance.now();
    const result = await readPdfFacts(await page.draftPdf(names, options.timeoutMs), names);
    options.onDraft?.(performance.now() - started);
    return result;
  };
  const height = facts.pageHeight || 842;
  const line = 10 / height;
  // How far an article runs, in pages, from the end of the paragraph before a photo to the article's end.
  const span = (f: PdfFacts, a: FigureAnchor): number | undefined => {
    const from = f.points.get(a.before);
    const to = f.points.get(a.end);
    return from && to ? to.page - from.page + (from.y - to.y) / height : undefined;
  };
  const tried = new Set<string>();
  let base = facts;
  let moved = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // The first photo of each article that the foot of a page pushed on, not tried before.
    const batch = new Map<string, FigureAnchor>();
    for (const a of anchors) {
      if (tried.has(a.figure) || batch.has(a.end)) continue;
      const figure = base.points.get(a.figure);
      const before = base.points.get(a.before);
      // On a later page than the paragraph before it ends.
      if (figure && before && figure.page > before.page) batch.set(a.end, a);
    }
    if (batch.size === 0) break;
    const trying = [...batch.values()];
    for (const a of trying) tried.add(a.figure);
    await page.moveFigures(trying.map((a) => a.figure));
    const after = await draft();
    const undo = trying.filter((a) => {
      const was = span(base, a);
      const now = span(after, a);
      return was === undefined || now === undefined || now > was - line;
    });
    moved += trying.length - undo.length;
    if (undo.length === 0) {
      base = after;
      continue;
    }
    await page.moveFigures(undo.map((a) => a.figure), { back: true });
    // All undone and nothing moved before: the layout is the first one again.
    base = moved === 0 ? facts : await draft();
  }
  return moved === 0 ? undefined : base;
}
