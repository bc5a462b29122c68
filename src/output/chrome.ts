/**
 * The only module that talks to Chrome. One browser per build, one tab per document; the page is sealed:
 * JavaScript off, and every request refused except `data:` URLs (the document embeds its fonts and images),
 * so a report cannot make the browser read a file or reach the network.
 */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { BulletinError } from '../diagnostics.js';
import { onInterrupt } from '../util/cleanup.js';
import type { FoundBrowser } from './find-browser.js';

export const CHROME_ARGS = [
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  '--hide-scrollbars',
  // Second layer behind request interception: no host name resolves, so nothing can be reached by name.
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

export interface ChromeOptions {
  browser: FoundBrowser;
  /** Upper bound for launching, loading and printing, each (milliseconds). */
  timeoutMs: number;
  /** Gives up a launch still under way (its processes are killed): the build found errors meanwhile. */
  signal?: AbortSignal;
}

export interface PdfOptions {
  /** Add bookmarks from headings. */
  outline: boolean;
  /** Tag the PDF (structure tree, /Lang) for assistive technology; default true. */
  tagged?: boolean;
  timeoutMs: number;
}

/** Named points around a photo in an article's columns (see markFigureAnchors). */
export interface FigureAnchor {
  /** The photo's id. */
  figure: string;
  /** The end of the paragraph right before it. */
  before: string;
  /** The end of its article. */
  end: string;
}

/** Millimetres as CSS pixels (96 to the inch), rounded. */
const cssPx = (mm: number): number => Math.round((mm / 25.4) * 96);

/** A loaded document in a sealed tab. */
export class PrintPage {
  /** URLs the page tried to load and was refused. */
  readonly refused: string[] = [];
  /** Console errors from the page (e.g. resources it could not load). */
  readonly consoleErrors: string[] = [];
  constructor(
    private readonly page: Page,
    private readonly timeoutMs: number,
  ) {}

  async pdf(options: PdfOptions): Promise<Uint8Array> {
    try {
      const data = await this.page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        outline: options.outline,
        tagged: options.tagged ?? true,
        timeout: options.timeoutMs,
      });
      return new Uint8Array(data);
    } catch (err) {
      throw wrapTimeout(err, 'printing the document', options.timeoutMs);
    }
  }

  /**
   * A draft print, only to learn on which page each element of `ids` lands: everything else is hidden with
   * `visibility` (which leaves the layout, and so the pagination, exactly as it is) and the PDF is untagged,
   * so Chrome has little to write: a large edition prints several times faster. The elements of `ids` and
   * the links to them stay visible, because Chrome writes a named destination only for a painted link target.
   */
  async draftPdf(ids: readonly string[], timeoutMs: number): Promise<Uint8Array> {
    try {
      await this.page.evaluate((targets: string[]) => {
        const style = document.createElement('style');
        style.id = 'bulletin-draft-print';
        const visible = [...targets.map((id) => `#${CSS.escape(id)}`), 'a[href^="#"]'].join(',\n');
        style.textContent = `* { visibility: hidden !important; }\n${visible} { visibility: visible !important; }`;
        document.head.append(style);
      }, [...ids]);
      const data = await this.page.pdf({ preferCSSPageSize: true, printBackground: true, outline: false, tagged: false, timeout: timeoutMs });
      return new Uint8Array(data);
    } catch (err) {
      throw wrapTimeout(err, 'printing the document', timeoutMs);
    } finally {
      await this.page.evaluate(() => document.getElementById('bulletin-draft-print')?.remove()).catch(() => undefined);
    }
  }

  /**
   * Moves a photo that would leave a hole in its article's columns a paragraph or two later, where the text
   * closes the gap: Chrome keeps a photo whole, so one that does not fit under the text before it goes to the
   * next column and leaves the rest of this one empty, and print has no float to the top of a column. Measured
   * with the print style sheet at the width of the text block: an article's height, its two columns
   * balanced, is the space it takes, and the move kept is the one that makes it shortest, by at least a line
   * and a half. Only for articles shorter than `maxHeightMm` (about three quarters of a page), which
   * fit on a page as they are measured here; a photo never moves earlier, nor to the end of its article.
   * Returns how many photos moved.
   */
  async placeFigures(layout: { textWidthMm: number; maxHeightMm: number }): Promise<number> {
    try {
      // Nothing to measure (and no layout to redo) without a photo that has two blocks after it.
      const candidates = await this.page.evaluate(
        () => [...document.querySelectorAll('.figure:not(.figure-wide):not([data-placed])')].filter((f) => f.nextElementSibling?.nextElementSibling).length,
      );
      if (candidates === 0) return 0;
      await this.layOutAtTextWidth(layout.textWidthMm);
      await this.page.emulateMediaType('print');
      return await this.page.evaluate((maxHeight: number) => {
        let moved = 0;
        const containers = new Set([...document.querySelectorAll('.figure')].map((f) => f.parentElement).filter((p): p is HTMLElement => p !== null));
        for (const body of containers) {
          const style = getComputedStyle(body);
          if (!(Number(style.columnCount) >= 2)) continue;
          const height = () => body.getBoundingClientRect().height;
          if (height() > maxHeight) continue;
          const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4 || 16;
          // Each photo is considered once per document (the preview prints a loaded page again).
          const figures = [...body.children].filter((c) => c.classList.contains('figure') && !c.classList.contains('figure-wide') && !c.hasAttribute('data-placed'));
          for (const figure of figures) {
            figure.setAttribute('data-placed', '');
            const start = figure.nextElementSibling;
            if (!start || !start.nextElementSibling) continue; // the last block, or the one before it
            // Where it may go: before the block after next, or the one after that (never last).
            const places: Element[] = [];
            for (let b: Element | null = start.nextElementSibling; b && places.length < 2; b = b.nextElementSibling) places.push(b);
            const before = height();
            let best: { height: number; place: Element | undefined } = { height: before, place: undefined };
            for (const place of places) {
              body.insertBefore(figure, place);
              const h = height();
              if (h < best.height) best = { height: h, place };
            }
            body.insertBefore(figure, start); // back where it was
            if (best.place && best.height <= before - 1.5 * line) {
              body.insertBefore(figure, best.place);
              moved++;
            }
          }
        }
        return moved;
      }, cssPx(layout.maxHeightMm));
    } catch (err) {
      throw wrapTimeout(err, 'placing the photos', this.timeoutMs);
    }
  }

  /**
   * Names the points that tell, once printed, whether a photo left a hole at the foot of a page: for each
   * photo in the columns of an article taller than `maxHeightMm` (shorter ones are placeFigures' work) that
   * has a paragraph right before it and a paragraph after it that is not the article's last block, the photo
   * itself and the end of the paragraph before it; and the end of that article. Each gets an id (the ends are
   * empty `span`s, which change no layout) and a link from a hidden list, because Chrome writes a named
   * destination only for a link target. The ids start with `bulletin-anchor-`, which finishPdf drops from the
   * PDF. Marks from an earlier print of the same document are removed first. Returns the marks, or none when
   * no photo qualifies.
   */
  async markFigureAnchors(layout: { textWidthMm: number; maxHeightMm: number }): Promise<FigureAnchor[]> {
    try {
      // Measured as placeFigures measures: the print style sheet at the width of the text block.
      await this.layOutAtTextWidth(layout.textWidthMm);
      return await this.page.evaluate((maxHeight: number) => {
        for (const old of document.querySelectorAll('[data-bulletin-anchor]')) old.remove();
        const anchors: { figure: string; before: string; end: string }[] = [];
        const ends = new Map<Element, string>();
        let n = 0;
        const mark = (inside: Element): string => {
          const span = document.createElement('span');
          span.id = `bulletin-anchor-${++n}`;
          span.setAttribute('data-bulletin-anchor', '');
          inside.append(span);
          return span.id;
        };
        // The end of a block's text: a paragraph itself, a list's last item.
        const textEnd = (block: Element | null): Element | undefined => {
          if (!block) return undefined;
          if (block.tagName === 'P') return block;
          if ((block.tagName === 'UL' || block.tagName === 'OL') && block.lastElementChild?.tagName === 'LI') return block.lastElementChild;
          return undefined;
        };
        // The end of an article's text: its last paragraph or list item, also inside a quote or the notes of
        // an article that ends with footnotes (a section holding a list of them).
        const lastText = (body: Element): Element | undefined => {
          let block = body.lastElementChild;
          while (block?.lastElementChild && ['SECTION', 'DIV', 'BLOCKQUOTE', 'OL', 'UL', 'LI'].includes(block.tagName)) {
            if (block.tagName === 'LI' && block.lastElementChild.tagName !== 'P') break;
            block = block.lastElementChild;
          }
          return block && (block.tagName === 'P' || block.tagName === 'LI') ? block : undefined;
        };
        let photo = 0;
        for (const figure of document.querySelectorAll('.figure:not(.figure-wide)')) {
          photo++;
          const body = figure.parentElement;
          if (!body || !(Number(getComputedStyle(body).columnCount) >= 2)) continue;
          if (!ends.has(body) && body.getBoundingClientRect().height <= maxHeight) continue;
          const before = textEnd(figure.previousElementSibling);
          const next = figure.nextElementSibling;
          if (!before || next?.tagName !== 'P' || !next.nextElementSibling) continue;
          const last = lastText(body);
          if (!last) continue;
          // Numbered in document order, apart from the marks: a photo keeps its id for the next print.
          if (!figure.id) figure.id = `bulletin-anchor-photo-${photo}`;
          let end = ends.get(body);
          if (!end) ends.set(body, (end = mark(last)));
          anchors.push({ figure: figure.id, before: mark(before), end });
        }
        if (anchors.length > 0) {
          const links = document.createElement('div');
          links.setAttribute('data-bulletin-anchor', '');
          links.style.display = 'none';
          for (const id of new Set(anchors.flatMap((a) => [a.figure, a.before, a.end]))) {
            const a = document.createElement('a');
            a.href = `#${id}`;
            links.append(a);
          }
          document.body.append(links);
        }
        return anchors;
      }, cssPx(layout.maxHeightMm));
    } catch (err) {
      throw wrapTimeout(err, 'marking the photos', this.timeoutMs);
    }
  }

  /**
   * Lays the document out as wide as the text block of a printed page, for measuring in the page. Left so:
   * printing lays the page out again for paper whatever the window (and the tab is in print media from the
   * start, see load).
   */
  private async layOutAtTextWidth(textWidthMm: number): Promise<void> {
    await this.page.setViewport({ width: cssPx(textWidthMm), height: this.page.viewport()?.height ?? 800 });
  }

  /** Moves each photo (by id) to after the paragraph that follows it, or back to before it with `back`. */
  async moveFigures(ids: readonly string[], options: { back?: boolean } = {}): Promise<void> {
    try {
      await this.page.evaluate(
        (list: string[], back: boolean) => {
          for (const id of list) {
            const figure = document.getElementById(id);
            if (!figure) continue;
            if (back) {
              const before = figure.previousElementSibling;
              if (before) figure.after(before);
            } else {
              const next = figure.nextElementSibling;
              if (next) next.after(figure);
            }
          }
        },
        [...ids],
        options.back ?? false,
      );
    } catch (err) {
      throw wrapTimeout(err, 'placing the photos', this.timeoutMs);
    }
  }

  /** Removes the marks of markFigureAnchors (the ids it gave to photos stay: nothing links to them). */
  async clearFigureAnchors(): Promise<void> {
    try {
      await this.page.evaluate(() => {
        for (const old of document.querySelectorAll('[data-bulletin-anchor]')) old.remove();
      });
    } catch (err) {
      throw wrapTimeout(err, 'placing the photos', this.timeoutMs);
    }
  }

  /** Sets the text of elements by id: the contents numbers between passes, without reloading the page. */
  async setTexts(texts: Record<string, string>): Promise<void> {
    try {
      await this.page.evaluate((t: Record<string, string>) => {
        for (const [id, text] of Object.entries(t)) {
          const el = document.getElementById(id);
          if (el) el.textContent = text;
        }
      }, texts);
    } catch (err) {
      throw wrapTimeout(err, 'writing the page numbers', this.timeoutMs);
    }
  }

  /** The body HTML last given to `replaceBody`, which the page keeps a copy of too. */
  private body: string | undefined;

  /**
   * Replaces the document's body, keeping its head (style sheets and embedded fonts, already decoded): the
   * preview's fast path when only the reports changed. The page keeps the last body's HTML, so only the part
   * that changed crosses the wire (a body with photos runs to megabytes; an edit changes a few bytes).
   */
  async replaceBody(bodyHtml: string): Promise<void> {
    try {
      const last = this.body;
      this.body = undefined;
      // In the page: rebuild the new body from the copy it holds and the changed middle (or take `middle`
      // whole when `lastLength` is -1), keep it, and swap it in. False when the copy is not the expected one.
      const swap = (edit: { prefix: number; suffix: number; middle: string; lastLength: number }) =>
        this.page.evaluate((e: typeof edit) => {
          const g = globalThis as { __bulletinBody?: string };
          let html = e.middle;
          if (e.lastLength >= 0) {
            const held = g.__bulletinBody;
            if (held === undefined || held.length !== e.lastLength) return false;
            html = held.slice(0, e.prefix) + e.middle + held.slice(held.length - e.suffix);
          }
          g.__bulletinBody = html;
          const parsed = new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
          document.body.replaceWith(document.adoptNode(parsed.body));
          return true;
        }, edit);
      let swapped = false;
      if (last !== undefined) {
        const [prefix, suffix] = commonEnds(last, bodyHtml);
        swapped = await swap({ prefix, suffix, middle: bodyHtml.slice(prefix, bodyHtml.length - suffix), lastLength: last.length });
      }
      if (!swapped) await swap({ prefix: 0, suffix: 0, middle: bodyHtml, lastLength: -1 });
      this.body = bodyHtml;
      await this.page.evaluate(() => document.fonts.ready.then(() => undefined));
    } catch (err) {
      throw wrapTimeout(err, 'loading the document', this.timeoutMs);
    }
  }

  /** Font faces the page declared and whether each loaded; a failed font load raises no error by itself. */
  async fontStatus(): Promise<{ family: string; weight: string; style: string; status: string }[]> {
    try {
      return await this.page.evaluate(() =>
        [...document.fonts].map((f) => ({ family: f.family, weight: f.weight, style: f.style, status: f.status })),
      );
    } catch (err) {
      throw wrapTimeout(err, 'loading the fonts', this.timeoutMs);
    }
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}

