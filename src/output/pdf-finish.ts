/**
 * The last touch on the printed PDF: document information (title, author, subject, keywords, creator,
 * reproducible dates) and an outline of bookmarks with one entry per article ("Country: Title") plus the
 * contacts and hotlines. Chrome's own tagging (structure tree, /Lang, link annotations) is kept as it is.
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from '@cantoo/pdf-lib';

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  producer: string;
  /** Creation and modification date; fixed by SOURCE_DATE_EPOCH for reproducible builds. */
  date: Date;
}

export interface Bookmark {
  title: string;
  /** A named destination that Chrome wrote (an element id a link points to). */
  destination: string;
}

/**
 * Writes the metadata and bookmarks. With `incremental` (the preview's quick finish; the document must have
 * been loaded with `forIncrementalUpdate`) they are appended to Chrome's file as an update; otherwise the file
 * is rewritten whole, which drops Chrome's own dates: builds are byte-identical for the same input and
 * SOURCE_DATE_EPOCH.
 */
export async function finishPdf(
  pdf: Uint8Array | PDFDocument,
  info: PdfInfo,
  bookmarks: readonly Bookmark[],
  options: { incremental?: boolean } = {},
): Promise<Uint8Array> {
  const incremental = options.incremental ?? false;
  const doc = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, { updateMetadata: false, forIncrementalUpdate: incremental, parseSpeed: WHOLE });
  setInfo(doc, info);
  dropDestinations(doc, (name) => name.startsWith(ANCHOR_PREFIX), incremental);
  writeOutline(doc, bookmarks);
  // No object streams: the file stays readable by every tool.
  if (incremental) return doc.commit({ useObjectStreams: false, objectsPerTick: WHOLE });
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: WHOLE });
}

/**
 * Objects pdf-lib reads or writes before it lets the event loop run (its `parseSpeed` and `objectsPerTick`):
 * all of them. By default it waits for a timer every 50 to 100 objects, and a timer waits at least a
 * millisecond: for the 4,000 objects of a 100-page edition that was 0.2 s of writing the file and 50 ms of
 * each reading, spent waiting. Nothing else needs the event loop while a PDF is read or written.
 */
export const WHOLE = Infinity;

/** Ids of the points bulletin marks to measure a print (see PrintPage.markFigureAnchors): not for readers. */
export const ANCHOR_PREFIX = 'bulletin-anchor-';

/**
 * Removes the named destinations `drop` picks from the catalog's /Dests, where Chrome writes them: from the
 * dictionary itself when the file is written anew, or into a new one that an incremental update carries.
 */
function dropDestinations(doc: PDFDocument, drop: (name: string) => boolean, incremental: boolean): void {
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return;
  const dropped = dests.keys().filter((k) => drop(k.decodeText()));
  if (dropped.length === 0) return;
  if (!incremental) {
    for (const key of dropped) dests.delete(key);
    return;
  }
  const kept = doc.context.obj({}) as PDFDict;
  for (const [key, value] of dests.entries()) if (!drop(key.decodeText())) kept.set(key, value);
  doc.catalog.set(PDFName.of('Dests'), doc.context.register(kept));
}

function setInfo(doc: PDFDocument, info: PdfInfo): void {
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  // One string, comma-separated: pdf-lib joins a list with spaces, which would make "El Salvador" two keywords.
  doc.setKeywords([info.keywords.join(', ')]);
  doc.setCreator(info.creator);
  doc.setProducer(info.producer);
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
}

function writeOutline(doc: PDFDocument, bookmarks: readonly Bookmark[]): void {
  const context = doc.context;
  const catalog = doc.catalog;
  if (bookmarks.length === 0) {
    catalog.delete(PDFName.of('Outlines'));
    return;
  }
  const outlinesRef = context.nextRef();
  const refs: PDFRef[] = bookmarks.map(() => context.nextRef());
  bookmarks.forEach((b, i) => {
    const item: PDFDict = context.obj({}) as PDFDict;
    item.set(PDFName.of('Title'), PDFHexString.fromText(b.title));
    item.set(PDFName.of('Parent'), outlinesRef);
    // Chrome keeps its named destinations in the catalog's /Dests dictionary: refer to them by name.
    item.set(PDFName.of('Dest'), PDFName.of(b.destination));
    if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!);
    if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!);
    context.assign(refs[i]!, item);
  });
  const outlines = context.obj({}) as PDFDict;
  outlines.set(PDFName.of('Type'), PDFName.of('Outlines'));
  outlines.set(PDFName.of('First'), refs[0]!);
  outlines.set(PDFName.of('Last'), refs.at(-1)!);
  outlines.set(PDFName.of('Count'), PDFNumber.of(refs.length));
  context.assign(outlinesRef, outlines);
  catalog.set(PDFName.of('Outlines'), outlinesRef);
  // Open with the bookmarks panel visible.
  catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) or now. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000);
  return new Date();
}

export interface PrintShopOptions {
  /** Bleed around the trimmed page, in millimetres. */
  bleedMm: number;
  /** Room outside the bleed for the crop marks, in millimetres. */
  slugMm?: number;
}

const MM = 72 / 25.4;

/**
 * A copy for the print shop: every page placed on a larger sheet with crop marks at the trim corners, and the
 * TrimBox and BleedBox set so that imposition software finds the page. (The e-mail PDF stays as it is: tagged,
 * with links and bookmarks, which a placed page does not keep.)
 */
export async function printShopPdf(pdf: Uint8Array, options: PrintShopOptions, info: PdfInfo): Promise<Uint8Array> {
  const { PDFDocument: Doc, rgb } = await import('@cantoo/pdf-lib');
  const source = await Doc.load(pdf, { updateMetadata: false, parseSpeed: WHOLE });
  const out = await Doc.create({ updateMetadata: false });
  const bleed = options.bleedMm * MM;
  const slug = (options.slugMm ?? 10) * MM;
  const margin = bleed + slug;
  const embedded = await out.embedPages(source.getPages());
  for (const page of embedded) {
    const w = page.width;
    const h = page.height;
    const sheet = out.addPage([w + 2 * margin, h + 2 * margin]);
    sheet.drawPage(page, { x: margin, y: margin });
    sheet.setTrimBox(margin, margin, w, h);
    sheet.setBleedBox(slug, slug, w + 2 * bleed, h + 2 * bleed);
    // Crop marks: two short lines at each trim corner, in the slug, clear of the bleed.
    const len = slug - 2 * MM;
    const black = rgb(0, 0, 0);
    const thickness = 0.25;
    for (const [cx, cy] of [[margin, margin], [margin + w, margin], [margin, margin + h], [margin + w, margin + h]] as const) {
      const sx = cx === margin ? -1 : 1;
      const sy = cy === margin ? -1 : 1;
      sheet.drawLine({ start: { x: cx + sx * bleed, y: cy }, end: { x: cx + sx * (bleed + len), y: cy }, thickness, color: black });
      sheet.drawLine({ start: { x: cx, y: cy + sy * bleed }, end: { x: cx, y: cy + sy * (bleed + len) }, thickness, color: black });
    }
  }
  setInfo(out, { ...info, title: `${info.title} (print)` });
  return out.save({ useObjectStreams: false, addDefaultPage: false, objectsPerTick: WHOLE });
}
