// The floor: a bare script that launches the same Chromium with the same flags, loads the final HTML of an
// edition, prints it once and closes. Nothing of bulletin is loaded. Usage: node floor.mjs CHROME HTML OUT
import { readFileSync, writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const [chrome, htmlFile, out] = process.argv.slice(2);
const html = readFileSync(htmlFile, 'utf8');
const args = ['--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
if (process.getuid?.() === 0) args.push('--no-sandbox');
const browser = await puppeteer.launch({ executablePath: chrome, headless: true, args, pipe: true });
try {
  const page = await browser.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(out, pdf);
} finally {
  await browser.close();
}
