import { createRequire } from 'node:module';
import path from 'node:path';
import { BulletinError } from '../diagnostics.js';
import { findBrowser } from '../output/find-browser.js';
import { DEFAULT_TEMPLATE_DIR, loadTemplate } from '../render/template.js';
import { VERSION } from '../version.js';
import { EXIT, type GlobalOptions } from './main.js';
import { formatMs, makeChalk } from './output.js';

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** Says which browser, fonts and versions bulletin finds, and tries the browser for real. */
export async function runDoctor(opts: GlobalOptions & { chrome?: string }): Promise<number> {
  const c = makeChalk(opts, process.stdout);
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const ok = c.green('✔');
  const bad = c.red('✖');
  let failed = false;
  out(`bulletin ${VERSION} on Node ${process.versions.node} (${process.platform} ${process.arch})`);
  out(`  puppeteer-core ${versionOf('puppeteer-core')}, @cantoo/pdf-lib ${versionOf('@cantoo/pdf-lib')}, sharp ${versionOf('sharp')}, unified ${versionOf('unified')}, liquidjs ${versionOf('liquidjs')}`);

  try {
    const template = await loadTemplate(DEFAULT_TEMPLATE_DIR);
    for (const f of template.fonts) {
      const dir = path.dirname(require.resolve(`${f.package}/package.json`));
      out(`${ok} Font ${f.family}: ${f.package} ${versionOf(f.package)} (${f.faces.length} faces) in ${dir}`);
    }
  } catch (e) {
    failed = true;
    out(`${bad} Fonts: ${e instanceof Error ? e.message : String(e)}`);
  }

  try {
    const browser = await findBrowser({ chrome: opts.chrome });
    out(`${ok} Browser: ${browser.executablePath} ${c.dim(`(found via ${browser.source})`)}`);
    const { Chrome } = await import('../output/chrome.js');
    const started = performance.now();
    const chrome = await Chrome.launch({ browser, timeoutMs: 30_000 });
    try {
      const page = await chrome.load('<!doctype html><p style="font-family:serif">bulletin</p>');
      const pdf = await page.pdf({ outline: false, timeoutMs: 30_000 });
      await page.close();
      out(`${ok} Chrome starts and prints (${pdf.byteLength} bytes in ${formatMs(performance.now() - started)})`);
    } finally {
      await chrome.close();
    }
  } catch (e) {
    failed = true;
    out(`${bad} Browser: ${e instanceof BulletinError ? e.message : String(e)}`);
  }
  return failed ? EXIT.cannotRun : EXIT.ok;
}