/** Every Chrome this process started and has not closed yet, for cleanup on Ctrl-C or SIGTERM. */
const live = new Set<Chrome>();

/**
 * Ends every Chrome this process started, synchronously: for signal handlers and `exit`, where nothing can
 * be awaited. Kills each browser's whole process group and removes its temporary profile.
 */
export function killAllChromes(): void {
  for (const chrome of live) chrome.killNow();
  for (const dir of startingProfiles) {
    killProfileProcessesSync(dir);
    removeProfile(dir);
  }
  startingProfiles.clear();
}

/** Profiles of browsers being launched right now (not yet in `live`). */
const startingProfiles = new Set<string>();

/** Processes whose command line names the profile (Linux: /proc); the launch failed, so nobody else will end them. */
function killProfileProcessesSync(profileDir: string): number {
  if (process.platform !== 'linux') return 0;
  let killed = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profileDir)) {
        // Its whole process group (Chrome's helpers, or whatever a wrapper script started), unless it is ours.
        const group = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[2]);
        const own = Number(readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ')[2]);
        if (group > 1 && group !== own) process.kill(-group, 'SIGKILL');
        else process.kill(Number(pid), 'SIGKILL');
        killed++;
      }
    } catch {
      // gone already, or not ours
    }
  }
  return killed;
}

