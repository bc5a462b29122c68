/**
 * `bulletin preview`: the HTML edition served on 127.0.0.1, rebuilt when a report, an asset, bulletin.yaml or
 * the template changes, and reloaded in the browser. Problems show in the terminal and as an overlay on the
 * page (over the last good version: never a blank page). `/edition.pdf` prints the PDF on demand with a warm
 * browser, with contents numbers as true as in `build`: a proof (untagged, finished incrementally; see
 * printDocument's `proof`), because the editor waits for it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { printDocument, renderDocument, textWidthOf, withTocNumbers } from '../build.js';
import { forgetTemplatesHolding, templateFor } from '../render/template.js';
import { checkEdition } from '../check-edition.js';
import { findEditionDir } from '../config/load-config.js';
import { appendAll, BulletinError, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { Edition } from '../edition/assemble.js';
import type { Chrome, PrintPage } from '../output/chrome.js';
import { findBrowser } from '../output/find-browser.js';
import { onInterrupt } from '../util/cleanup.js';
import { escapeHtml } from '../util/text.js';

export interface PreviewOptions {
  editionDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Interface to listen on: 127.0.0.1 unless asked otherwise. */
  host?: string;
  chrome?: string | undefined;
  timeoutMs?: number;
  /** Wait this long after the last change before rebuilding. */
  debounceMs?: number;
  onEvent?: (event: PreviewEvent) => void;
}

export type PreviewEvent =
  | { type: 'rebuilt'; ms: number; diagnostics: Diagnostic[]; ok: boolean }
  | { type: 'failed'; message: string }
  | { type: 'pdf'; ms: number; pages: number }
  /** /edition.pdf could not be printed (not said for an edition with errors: those are said already). */
  | { type: 'pdf-failed'; message: string };

