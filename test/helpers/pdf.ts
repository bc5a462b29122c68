/** Reading PDFs back with poppler, independently of how bulletin itself reads them. */
import { execFileSync } from 'node:child_process';

export function pdfPageCount(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
}

export function pdfInfo(pdf: string): Record<string, string> {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const out: Record<string, string> = {};
  for (const line of info.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** Text of each page, in drawing order (`-raw`), soft hyphens and line-end hyphens removed, spaces collapsed. */
export function pdfPagesText(pdf: string): string[] {
  const n = pdfPageCount(pdf);
  const pages: string[] = [];
  for (let p = 1; p <= n; p++) {
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-f', String(p), '-l', String(p), pdf, '-'], { encoding: 'utf8' });
    pages.push(normalise(text));
  }
  return pages;
}

export function normalise(text: string): string {
  return text
    .replace(/\u00ad\s*\n\s*/g, '') // a soft hyphen where the line broke joins the word again
    .replace(/\u00ad/g, '')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/(\p{Ll})-\s*\n\s*(\p{Ll})/gu, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(pdf: string): PdfFont[] {
  const out = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return out.map((line) => {
    // name, then type (may contain spaces), encoding, emb, sub, uni, object id, gen
    const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.exec(line.trim());
    if (!m) throw new Error(`unexpected pdffonts line: ${line}`);
    return { name: m[1]!, type: m[2]!, embedded: m[4] === 'yes' };
  });
}

/**
 * The contents entries as the PDF shows them: for each (country, title), the number printed after the
 * entry on page 1 (or the pages the contents span), and the page on which the article's heading stands.
 */
export function contentsAndHeadings(
  pages: string[],
  articles: { country: string; title: string }[],
): { title: string; listed: number | undefined; actual: number | undefined }[] {
  return articles.map(({ country, title }) => {
    const entry = `${country}: ${normalise(title)}`;
    const heading = `${country.toUpperCase()}: ${normalise(title)}`;
    let listed: number | undefined;
    for (const text of pages) {
      const i = text.indexOf(entry);
      if (i === -1) continue;
      const m = /^\s*(\d{1,4})\b/.exec(text.slice(i + entry.length));
      if (m) listed = Number(m[1]);
      break;
    }
    const found = pages.findIndex((text) => text.includes(heading));
    return { title, listed, actual: found === -1 ? undefined : found + 1 };
  });
}

/** Where the last word containing `marker` prints: its page, and its top in points, as one sortable number. */
export function lastPlace(pdf: string, marker: string): number | undefined {
  let found: number | undefined;
  for (let page = 1; page <= pdfPageCount(pdf); page++) {
    const xml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
    for (const m of xml.matchAll(new RegExp(`yMin="([\\d.]+)"[^>]*>[^<]*${marker}`, 'g'))) found = page * 10_000 + Number(m[1]);
  }
  return found;
}

/**
 * The letters a PDF prints, counted, with its footers (`footer`) left out: the same for two prints when
 * nothing is lost or repeated, whatever the line breaks, hyphens, order of columns or number of pages.
 */
export function letterCounts(pdf: string, footer: RegExp): Record<string, number> {
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })
    .replace(/Page \d+ of \d+/g, '')
    .replace(footer, '');
  const counts = new Map<string, number>();
  for (const ch of text.replace(/[^\p{L}]/gu, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return Object.fromEntries([...counts].sort());
}


export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word poppler finds, with its box in points, and the size of the pages. */
export function pdfWords(pdf: string): { words: PdfWord[]; width: number; height: number } {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(xml);
  const words: PdfWord[] = [];
  let page = 0;
  for (const m of xml.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') {
      page++;
      continue;
    }
    words.push({ page, text: m[5]!, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
  }
  return { words, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0) };
}