async function killProfileProcesses(profileDir: string): Promise<void> {
  for (let i = 0; i < 20 && killProfileProcessesSync(profileDir) > 0; i++) await new Promise((r) => setTimeout(r, 50));
}
onInterrupt(killAllChromes);

/**
 * The document's embedded fonts, loaded into the tab before the document itself. A font that is still loading
 * when Chrome first lays the document out is laid out again once it arrives, and with it the whole document:
 * a second layout of every page (about 0.25 s for a 98-page edition, 0.1 s for the example). Chrome keeps the
 * fonts it has decoded, by their URL, so that the document's own `data:` URLs then find them ready and the
 * first layout is the only one. Only `@font-face` rules whose every source is a `data:` URL are taken: the
 * rules are not part of what prints, and nothing else is fetched. Rules that are not found only mean that
 * the document waits for its fonts as before.
 */
async function preloadFonts(page: Page, html: string, timeoutMs: number): Promise<void> {
  const faces = embeddedFontFaces(html);
  if (faces.length === 0) return;
  await page.setContent(`<!doctype html><html><head><style>${faces.join('\n')}</style></head><body></body></html>`, { waitUntil: 'load', timeout: timeoutMs });
  await page.evaluate(() => Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined))).then(() => undefined));
}

/** The `@font-face` rules of a document whose every source is a `data:` URL (see preloadFonts). */
export function embeddedFontFaces(html: string): string[] {
  return (html.match(FONT_FACE) ?? []).filter((rule) => {
    const urls = [...rule.matchAll(/url\(\s*(['"]?)([^'")\s]*)/gi)];
    return urls.length > 0 && urls.every((m) => m[2]!.startsWith('data:'));
  });
}

const FONT_FACE = /@font-face\s*\{[^{}]*\}/gi;

export class Chrome {
  private closed = false;
  private constructor(
    private readonly browser: Browser,
    private readonly options: ChromeOptions,
    private readonly profileDir: string,
  ) {
    live.add(this);
  }

  static async launch(options: ChromeOptions): Promise<Chrome> {
    const args = [...CHROME_ARGS];
    // Chrome's sandbox cannot run as root (containers, CI); it is not needed for a sealed, script-free page.
    if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
    // Our own throwaway profile, so that closing can kill Chrome at once and still leave nothing behind. It is
    // registered for removal before Chrome starts: an interrupt during the launch must not leave it either.
    const profileDir = mkdtempSync(path.join(os.tmpdir(), 'bulletin-chrome-'));
    startingProfiles.add(profileDir);
    const abandon = (): void => void killProfileProcessesSync(profileDir);
    options.signal?.addEventListener('abort', abandon, { once: true });
    let browser: Browser;
    try {
      if (options.signal?.aborted) throw new Error('the launch was given up');
      browser = await puppeteer.launch({
        executablePath: options.browser.executablePath,
        headless: true,
        args,
        userDataDir: profileDir,
        timeout: options.timeoutMs,
        protocolTimeout: options.timeoutMs,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        pipe: true,
      });
    } catch (err) {
      options.signal?.removeEventListener('abort', abandon);
      // puppeteer has ended Chrome without waiting for it: end whatever still uses the profile, then remove it.
      await killProfileProcesses(profileDir);
      removeProfile(profileDir);
      startingProfiles.delete(profileDir);
      if (options.signal?.aborted) throw new BulletinError('The browser launch was given up.', 'browser-abandoned', { cause: err });
      const timedOut = /timed? ?out/i.test(String(err));
      throw new BulletinError(
        timedOut
          ? `Chrome (${options.browser.executablePath}) did not start within ${seconds(options.timeoutMs)}. Try again, raise the limit with --timeout, or check the browser with \`bulletin doctor\`.`
          : `Chrome could not be started from ${options.browser.executablePath} (${options.browser.source}): ${firstLine(err)}\nCheck that this is a working Chrome or Chromium (\`bulletin doctor\`), or choose another with --chrome or BULLETIN_CHROME.`,
        timedOut ? 'browser-timeout' : 'browser-launch',
        { cause: err },
      );
    }
    options.signal?.removeEventListener('abort', abandon);
    startingProfiles.delete(profileDir);
    const chrome = new Chrome(browser, options, profileDir);
    if (options.signal?.aborted) {
      // Given up just as it came up: not handed out, so closed here.
      await chrome.close();
      throw new BulletinError('The browser launch was given up.', 'browser-abandoned');
    }
    return chrome;
  }

  /** False once Chrome is closed, or has gone on its own (crashed, killed, out of memory). */
  get alive(): boolean {
    return !this.closed && this.browser.connected;
  }

  /** The blank tab Chrome opens at start, until it is taken. */
  private spareTab = true;

  /**
   * A tab for a document: the first time, the blank one Chrome opened at start, whose renderer is already up
   * (opening another costs a renderer process: about 0.4 s here); afterwards a new one.
   */
  private async openTab(): Promise<Page> {
    if (this.spareTab) {
      this.spareTab = false;
      const blank = (await this.browser.pages()).find((p) => p.url() === 'about:blank');
      if (blank) return blank;
    }
    return this.browser.newPage();
  }

  /**
   * Opens a sealed tab and loads `html` into it, styled for print, waiting for fonts and images. With
   * `widthMm`, the tab is that wide before the document arrives: the width at which photos are placed (see
   * PrintPage.placeFigures), which would otherwise lay the whole document out a second time. `meanwhile` is
   * called once the document is on its way, for work of this process that Chrome need not wait for.
   */
  async load(html: string, options: { widthMm?: number; meanwhile?: () => void } = {}): Promise<PrintPage> {
    let page: Page;
    try {
      page = await this.openTab();
    } catch (err) {
      // Chrome gone while the tab was being opened ("Tab target session is not defined"): its failure, not ours.
      throw wrapTimeout(err, 'opening a tab', this.options.timeoutMs);
    }
    const printPage = new PrintPage(page, this.options.timeoutMs);
    try {
      page.setDefaultTimeout(this.options.timeoutMs);
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith('data:') || url === 'about:blank') {
          void request.continue().catch(() => undefined);
        } else {
          printPage.refused.push(url);
          void request.abort('blockedbyclient').catch(() => undefined);
        }
      });
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const text = message.text();
        printPage.consoleErrors.push(text);
        // Chrome refuses file: URLs from this page before interception sees them; count them as refused too.
        const local = /Not allowed to load local resource: (\S+)/.exec(text);
        if (local) printPage.refused.push(local[1]!);
      });
      // The tab exists to print: styled for paper from the start, each print skips restyling the document for
      // it (prints of the example took 200 ms instead of 330 to 600). Set before the document arrives, so that
      // its first layout is the one the photos are placed in: making the tab narrower afterwards laid the 98
      // pages of a large edition out again (0.24 s; loading them in print media at that width costs 0.19 s more
      // than at the default width, so some 50 ms are saved).
      await page.emulateMediaType('print');
      if (options.widthMm !== undefined) await page.setViewport({ width: cssPx(options.widthMm), height: page.viewport()?.height ?? 800 });
      await preloadFonts(page, html, this.options.timeoutMs);
      const loaded = page.setContent(html, { waitUntil: 'load', timeout: this.options.timeoutMs });
      // After the I/O of this turn of the event loop: the document has been handed to Chrome by then.
      if (options.meanwhile) setImmediate(options.meanwhile);
      await loaded;
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return printPage;
    } catch (err) {
      await printPage.close();
      throw wrapTimeout(err, 'loading the document', this.options.timeoutMs);
    }
  }

  /**
   * Ends Chrome. Nothing of a throwaway profile is worth a graceful shutdown (which takes a third of a
   * second): the whole process group is killed, then the profile removed.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    const proc = this.browser.process();
    const exited =
      proc && proc.exitCode === null && proc.signalCode === null
        ? new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 3000);
            proc.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          })
        : Promise.resolve();
    this.killNow();
    await exited;
    removeProfile(this.profileDir);
  }

  /** Synchronous part of close(): kill the process group, drop the connection, remove the profile. */
  killNow(): void {
    if (this.closed) return;
    this.closed = true;
    live.delete(this);
    const proc = this.browser.process();
    // The pipes to a killed Chrome reset; once disconnected nobody listens, so an error there must not crash us.
    for (const stream of proc?.stdio ?? []) stream?.on('error', () => undefined);
    if (proc?.pid !== undefined && proc.exitCode === null && proc.signalCode === null) {
      try {
        // puppeteer starts Chrome detached, in a process group of its own: end renderers and helpers too.
        process.kill(process.platform === 'win32' ? proc.pid : -proc.pid, 'SIGKILL');
      } catch {
        proc.kill('SIGKILL');
      }
    }
    void this.browser.disconnect().catch(() => undefined);
    removeProfile(this.profileDir);
  }
}

