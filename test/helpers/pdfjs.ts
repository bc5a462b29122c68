/** Reading PDF structure with pdf.js: outline, metadata, structure tree. */
import { readFileSync } from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function openPdf(file: string): Promise<Any> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0, isEvalSupported: false }).promise;
}

export async function outlineWithPages(doc: Any): Promise<{ title: string; page: number }[]> {
  const outline = ((await doc.getOutline()) ?? []) as { title: string; dest: string | unknown[] }[];
  const out: { title: string; page: number }[] = [];
  for (const item of outline) {
    const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
    out.push({ title: item.title, page: (await doc.getPageIndex(dest[0])) + 1 });
  }
  return out;
}

export interface StructNode {
  role: string;
  alt?: string;
  children?: StructNode[];
}

/** Every structure element of every page, flattened: role and alt text. */
export async function structureRoles(doc: Any): Promise<{ role: string; alt?: string; page: number }[]> {
  const out: { role: string; alt?: string; page: number }[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const tree = (await page.getStructTree()) as StructNode | null;
    const walk = (n: StructNode) => {
      if (n.role) out.push({ role: n.role, ...(n.alt !== undefined ? { alt: n.alt } : {}), page: p });
      for (const c of n.children ?? []) if (c && typeof c === 'object' && 'role' in c) walk(c);
    };
    if (tree) walk(tree);
  }
  return out;
}