export interface PreviewServer {
  url: string;
  /** Rebuilds now (the watcher calls this after a change). */
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

interface State {
  version: number;
  /**
   * The last version that built without errors. `source` is what it was made from, as far as the page and the
   * PDF show it: its HTML as rendered (before any page numbers) and its config (the PDF's metadata).
   */
  good: { edition: Edition; html: string; source: string } | undefined;
  diagnostics: Diagnostic[];
  failure: string | undefined;
  pdf: { version: number; data: Uint8Array } | undefined;
}

const open = new Set<PreviewServer>();
onInterrupt(() => {
  for (const s of open) void s.close();
});

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The name in a Host header, without its port: `localhost:4400` → `localhost`, `[::1]:4400` → `[::1]`. */
function hostName(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  // A folder that is not an edition at the start is a mistyped path, not a file broken mid-edit.
  const editionDir = realpathSync(await findEditionDir(options.editionDir));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const emit = options.onEvent ?? (() => undefined);
  const state: State = { version: 0, good: undefined, diagnostics: [], failure: undefined, pdf: undefined };
  const clients = new Set<http.ServerResponse>();
  let chrome: Promise<Chrome> | undefined;
  let building: Promise<void> = Promise.resolve();
  let printing: Promise<unknown> = Promise.resolve();
  let warm: { page: PrintPage; head: string; pageOf: Map<string, number> | undefined } | undefined;
  // A change seen and waiting out the debounce: /edition.pdf builds it first rather than print the version
  // before it (a PDF asked for right after a save would not show the save, and not say so).
  let pending = false;
  let timer: NodeJS.Timeout | undefined;

  const broadcast = () => {
    const payload = `event: state\ndata: ${JSON.stringify(publicState(state))}\n\n`;
    for (const c of clients) c.write(payload);
  };

  // Files changed since the last rebuild (real paths): a template among them is read again.
  const changed = new Set<string>();
  const rebuildNow = async () => {
    const started = performance.now();
    forgetTemplatesHolding(changed);
    changed.clear();
    // A save that changed nothing (the editor's habit of saving, a checkout that rewrote the same bytes) gives
    // the same page: the browser is not reloaded and the PDF already printed still holds.
    const before = JSON.stringify([state.good?.source, state.diagnostics, state.failure]);
    try {
      const checked = await checkEdition(editionDir);
      const diagnostics = [...checked.diagnostics];
      if (!hasErrors(diagnostics) && checked.edition) {
        const rendered = await renderDocument(checked.edition);
        appendAll(diagnostics, rendered.diagnostics);
        const source = `${JSON.stringify(checked.edition.config)}\n${rendered.html}`;
        if (source !== state.good?.source) state.good = { edition: checked.edition, html: rendered.html, source };
      }
      state.diagnostics = diagnostics;
      state.failure = undefined;
      emit({ type: 'rebuilt', ms: performance.now() - started, diagnostics, ok: !hasErrors(diagnostics) });
    } catch (err) {
      // A broken file mid-edit never stops the preview: say what is wrong and keep the last good page.
      state.failure = err instanceof Error ? err.message : String(err);
      emit({ type: 'failed', message: state.failure });
    }
    if (JSON.stringify([state.good?.source, state.diagnostics, state.failure]) === before) return;
    state.version++;
    broadcast();
  };
  const rebuild = () => (building = building.then(rebuildNow));
  /** Rebuilds now for the changes seen so far, without waiting out the debounce. */
  const rebuildChanges = (): Promise<void> => {
    clearTimeout(timer);
    pending = false;
    return rebuild();
  };

  const nonce = randomBytes(12).toString('base64');
  // On the loopback interface only local names are answered: a web page whose own name was pointed at
  // 127.0.0.1 (DNS rebinding) would otherwise read the edition through the reader's browser.
  const loopbackOnly = LOOPBACK_HOSTS.has(options.host ?? '127.0.0.1');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview.invalid');
    if (loopbackOnly && !LOOPBACK_HOSTS.has(hostName(req.headers.host))) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('This preview answers only to localhost and 127.0.0.1.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(previewPage(state, nonce));
    } else if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`event: state\ndata: ${JSON.stringify(publicState(state))}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else if (url.pathname === '/status.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(publicState(state)));
    } else if (url.pathname === '/edition.pdf') {
      const job = printing.then(() => pdfFor());
      printing = job.catch(() => undefined);
      job.then(
        (pdf) => {
          res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.byteLength, 'cache-control': 'no-store' });
          res.end(Buffer.from(pdf));
        },
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`The PDF could not be printed: ${message}\n`);
          // Whoever asked sees the answer in the browser; the terminal, where the editor looks, says it too.
          const known = err instanceof BulletinError && (err.code === 'preview-errors' || err.code === 'preview-no-build');
          if (!known) emit({ type: 'pdf-failed', message });
        },
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    }
  });

  const pdfFor = async (): Promise<Uint8Array> => {
    // A change seen but still in its debounce is built now: the PDF asked for shows it.
    if (pending) await rebuildChanges();
    await building;
    const good = state.good;
    if (!good) throw new BulletinError('The edition has errors and has never built; fix them first (they are listed on the page).', 'preview-no-build');
    // The last good version would not show the latest changes, and nothing would say so.
    if (state.failure || hasErrors(state.diagnostics)) {
      throw new BulletinError('The edition has errors, so a PDF would not show the latest changes; fix them first (they are listed on the page and in the terminal).', 'preview-errors');
    }
    if (state.pdf && state.pdf.version === state.version) return state.pdf.data;
    const version = state.version;
    // A warm browser that has gone since the last print (crashed, killed, out of memory) is started again,
    // rather than every PDF failing until the preview is restarted.
    const previous = await chrome?.catch(() => undefined);
    if (chrome && !previous?.alive) {
      chrome = undefined;
      warm = undefined;
      await previous?.close();
    }
    if (!chrome) {
      const browser = await findBrowser({ chrome: options.chrome });
      chrome = import('../output/chrome.js').then(({ Chrome }) => Chrome.launch({ browser, timeoutMs }));
      chrome.catch(() => {
        chrome = undefined;
      });
    }
    const started = performance.now();
    const browser = await chrome;
    // The warm tab: when only the body changed (reports, photos), swap it in and keep the head's decoded fonts;
    // and try the last numbers first, so that an edit that moves no article needs a single print.
    const [head, body] = splitDocument(good.html);
    let printed: Awaited<ReturnType<typeof printDocument>>;
    try {
      if (!warm || warm.head !== head) {
        await warm?.page.close();
        warm = { page: await browser.load(good.html, { widthMm: await textWidthOf(good.edition) }), head, pageOf: warm?.pageOf };
      } else {
        await warm.page.replaceBody(body);
      }
      printed = await printDocument(browser, good.edition, good.html, {
        timeoutMs,
        page: warm.page,
        ...(warm.pageOf ? { guess: warm.pageOf } : {}),
        proof: true,
      });
    } catch (err) {
      // A tab that failed midway holds who knows what: the next request loads the document afresh.
      const failed = warm;
      warm = undefined;
      await failed?.page.close().catch(() => undefined);
      throw err;
    }
    warm.pageOf = printed.pageOf;
    // The HTML served from now on carries the same numbers (visible when printed from the browser).
    good.html = withTocNumbers(good.html, good.edition, printed.pageOf);
    state.pdf = { version, data: printed.pdf };
    emit({ type: 'pdf', ms: performance.now() - started, pages: printed.pages });
    return printed.pdf;
  };

  // Listening first: a port already in use is said at once, not after a build.
  // An IPv6 address may be given as in a URL (`[::1]`); the socket wants it bare.
  const host = (options.host ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new BulletinError(`Port ${options.port} on ${host} is already in use; choose another with --port.`, 'port-in-use')
          : new BulletinError(`The preview server could not listen on ${host}:${options.port ?? 0} (${err.code ?? err.message}).`, 'listen-failed'),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  // Listening on every interface (0.0.0.0 or ::), the address to open on this machine is the loopback one.
  const shownHost = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  await rebuild();

  // Watch the edition (reports, assets, bulletin.yaml) and a template kept in it; not the output folder.
  const { watch } = await import('chokidar');
  const watched = [editionDir];
  try {
    if (state.good) watched.push((await templateFor(state.good.edition)).dir);
  } catch {
    // a broken template shows as a failure on the next rebuild
  }
  const watcher = watch(watched, {
    ignoreInitial: true,
    ignored: (p: string) => /(^|[/\\])(dist|node_modules|\.git)([/\\]|$)/.test(path.relative(editionDir, p)) || /(^|[/\\])\.[^/\\]*\.tmp$/.test(p),
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
  });
  // The edition folder itself removed (replaced by a fresh copy, unpacked again): the watcher forgets it and
  // would never see it come back, so the preview would say "no bulletin.yaml" for ever. Look for it until it
  // is back, then watch it again and rebuild.
  let comeback: NodeJS.Timeout | undefined;
  const awaitComeback = () => {
    clearInterval(comeback);
    comeback = setInterval(() => {
      if (!existsSync(path.join(editionDir, 'bulletin.yaml'))) return;
      clearInterval(comeback);
      comeback = undefined;
      watcher.unwatch(editionDir);
      watcher.add(editionDir);
      changed.add(editionDir);
      void rebuild();
    }, 250);
  };
  watcher.on('all', (event, file) => {
    if (event === 'unlinkDir' && path.resolve(file) === editionDir) awaitComeback();
    // Only what an edition is made of: a log written into the folder (`preview > preview.log`) would
    // otherwise rebuild it for ever.
    if (!EDITION_FILE.test(file)) return;
    changed.add(realOrSame(path.resolve(file)));
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuildChanges(), options.debounceMs ?? 80);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  const preview: PreviewServer = {
    url: `http://${shownHost}:${address.port}/`,
    rebuild: rebuildChanges,
    close: async () => {
      open.delete(preview);
      clearTimeout(timer);
      clearInterval(comeback);
      for (const c of clients) c.end();
      await watcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      const c = await chrome?.catch(() => undefined);
      await c?.close();
    },
  };
  open.add(preview);
  return preview;
}

