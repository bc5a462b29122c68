/**
 * Reads back what Chrome printed: page count and the page of each named destination (Chrome writes one for
 * every element id that a link in the document points to). pdf.js is loaded only here, only for PDFs.
 */
export interface PdfFacts {
  pages: number;
  /** Destination name (element id) to 1-based page number. */
  destinations: Map<string, number>;
}

export async function readPdfFacts(pdf: Uint8Array, names?: readonly string[]): Promise<PdfFacts> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
  const doc = await pdfjs.getDocument({
    data: pdf.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const destinations = new Map<string, number>();
    const raw = (await doc.getDestinations()) as Record<string, unknown[] | null>;
    // Chrome percent-encodes non-ASCII characters of element ids in destination names.
    const all: Record<string, unknown[] | null> = {};
    for (const [key, value] of Object.entries(raw)) {
      let decoded = key;
      try {
        decoded = decodeURIComponent(key);
      } catch {
        // not percent-encoded
      }
      all[decoded] = value;
      all[key] = value;
    }
    for (const name of names ?? Object.keys(raw)) {
      const dest = all[name];
      const ref = dest?.[0];
      if (!ref || typeof ref !== 'object') continue;
      const index = await doc.getPageIndex(ref as { num: number; gen: number });
      destinations.set(name, index + 1);
    }
    return { pages: doc.numPages, destinations };
  } finally {
    await doc.destroy();
  }
}
