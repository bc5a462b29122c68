/**
 * Reads back what Chrome printed: the page count and the page of each named destination (Chrome writes one
 * for every element id that a link in the document points to, in the catalog's /Dests dictionary). pdf-lib,
 * which writes the final metadata anyway, reads them: the document loaded here is the one that is finished.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString } from '@cantoo/pdf-lib';
import { WHOLE } from './pdf-finish.js';

/** Where a named destination points: its page (1-based) and the point, in PDF units from the page's bottom left. */
export interface PdfPoint {
  page: number;
  x: number;
  y: number;
}

export interface PdfFacts {
  pages: number;
  /** Destination name (element id) to 1-based page number. */
  destinations: Map<string, number>;
  /** The same destinations with the point on the page, where Chrome gives one (`/XYZ left top`). */
  points: Map<string, PdfPoint>;
  /** Height of the first page, in PDF units. */
  pageHeight: number;
  /** The parsed document, for finishing without parsing it again. */
  doc: PDFDocument;
}

export async function readPdfFacts(
  pdf: Uint8Array,
  names?: readonly string[],
  /** Load for finishing by an incremental update (the preview's quick finish), not a rewrite. */
  options: { incremental?: boolean } = {},
): Promise<PdfFacts> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, forIncrementalUpdate: options.incremental ?? false, parseSpeed: WHOLE });
  const pages = doc.getPages();
  const pageIndex = new Map(pages.map((p, i) => [p.ref.toString(), i]));
  const all = new Map<string, PDFArray>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (dests) {
    for (const [key, value] of dests.entries()) {
      const arr = doc.context.lookup(value);
      const target = arr instanceof PDFDict ? arr.lookupMaybe(PDFName.of('D'), PDFArray) : arr;
      if (target instanceof PDFArray) all.set(decodeName(key.decodeText()), target);
    }
  }
  // The other place a PDF may keep them: the /Names /Dests name tree.
  const tree = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (tree) walkNameTree(doc, tree, all);
  const destinations = new Map<string, number>();
  const points = new Map<string, PdfPoint>();
  for (const name of names ?? [...all.keys()]) {
    const arr = all.get(name);
    const ref = arr?.get(0);
    if (!(ref instanceof PDFRef)) continue;
    const index = pageIndex.get(ref.toString());
    if (index === undefined) continue;
    destinations.set(name, index + 1);
    const x = arr!.lookupMaybe(2, PDFNumber);
    const y = arr!.lookupMaybe(3, PDFNumber);
    if (x && y) points.set(name, { page: index + 1, x: x.asNumber(), y: y.asNumber() });
  }
  return { pages: pages.length, destinations, points, pageHeight: pages[0]?.getHeight() ?? 0, doc };
}

function decodeName(name: string): string {
  // Chrome percent-encodes characters outside ASCII in destination names.
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function walkNameTree(doc: PDFDocument, node: PDFDict, into: Map<string, PDFArray>, depth = 0): void {
  if (depth > 32) return;
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = names.lookup(i);
      const value = doc.context.lookup(names.get(i + 1));
      const target = value instanceof PDFDict ? value.lookupMaybe(PDFName.of('D'), PDFArray) : value;
      if ((key instanceof PDFString || key instanceof PDFHexString) && target instanceof PDFArray) {
        into.set(decodeName(key.decodeText()), target);
      }
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) for (let i = 0; i < kids.size(); i++) walkNameTree(doc, kids.lookup(i, PDFDict), into, depth + 1);
}
