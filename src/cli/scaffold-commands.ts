import path from 'node:path';
import { initEdition } from '../scaffold/init-edition.js';
import { newReport } from '../scaffold/new-report.js';
import type { InitCommandOptions, NewCommandOptions } from './main.js';
import { EXIT } from './main.js';
import { makeChalk } from './output.js';

const shown = (p: string) => {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
};

export async function runNew(country: string, opts: NewCommandOptions): Promise<number> {
  const c = makeChalk(opts, process.stdout);
  const result = await newReport({ country, title: opts.title, date: opts.date, location: opts.location, edition: opts.edition });
  process.stdout.write(
    `${c.green('✔')} Wrote ${shown(result.path)}\n` +
      `  Next: open it, replace every [[placeholder]] (photos go in ${shown(path.join(result.editionDir, 'assets'))}/),\n` +
      `  then run ${c.bold(`bulletin lint ${shown(result.editionDir)}`)} until it reports no problems.\n`,
  );
  return EXIT.ok;
}

export async function runInit(dir: string, opts: InitCommandOptions): Promise<number> {
  const c = makeChalk(opts, process.stdout);
  const countries = opts.countries?.split(',').map((s) => s.trim()).filter(Boolean);
  const result = initEdition({ dir, title: opts.title, countries, language: opts.language, force: opts.force });
  const where = shown(result.dir);
  for (const f of result.written) process.stdout.write(`${c.green('✔')} Wrote ${path.join(where, f)}\n`);
  for (const f of result.kept) process.stdout.write(`${c.yellow('•')} Kept the existing ${path.join(where, f)}\n`);
  process.stdout.write(
    `\nNext steps:\n` +
      `  1. Edit ${path.join(where, 'bulletin.yaml')}: replace every [[placeholder]], add contacts and hotlines.\n` +
      `  2. Add a report per article: ${c.bold(`bulletin new <country> --edition ${where}`)} (or fill in the sample in reports/).\n` +
      `  3. Check: ${c.bold(`bulletin lint ${where}`)}\n` +
      `  4. Print: ${c.bold(`bulletin build ${where}`)} writes the PDF and HTML edition to ${path.join(where, 'dist')}/\n`,
  );
  return EXIT.ok;
}
