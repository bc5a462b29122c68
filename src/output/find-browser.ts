/**
 * Finds a Chrome or Chromium to print with: `--chrome PATH`, then `BULLETIN_CHROME`, then
 * `PUPPETEER_EXECUTABLE_PATH`, then a browser that puppeteer downloaded into its cache, then the usual
 * system locations. Only paths are inspected here; nothing is launched.
 */
import { accessSync, constants, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BulletinError } from '../diagnostics.js';

export interface FoundBrowser {
  executablePath: string;
  /** Where the path came from, for `bulletin doctor` and error messages. */
  source: 'option' | 'BULLETIN_CHROME' | 'PUPPETEER_EXECUTABLE_PATH' | 'puppeteer cache' | 'system';
}

export interface FindBrowserOptions {
  /** An explicit path (the `--chrome` option). */
  chrome?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export async function findBrowser(options: FindBrowserOptions = {}): Promise<FoundBrowser> {
  const env = options.env ?? process.env;
  const explicit: [string | undefined, FoundBrowser['source']][] = [
    [options.chrome, 'option'],
    [env['BULLETIN_CHROME'], 'BULLETIN_CHROME'],
    [env['PUPPETEER_EXECUTABLE_PATH'], 'PUPPETEER_EXECUTABLE_PATH'],
  ];
  for (const [p, source] of explicit) {
    if (!p) continue;
    // A path given on purpose that does not work is an error, not a reason to try something else.
    if (!isExecutable(p)) {
      throw new BulletinError(
        `The browser given by ${source === 'option' ? '--chrome' : source} (${p}) does not exist or is not executable. Check the path, or remove the setting to let bulletin look for Chrome or Chromium itself.`,
        'browser-not-found',
      );
    }
    return { executablePath: path.resolve(p), source };
  }
  const cached = await fromPuppeteerCache(env);
  if (cached) return { executablePath: cached, source: 'puppeteer cache' };
  for (const p of systemCandidates(env)) {
    if (isExecutable(p)) return { executablePath: p, source: 'system' };
  }
  throw new BulletinError(NO_BROWSER_HELP, 'browser-not-found');
}

export const NO_BROWSER_HELP = [
  'No Chrome or Chromium was found, and bulletin needs one to print the PDF.',
  'Install one (on Debian or Ubuntu: `sudo apt-get install chromium`; on macOS: install Google Chrome; on',
  'Windows: install Google Chrome), or point bulletin at an existing one with `--chrome /path/to/chrome` or',
  'the BULLETIN_CHROME environment variable. `bulletin doctor` shows what was found. The HTML edition alone',
  'needs no browser: `bulletin build --format html`.',
].join('\n');

async function fromPuppeteerCache(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const cacheDir = env['PUPPETEER_CACHE_DIR'] ?? path.join(os.homedir(), '.cache', 'puppeteer');
  try {
    statSync(cacheDir);
  } catch {
    return undefined;
  }
  try {
    const { getInstalledBrowsers } = await import('@puppeteer/browsers');
    const installed = await getInstalledBrowsers({ cacheDir });
    const chromes = installed
      .filter((b) => b.browser === 'chrome' || b.browser === 'chromium' || b.browser === 'chrome-headless-shell')
      .sort((a, b) => b.buildId.localeCompare(a.buildId, 'en', { numeric: true }));
    for (const b of chromes) if (isExecutable(b.executablePath)) return b.executablePath;
  } catch {
    // An unreadable cache is the same as no cache.
  }
  return undefined;
}

export function systemCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
  const onPath = (env['PATH'] ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => names.map((n) => path.join(dir, process.platform === 'win32' ? `${n}.exe` : n)));
  const fixed =
    process.platform === 'darwin'
      ? [
          '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
          '/Applications/Chromium.app/Contents/MacOS/Chromium',
          path.join(os.homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
        ]
      : process.platform === 'win32'
        ? [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']]
            .filter((d): d is string => Boolean(d))
            .map((d) => path.join(d, 'Google', 'Chrome', 'Application', 'chrome.exe'))
        : [
            '/usr/bin/chromium',
            '/usr/bin/chromium-browser',
            '/usr/bin/google-chrome',
            '/usr/bin/google-chrome-stable',
            '/opt/google/chrome/chrome',
            '/snap/bin/chromium',
          ];
  return [...new Set([...fixed, ...onPath])];
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
