/**
 * `bulletin build` as an API: check the edition, render the HTML, print the PDF with true contents numbers,
 * and write both atomically. Throws ValidationFailed (with every diagnostic) when the edition has errors,
 * BulletinError when something outside the edition stops the build; in both cases nothing is written.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkEdition } from './check-edition.js';
import { appendAll, BulletinError, hasErrors, sortDiagnostics, ValidationFailed, type Diagnostic } from './diagnostics.js';
import type { Edition } from './edition/assemble.js';
import { findBrowser, type FoundBrowser } from './output/find-browser.js';
import { writeFilesAtomically, type PendingFile } from './output/write-atomic.js';
import type { Chrome, PrintPage } from './output/chrome.js';
import { fontCoverageDiagnostics } from './render/font-coverage.js';
import { prepareImages, printGeometry } from './render/images.js';
import { contentsEntries, renderHtml } from './render/render-html.js';
import { templateFor } from './render/template.js';
import { readRegularFile } from './util/read-regular.js';
import { VERSION } from './version.js';

export type OutputFormat = 'pdf' | 'html';

export interface BuildOptions {
  /** Output folder; default `<edition>/dist`. */
  outDir?: string;
  formats?: readonly OutputFormat[];
  /** Browser executable (else BULLETIN_CHROME, puppeteer's cache, system paths). */
  chrome?: string;
  /** Bound for each browser step, in milliseconds. Default 60 s. */
  timeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  step: 'check' | 'render' | 'launch' | 'load' | 'print' | 'finish' | 'write';
  /** Milliseconds the step took. */
  ms: number;
  detail?: string;
}

export interface BuiltFile {
  /** `print-pdf` is the print-shop copy with crop marks (output.cropMarks). */
  format: OutputFormat | 'print-pdf';
  path: string;
  bytes: number;
}

export interface BuildResult {
  files: BuiltFile[];
  /** Page count of the PDF, when one was printed. */
  pages: number | undefined;
  /** Article id to page number, when a PDF was printed. */
  pageOf: Map<string, number> | undefined;
  passes: number | undefined;
  browser: FoundBrowser | undefined;
  /** Warnings (errors stop the build). */
  diagnostics: Diagnostic[];
  edition: Edition;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

export async function build(editionDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const formats = options.formats ?? ['pdf', 'html'];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const progress = options.onProgress ?? (() => undefined);
  let t = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };

  // Chrome starts first, and the edition is checked, its photos prepared and its HTML rendered while it
  // does; it is closed on every path. A browser that cannot start is reported only if the edition is valid.
  let browser: FoundBrowser | undefined;
  let chromeStart: Promise<Chrome> | undefined;
  // Aborted when the build ends: a launch still under way then is given up rather than waited for.
  const launch = new AbortController();
  if (formats.includes('pdf')) {
    chromeStart = (async () => {
      browser = await findBrowser({ chrome: options.chrome });
      const found = browser;
      // Loaded lazily: the HTML-only path and lint never load puppeteer.
      const { Chrome } = await import('./output/chrome.js');
      return Chrome.launch({ browser: found, timeoutMs, signal: launch.signal });
    })();
    chromeStart.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  }
  const pending: PendingFile[] = [];
  let printed: PrintedPdf | undefined;
  let html: string;
  let edition: Edition;
  let outDir: string;
  const diagnostics: Diagnostic[] = [];
  try {
    const checked = await checkEdition(editionDir);
    if (hasErrors(checked.diagnostics) || !checked.edition) throw new ValidationFailed(checked.diagnostics);
    edition = checked.edition;
    appendAll(diagnostics, checked.diagnostics);
    progress({ step: 'check', ms: lap(), detail: `${edition.articles.length} reports` });
    outDir = path.resolve(options.outDir ?? path.join(edition.dir, 'dist'));

    const rendered = await renderDocument(edition);
    appendAll(diagnostics, rendered.diagnostics);
    // Photos are decoded only now: one that cannot be read stops the build like any other error.
    if (hasErrors(rendered.diagnostics)) throw new ValidationFailed(sortDiagnostics(diagnostics));
    html = rendered.html;
    progress({ step: 'render', ms: lap(), detail: `${new Set(edition.images.map((i) => i.token)).size} images` });
    if (chromeStart) {
      const chrome = await chromeStart;
      progress({ step: 'launch', ms: lap(), detail: browser!.executablePath });
      const guess = await previousNumbers(path.join(outDir, `${edition.name}.html`), edition);
      printed = await printDocument(chrome, edition, html, { timeoutMs, onProgress: progress, ...(guess ? { guess } : {}) });
      lap();
      appendAll(diagnostics, printed.diagnostics);
      pending.push({ path: path.join(outDir, `${edition.name}.pdf`), data: printed.pdf });
      if (printed.printShop) pending.push({ path: path.join(outDir, `${edition.name}-print.pdf`), data: printed.printShop });
      html = withTocNumbers(html, edition, printed.pageOf);
    }
  } finally {
    if (chromeStart) {
      launch.abort();
      const chrome = await chromeStart.catch(() => undefined);
      await chrome?.close();
    }
  }
  if (formats.includes('html')) pending.push({ path: path.join(outDir, `${edition.name}.html`), data: html });

