import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BulletinError } from '../diagnostics.js';
import { findBrowser } from '../output/find-browser.js';
import { DEFAULT_TEMPLATE_DIR, loadTemplate } from '../render/template.js';
import { VERSION } from '../version.js';
import { EXIT, type GlobalOptions } from './main.js';
import { formatMs, makeChalk } from './output.js';

const require = createRequire(import.meta.url);

/** The package.json of an installed package, found the way Node looks up node_modules (whatever its exports allow). */
function packageJsonOf(pkg: string): string | undefined {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const file = path.join(dir, pkg, 'package.json');
    if (existsSync(file)) return file;
  }
  return undefined;
}

function versionOf(pkg: string): string {
  const file = packageJsonOf(pkg);
  if (!file) return 'not installed';
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unreadable';
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
      const file = packageJsonOf(f.package);
      if (!file) throw new BulletinError(`The font package ${f.package} is not installed. Run \`npm ci\` in the bulletin folder.`, 'font-missing');
      const dir = path.dirname(file);
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
