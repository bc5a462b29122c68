/** Generated editions for the benchmarks: deterministic, realistic in size, with figures and tables. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const COUNTRIES = ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan'];
const WORDS =
  'the programme partners government training victims referral shelter assistance protection police prosecutors community organisations migration labour rights survivors identification cooperation hotline awareness campaign schools border officers monitoring evaluation seminar national'.split(
    ' ',
  );

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function paragraph(r: () => number, words: number): string {
  const w = Array.from({ length: words }, () => WORDS[Math.floor(r() * WORDS.length)]!);
  w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
  return `${w.join(' ')}.`;
}

export interface GenerateOptions {
  reports: number;
  /** Words per report, roughly. */
  words: number;
  /** Every n-th report has a photo (0: none). */
  photoEvery: number;
  /** Every n-th report has a table (0: none). */
  tableEvery: number;
  /** A JPEG to use as the photo. */
  photo?: string;
}

/** Writes an edition into `dir` and returns it. */
export function generateEdition(dir: string, o: GenerateOptions): string {
  mkdirSync(path.join(dir, 'reports'), { recursive: true });
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  if (o.photo) copyFileSync(o.photo, path.join(dir, 'assets', 'photo.jpg'));
  writeFileSync(
    path.join(dir, 'bulletin.yaml'),
    `title: Generated Programme Bulletin
organisation: Generated Organisation
edition: 1
period:
  label: January – December 2025
  start: 2025-01-01
  end: 2025-12-31
language: en
countries: [${COUNTRIES.join(', ')}]
contacts:
  - name: A. Person
    country: regional
    email: a.person@example.org
hotlines:
  Kazakhstan: ["116 16"]
`,
  );
  const r = rng(42);
  for (let i = 1; i <= o.reports; i++) {
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const parts: string[] = [];
    let left = o.words;
    while (left > 0) {
      const n = Math.min(left, 50 + Math.floor(r() * 70));
      parts.push(paragraph(r, n));
      left -= n;
    }
    if (o.photo && o.photoEvery > 0 && i % o.photoEvery === 0) {
      parts.splice(1, 0, `![Participants of event ${i}](../assets/photo.jpg "Participants of event ${i}")`);
    }
    if (o.tableEvery > 0 && i % o.tableEvery === 0) {
      parts.push('| Region | Cases | Referred |\n|---|---:|---:|\n| North | 12 | 9 |\n| South | 7 | 5 |');
    }
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    writeFileSync(
      path.join(dir, 'reports', `${String(i).padStart(4, '0')}-${country.toLowerCase()}.md`),
      `---\ncountry: ${country}\ntitle: Report number ${i} on ${WORDS[i % WORDS.length]} work in ${country}\ndate: 2025-${month}-${day}\nlocation: Capital\n---\n\n${parts.join('\n\n')}\n`,
    );
  }
  return dir;
}