  await writeFilesAtomically(pending);
  progress({ step: 'write', ms: lap(), detail: outDir });
  const files: BuiltFile[] = pending.map((p) => ({
    format: p.path.endsWith('-print.pdf') ? 'print-pdf' : p.path.endsWith('.pdf') ? 'pdf' : 'html',
    path: p.path,
    bytes: typeof p.data === 'string' ? Buffer.byteLength(p.data) : p.data.byteLength,
  }));
  return {
    files,
    pages: printed?.pages,
    pageOf: printed?.pageOf,
    passes: printed?.passes,
    browser,
    diagnostics,
    edition,
  };
}

/** The HTML document of an edition, photos prepared for print. Shared by build and preview. */
export async function renderDocument(edition: Edition): Promise<{ html: string; diagnostics: Diagnostic[] }> {
  const template = await templateFor(edition);
  const geometry = printGeometry(template, edition.pageSize);
  const [prepared, fontDiagnostics] = await Promise.all([prepareImages(edition.images, geometry), fontCoverageDiagnostics(edition, template.fonts)]);
  const html = await renderHtml(edition, template, prepared.images);
  return { html, diagnostics: [...prepared.diagnostics, ...fontDiagnostics] };
}

export interface PrintedPdf {
  /** The finished PDF: metadata and bookmarks written. */
  pdf: Uint8Array;
  /** The print-shop copy, when `output.cropMarks` asks for one. */
  printShop: Uint8Array | undefined;
  pages: number;
  pageOf: Map<string, number>;
  passes: number;
  diagnostics: Diagnostic[];
}

/** The width of the edition's text block, in mm: where photos are placed, and how wide the tab is (see Chrome.load). */
export async function textWidthOf(edition: Edition): Promise<number> {
  return printGeometry(await templateFor(edition), edition.pageSize).textWidthMm;
}

