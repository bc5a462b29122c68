/**
 * The end-to-end tests print real PDFs. Without a browser they must fail loudly, never skip: check once,
 * before any test runs, and say how to get one. The CLI is compiled first so that CLI tests run the code
 * under test, not a stale dist/.
 */
import { execFileSync } from 'node:child_process';
import { findBrowser } from '../src/output/find-browser.js';

export default async function setup(): Promise<void> {
  try {
    await findBrowser();
  } catch (err) {
    throw new Error(
      `The test suite needs Chrome or Chromium and found none.\n${(err as Error).message}\n(On Debian or Ubuntu: apt-get install -y chromium poppler-utils)`,
    );
  }
  for (const tool of ['pdftotext', 'pdffonts', 'pdfinfo']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error(`The test suite reads PDFs back with poppler's ${tool}, which is missing. Install poppler-utils (apt-get install -y poppler-utils).`);
    }
  }
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
