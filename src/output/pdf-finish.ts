/**
 * The last touch on the printed PDF: document information (title, author, subject, keywords, creator,
 * reproducible dates) and an outline of bookmarks with one entry per article ("Country: Title") plus the
 * contacts and hotlines. Chrome's own tagging (structure tree, /Lang, link annotations) is kept as it is.
 */
import { PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFDict, type PDFRef } from '@cantoo/pdf-lib';

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

export async function finishPdf(pdf: Uint8Array, info: PdfInfo, bookmarks: readonly Bookmark[]): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setKeywords(info.keywords);
  doc.setCreator(info.creator);
  doc.setProducer(info.producer);
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
  writeOutline(doc, bookmarks);
  // No object streams: the file stays readable by every tool, and byte-identical for the same input.
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
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