/** Prints a rendered document in a running Chrome, with true contents numbers. Shared by build and preview. */
export async function printDocument(
  chrome: Chrome,
  edition: Edition,
  html: string,
  options: {
    timeoutMs: number;
    onProgress?: (e: ProgressEvent) => void;
    /** A page that already holds `html` (the preview's warm tab); it is left open. */
    page?: PrintPage;
    /** Page numbers to try first (the previous print's): one print suffices when they still hold. */
    guess?: ReadonlyMap<string, number>;
    /**
     * A proof for the preview, made for speed: untagged (no structure tree for assistive technology), and
     * finished by an incremental update instead of a rewrite (so not byte-for-byte reproducible). The pages,
     * the contents numbers, the metadata and the bookmarks are the same as a build's.
     */
    proof?: boolean;
  },
): Promise<PrintedPdf> {
  const progress = options.onProgress ?? (() => undefined);
  const diagnostics: Diagnostic[] = [];
  const started = performance.now();
  const textWidthMm = await textWidthOf(edition);
  // The PDF library (through paginate.js) takes some 0.1 s to load: it loads while Chrome reads the document.
  let paginate: Promise<typeof import('./output/paginate.js')> | undefined;
  const loadPaginate = () => (paginate ??= import('./output/paginate.js'));
  const page = options.page ?? (await chrome.load(html, { widthMm: textWidthMm, meanwhile: () => void loadPaginate().catch(() => undefined) }));
  const { printWithTrueNumbers } = await loadPaginate();
  let printed: Awaited<ReturnType<typeof printWithTrueNumbers>>;
  try {
    const fonts = await page.fontStatus();
    const failed = fonts.filter((f) => f.status === 'error');
    if (failed.length > 0) {
      throw new BulletinError(`Fonts failed to load: ${failed.map((f) => `${f.family} ${f.weight} ${f.style}`).join(', ')}.`, 'font-failed');
    }
    // About three quarters of the page's text height: articles that short are placed as they will print.
    await page.placeFigures({ textWidthMm, maxHeightMm: edition.pageSize === 'Letter' ? 185 : 200 });
    // Articles longer than a page's text are placed as they print, between prints (see printWithTrueNumbers).
    const figures = { textWidthMm, maxHeightMm: edition.pageSize === 'Letter' ? 247 : 265 };
    progress({ step: 'load', ms: performance.now() - started });
    printed = await printWithTrueNumbers(page, contentsEntries(edition), {
      timeoutMs: options.timeoutMs,
      onPass: (pass, ms, draft) => progress({ step: 'print', ms, detail: draft ? `pass ${pass}: a draft, for the page numbers` : `pass ${pass}` }),
      figures,
      onDraft: (ms) => progress({ step: 'print', ms, detail: 'a draft, with photos moved to fill the foot of a page' }),
      ...(options.guess ? { guess: options.guess } : {}),
      proof: options.proof ?? false,
    });
    for (const url of new Set(page.refused)) {
      diagnostics.push({
        file: 'template',
        line: 1,
        column: 1,
        severity: 'warning',
        ruleId: 'render/refused-request',
        message: `The document tried to load ${url.slice(0, 120)}; it was refused (the page may load only embedded data).`,
      });
    }
  } finally {
    if (!options.page) await page.close();
  }
  const finishing = performance.now();
  const { finishPdf, buildDate, printShopPdf } = await import('./output/pdf-finish.js');
  const config = edition.config;
  const info = {
    // The colon of the language, as in the headings (French puts a space before it).
    title: config.subtitle ? `${config.title}${edition.labels.countryColon} ${config.subtitle}` : config.title,
    author: config.organisation,
    subject: `${edition.editionLabel}${edition.labels.datelineSeparator}${config.period.label}`,
    keywords: [...config.countries, config.title],
    creator: `bulletin ${VERSION}`,
    producer: `bulletin ${VERSION} with Chromium (Skia/PDF)`,
    date: buildDate(),
  };
  const pdf = await finishPdf(
    printed.doc,
    info,
    contentsEntries(edition).map((e) => ({ title: e.outlineTitle, destination: e.id })),
    { incremental: options.proof ?? false },
  );
  const printShop = config.output.cropMarks ? await printShopPdf(pdf, { bleedMm: config.output.bleed ?? 3 }, info) : undefined;
  progress({ step: 'finish', ms: performance.now() - finishing, detail: printShop ? 'metadata and bookmarks; the copy with crop marks' : 'metadata and bookmarks' });
  return { pdf, printShop, pages: printed.pages, pageOf: printed.pageOf, passes: printed.passes, diagnostics };
}

/**
 * The page numbers of the previous build, read from the HTML edition it wrote (like LaTeX's .aux file): when
 * an edit moved no article, the first print already shows the right numbers and is the only one. They are only
 * a guess: the print is checked, and printed again when any number differs.
 */
async function previousNumbers(htmlPath: string, edition: Edition): Promise<Map<string, number> | undefined> {
  let html: string;
  try {
    const s = await stat(htmlPath);
    if (s.size > 64 * 1024 * 1024) return undefined;
    // Never blocks: a named pipe (or anything else) where the last HTML was is no guess, not a wait.
    html = (await readRegularFile(htmlPath)).toString('utf8');
  } catch {
    return undefined;
  }
  const found = new Map<string, number>();
  for (const m of html.matchAll(/id="(toc-page-[^"]+)">(\d{1,5})<\/span>/g)) found.set(m[1]!, Number(m[2]));
  const guess = new Map<string, number>();
  for (const e of contentsEntries(edition)) {
    const n = found.get(e.numberId);
    if (n === undefined) return undefined;
    guess.set(e.id, n);
  }
  return guess;
}

/** The HTML edition carries the same numbers as the PDF (shown only when it is printed from a browser). */
export function withTocNumbers(html: string, edition: Edition, pageOf: Map<string, number>): string {
  const numbers = new Map<string, number>();
  for (const e of contentsEntries(edition)) {
    const n = pageOf.get(e.id);
    if (n !== undefined) numbers.set(e.numberId, n);
  }
  // One pass over the document (it can be megabytes), not one per entry.
  return html.replace(/id="(toc-page-[^"]+)"><\/span>/g, (whole, id: string) => {
    const n = numbers.get(id);
    return n === undefined ? whole : `id="${id}">${n}</span>`;
  });
}
