import { spawn } from 'node:child_process';
import { startPreview } from '../preview/preview-server.js';
import type { PreviewCommandOptions } from './main.js';
import { formatMs, makeChalk } from './output.js';
import { formatStylish } from './reporters.js';

export async function runPreview(dir: string, opts: PreviewCommandOptions): Promise<number> {
  const c = makeChalk(opts);
  const err = process.stderr;
  const server = await startPreview({
    editionDir: dir,
    port: opts.port,
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    chrome: opts.chrome,
    timeoutMs: opts.timeout * 1000,
    onEvent: (e) => {
      const time = new Date().toLocaleTimeString();
      if (e.type === 'rebuilt') {
        const shown = opts.quiet ? [] : e.diagnostics;
        if (shown.length > 0) err.write(`${formatStylish(shown, dir, c)}\n`);
        err.write(`${c.dim(time)} ${e.ok ? c.green('✔ Rebuilt') : c.red('✖ Not rebuilt: fix the errors above')} ${c.dim(formatMs(e.ms))}\n`);
      } else if (e.type === 'failed') {
        err.write(`${c.dim(time)} ${c.red('✖')} ${e.message}\n`);
      } else if (e.type === 'pdf-failed') {
        err.write(`${c.dim(time)} ${c.red('✖')} /edition.pdf could not be printed: ${e.message}\n`);
      } else {
        err.write(`${c.dim(time)} ${c.green('✔')} Printed /edition.pdf (${e.pages} pages) ${c.dim(formatMs(e.ms))}\n`);
      }
    },
  });
  process.stdout.write(`Preview at ${c.bold(server.url)}  (PDF: ${server.url}edition.pdf)\nWatching for changes; Ctrl-C to stop.\n`);
  if (opts.open) openInBrowser(server.url, () => err.write(`${c.yellow('!')} No browser could be opened here; open ${server.url} yourself.\n`));
  // Runs until interrupted; the CLI's signal handlers close the server and the browser.
  await new Promise(() => undefined);
  return 0;
}

function openInBrowser(url: string, onFailure: () => void): void {
  let said = false;
  const failed = () => {
    if (!said) onFailure();
    said = true;
  };
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    // No opener installed, or one that found no browser (xdg-open without a desktop exits non-zero).
    child.on('error', failed).on('exit', (code) => code !== 0 && failed());
    child.unref();
  } catch {
    failed();
  }
}