function removeProfile(dir: string): void {
  // Chrome keeps its singleton socket in a folder of its own in the temporary folder, linked from the profile;
  // a killed Chrome never removes it, so do it here (only a folder of that name, in the temporary folder).
  try {
    const socketDir = path.dirname(readlinkSync(path.join(dir, 'SingletonSocket')));
    if (/^(org\.chromium\.Chromium|com\.google\.Chrome)\.\w+$/.test(path.basename(socketDir)) && path.dirname(socketDir) === path.dirname(dir)) {
      rmSync(socketDir, { recursive: true, force: true });
    }
  } catch {
    // no link: Chrome did not get that far
  }
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // Chrome may still be writing for a moment after being killed; close() tries again after it exits.
  }
}

/** Lengths of the longest common prefix and suffix of two strings (not overlapping in either). */
export function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return [prefix, suffix];
}

export function wrapTimeout(err: unknown, what: string, timeoutMs: number): Error {
  if (err instanceof BulletinError) return err;
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || /timed? ?out/i.test(String(err))) {
    return new BulletinError(
      `Chrome did not finish ${what} within ${seconds(timeoutMs)}. Try again, or raise the limit with --timeout.`,
      'browser-timeout',
      { cause: err },
    );
  }
  return new BulletinError(`Chrome failed while ${what}: ${firstLine(err)}`, 'browser-failed', { cause: err });
}

/** "60 s", "0.3 s": a bound as given with --timeout, never rounded to "0 s". */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 0))} s`;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.trim();
}
