/** Editions made on the fly in temporary folders, for tests that need other shapes than the example. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE = path.join(ROOT, 'examples', 'central-asia-2014-q4');
export const CLI = path.join(ROOT, 'bin', 'bulletin.js');

export function tempDir(prefix = 'bulletin-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the example edition, to break or extend. */
export function copyExample(into: string): string {
  const dest = path.join(into, 'edition');
  cpSync(EXAMPLE, dest, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  return dest;
}

export interface ReportSpec {
  file: string;
  country: string;
  title: string;
  date: string;
  location?: string;
  body: string;
}

export function writeReport(editionDir: string, r: ReportSpec): void {
  mkdirSync(path.join(editionDir, 'reports'), { recursive: true });
  const fm = [`country: ${r.country}`, `title: ${JSON.stringify(r.title)}`, `date: ${r.date}`];
  if (r.location) fm.push(`location: ${r.location}`);
  writeFileSync(path.join(editionDir, 'reports', r.file), `---\n${fm.join('\n')}\n---\n\n${r.body}\n`);
}

/** The bulletin.yaml of a small test edition of the 2014 fourth quarter: its title, countries and any extra lines. */
export function configYaml(title: string, countries: readonly string[], extra = ''): string {
  return `title: ${title}
organisation: Test Organisation
edition: 1
period:
  label: October – December 2014
  start: 2014-10-01
  end: 2014-12-31
countries: [${countries.join(', ')}]
${extra}`;
}

export function writeConfig(editionDir: string, yaml: string): void {
  mkdirSync(editionDir, { recursive: true });
  writeFileSync(path.join(editionDir, 'bulletin.yaml'), yaml);
}

const WORDS =
  'the programme partners government training victims referral shelter assistance protection police prosecutors community organisations migration labour rights survivors identification cooperation hotline awareness campaign schools border officers monitoring evaluation'.split(
    ' ',
  );

/** Deterministic filler prose of about `words` words, in paragraphs. */
export function prose(words: number, seed = 1): string {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const paragraphs: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, 60 + (next() % 60));
    const w = Array.from({ length: n }, () => WORDS[next() % WORDS.length]!);
    w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
    paragraphs.push(`${w.join(' ')}.`);
    left -= n;
  }
  return paragraphs.join('\n\n');
}