function publicState(state: State) {
  return {
    version: state.version,
    failure: state.failure,
    diagnostics: state.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, ruleId: d.ruleId, message: d.message })),
  };
}


/**
 * The served page: the last good HTML edition with a script (allowed by a nonce, only here) that reloads on
 * changes, and an overlay listing the problems. The printed and written editions never carry this script.
 */
function previewPage(state: State, nonce: string): string {
  const problems = state.diagnostics.filter((d) => d.severity === 'error');
  const item = (d: Diagnostic) => `<li><code>${escapeHtml(`${d.file}:${d.line}:${d.column}`)}</code> ${escapeHtml(d.message)} <small>(${escapeHtml(d.ruleId)})</small></li>`;
  // Warnings do not stop a build, so they do not cover the page: a closed box in a corner, opened to read them.
  const warnings = state.diagnostics.filter((d) => d.severity === 'warning');
  const warningBox =
    warnings.length > 0
      ? `<details id="bulletin-warnings" class="bulletin-preview-box" style="position:fixed;top:12px;right:12px;max-width:min(640px,90vw);max-height:60vh;overflow:auto;background:#3b2f05;color:#fff;font:13px/1.5 system-ui,sans-serif;padding:8px 14px;border-radius:6px;z-index:2147483646;box-shadow:0 2px 12px rgba(0,0,0,.35)"><summary style="cursor:pointer"><strong>bulletin: ${warnings.length} warning${warnings.length === 1 ? '' : 's'}</strong></summary><ul style="margin:8px 0 0;padding-left:20px">${warnings.map(item).join('')}</ul></details>`
      : '';
  const overlay =
    problems.length > 0 || state.failure
      ? `<div id="bulletin-overlay" class="bulletin-preview-box" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;background:#2b0d0d;color:#fff;font:14px/1.5 system-ui,sans-serif;padding:16px 20px;z-index:2147483647;box-shadow:0 -4px 20px rgba(0,0,0,.4)"><strong>bulletin: ${problems.length > 0 ? `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix` : 'the preview could not be rebuilt'}</strong>${state.failure ? `<p>${escapeHtml(state.failure)}</p>` : ''}<ul style="margin:8px 0 0;padding-left:20px">${problems.map(item).join('')}</ul></div>`
      : '';
  // Printed from the browser, the page is the edition: none of the preview's boxes.
  const printRule = `<style>@media print{.bulletin-preview-box{display:none!important}}</style>`;
  const script = `<script nonce="${nonce}">(function(){var v=${state.version};var s=new EventSource('/events');s.addEventListener('state',function(e){var d=JSON.parse(e.data);if(d.version!==v){location.reload();}});})();</script>`;
  const csp = `default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'`;
  const base =
    state.good?.html ??
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bulletin preview</title><meta http-equiv="Content-Security-Policy" content=""></head><body><main style="font:16px system-ui;padding:2rem"><h1>bulletin preview</h1><p>The edition has not built yet.</p></main></body></html>`;
  // Replaced by functions: a string replacement would read `$&`, `$'` and `` $` `` in a message (which quotes
  // the reports' own text) as patterns, and put the whole document inside the overlay.
  return base
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace(/<\/body>(?![\s\S]*<\/body>)/, () => `${warningBox}${overlay}${printRule}${script}</body>`);
}

/**
 * Files an edition is made of: reports and bulletin.yaml, pictures, a template's files. A folder (no
 * extension) counts too: removing `reports/` or `assets/` changes the edition.
 */
const EDITION_FILE = /(^|[/\\])[^/\\.]+$|\.(md|markdown|ya?ml|json|liquid|css|jpe?g|png|gif|webp|avif|svg|tiff?)$/i;

/** The real path of a file, or of the folder of one just deleted, as the template cache names them. */
function realOrSame(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(file)), path.basename(file));
    } catch {
      return file;
    }
  }
}

/** The head (style sheets, fonts) and the body's inner HTML of a rendered document. */
function splitDocument(html: string): [string, string] {
  const bodyStart = html.indexOf('<body');
  const open = html.indexOf('>', bodyStart) + 1;
  const close = html.lastIndexOf('</body>');
  return [html.slice(0, bodyStart), html.slice(open, close)];
}
