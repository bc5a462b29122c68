/**
 * True page numbers for the contents. Chrome has no target-counter(), so: print, read the page of each
 * article's named destination from the PDF, write the numbers into the loaded page, print again, and stop
 * when the numbers no longer change. The template reserves the space for the numbers, so the second pass
 * normally changes nothing and two prints suffice.
 */
import { BulletinError } from '../diagnostics.js';
import type { PrintPage } from './chrome.js';
import type { PDFDocument } from '@cantoo/pdf-lib';
import { readPdfFacts } from './pdf-read.js';

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
  for (let pass = 1; pass <= maxPasses; pass++) {
    const started = performance.now();
    // Without a guess the first print cannot be the last (its contents have no numbers yet): a draft print
    // gives the pages. Every print that may be kept is a full one, and is checked like the others.
    const draft = pass === 1 && !guessed;
    // No outline from Chrome: bulletin writes its own bookmarks (pdf-finish.ts).
    const pdf = draft
      ? await page.draftPdf(targets.map((t) => t.id), options.timeoutMs)
      : await page.pdf({ outline: false, tagged: !(options.proof ?? false), timeoutMs: options.timeoutMs });
    const facts = await readPdfFacts(pdf, targets.map((t) => t.id), { incremental: !draft && (options.proof ?? false) });
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
