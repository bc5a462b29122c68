/**
 * `npm run bench`: bulletin against the bare-Chromium floor, measured in the same run on the same machine.
 *
 *   (a) floor: a bare script launches the same Chromium, loads the final HTML of the edition, prints once;
 *   (b) `bulletin build` of the example edition (two prints for true contents numbers);
 *   (c) `bulletin build` of a generated large edition, against its own floor;
 *   (d) `bulletin lint` of a generated edition of 1,000 reports, against its own floor: a bare script that
 *       parses the same reports with remark-parse and remark-gfm and does nothing else; and `lint --cache`
 *       after one of the reports changed, as an editor lints again after a fix;
 *   (e) a rebuild in the preview after a one-word change (HTML, and the PDF in the warm browser);
 *   and `bulletin build --format html` of the example, with the start of Node itself (`node -e 0`) for scale.
 *
 * Every measurement is a fresh process, as a user runs it. Several rounds, each running every measurement
 * once: median and spread of each; ratios against the floor taken within a round, then their median; peak
 * memory (resident set of the Node process). Writes a table to stdout and JSON to test/bench/results.json (or
 * --json PATH). `--quick` does one round, for CI.
 */
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { V8_FLAGS } from '../../src/bundle/code-cache.cjs';
import { findBrowser } from '../../src/output/find-browser.js';
import { generateEdition } from './generate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'bin', 'bulletin.js');
const EXAMPLE = path.join(ROOT, 'examples', 'central-asia-2014-q4');
const FLOOR = path.join(ROOT, 'test', 'bench', 'floor.mjs');
const PARSE_FLOOR = path.join(ROOT, 'test', 'bench', 'parse-floor.mjs');

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const runs = quick ? 1 : Number(argv[argv.indexOf('--runs') + 1] ?? 5) || 5;
const jsonOut = argv.includes('--json') ? path.resolve(argv[argv.indexOf('--json') + 1]!) : path.join(ROOT, 'test', 'bench', 'results.json');

interface Sample {
  ms: number;
  rssMb: number;
}

const RSS_HOOK = path.join(ROOT, 'test', 'bench', 'rss-hook.cjs');

function measure(label: string, args: string[], env: Record<string, string> = {}): Sample {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0', NODE_OPTIONS: `--require=${RSS_HOOK}`, ...env },
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
  const m = /__MAXRSS__(\d+)/.exec(r.stderr ?? '');
  return { ms, rssMb: m ? Number(m[1]) / 1024 : NaN };
}

let edits = 0;
/** Changes one word of one report of the edition: the `n`th report, counted round its reports. */
function editOneReport(edition: string, n: number): void {
  const dir = path.join(edition, 'reports');
  const names = readdirSync(dir).sort();
  const file = path.join(dir, names[(n * 37) % names.length]!);
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(/^(---\n[\s\S]*?\n---\n\n)(\S+)/, `$1$2 edited${n}`);
  if (changed === text) throw new Error(`could not edit ${file}`);
  writeFileSync(file, changed);
}

let freshCount = 0;
/** A new output folder: nothing to take numbers from. */
function fresh(tmp: string): string {
  return path.join(tmp, `fresh-${++freshCount}`);
}

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

function stats(samples: Sample[]): { median: number; min: number; max: number; rssMb: number; runs: number } {
  const ms = samples.map((s) => s.ms);
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms), rssMb: Math.max(...samples.map((s) => s.rssMb).filter(Number.isFinite), 0), runs: ms.length };
}

function settle(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs every measurement once per round, round after round, so that a machine whose speed drifts over minutes
 * (a shared one does) slows all of them alike, and a ratio compares samples taken moments apart. Each
 * measurement is run once first, not counted, to warm the file cache and Chrome's disk cache; each starts on a
 * quiet machine (the helpers of the Chrome before it are gone).
 */
function interleaved<K extends string>(n: number, measures: Record<K, [string, () => Sample]>): Record<K, Sample[]> {
  const keys = Object.keys(measures) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as Sample[]])) as Record<K, Sample[]>;
  for (let round = 0; round <= n; round++) {
    for (const k of keys) {
      settle(500);
      const sample = measures[k][1]();
      if (round > 0) samples[k].push(sample);
    }
    process.stderr.write(round === 0 ? '  warmed up\n' : `  round ${round} of ${n}\n`);
  }
  for (const k of keys) process.stderr.write(`  ${measures[k][0]}: ${Math.round(stats(samples[k]).median)} ms\n`);
  return samples;
}

/** The median of the per-round ratios of two measurements. */
function ratio(a: Sample[], b: Sample[]): number {
  return median(a.map((s, i) => s.ms / b[i]!.ms));
}

/** The preview's PDF; a failure stops the benchmark rather than be timed as a print. */
async function pdfOf(url: string): Promise<void> {
  const res = await fetch(`${url}edition.pdf`);
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok || body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`preview: /edition.pdf answered ${res.status}: ${body.toString('utf8').slice(0, 300)}`);
}

/**
 * (e) The editor's loop, in this process: a preview of a copy of the example, warmed by one PDF, then a word
 * changes each run; measured are the HTML rebuild and the PDF reprint in the warm browser.
 */
async function previewRebuild(tmp: string, n: number): Promise<{ previewHtml: ReturnType<typeof stats>; previewPdf: ReturnType<typeof stats> }> {
  // The compiled code, as the command line runs it (`npm run bench` builds first): under tsx, the functions
  // handed to Chrome carry esbuild's `__name` helper, which Chrome does not have, and the print fails.
  const { startPreview } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'preview', 'preview-server.js')).href)) as typeof import('../../src/preview/preview-server.js');
  const dir = path.join(tmp, 'preview');
  cpSync(EXAMPLE, dir, { recursive: true, filter: (p) => !p.includes(`${path.sep}dist`) });
  const report = path.join(dir, 'reports', 'kazakhstan-aktau-seminar.md');
  const preview = await startPreview({ editionDir: dir, port: 0, debounceMs: 1_000_000 }); // rebuilt by hand below
  try {
    await pdfOf(preview.url);
    const html: Sample[] = [];
    const pdf: Sample[] = [];
    const words = ['principal', 'main', 'chief', 'leading', 'central', 'primary', 'major'];
    for (let i = 0; i <= n; i++) {
      writeFileSync(report, readFileSync(report, 'utf8').replace(/The \w+ stakeholders in combating/, `The ${words[i % words.length]} stakeholders in combating`));
      // The watcher sees the change once the file has been still for 50 ms; waiting for it keeps that notice from
      // starting a second rebuild during the PDF's timing (a PDF asked for builds a change it has seen first).
      await new Promise((resolve) => setTimeout(resolve, 250));
      let t = performance.now();
      await preview.rebuild();
      const htmlMs = performance.now() - t;
      t = performance.now();
      await pdfOf(preview.url);
      const pdfMs = performance.now() - t;
      if (i > 0) {
        html.push({ ms: htmlMs, rssMb: process.memoryUsage().rss / 2 ** 20 });
        pdf.push({ ms: pdfMs, rssMb: process.memoryUsage().rss / 2 ** 20 });
      }
    }
    const result = { previewHtml: stats(html), previewPdf: stats(pdf) };
    process.stderr.write(`  preview rebuild: HTML ${Math.round(result.previewHtml.median)} ms, PDF ${Math.round(result.previewPdf.median)} ms\n`);
    return result;
  } finally {
    await preview.close();
  }
}

/** What the browser says it is (`chromium --version`), for the record; undefined if it does not say. */
function browserVersion(executable: string): string | undefined {
  const run = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return run.status === 0 ? run.stdout.trim().split('\n')[0] || undefined : undefined;
}

async function main(): Promise<void> {
  const browser = await findBrowser();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bulletin-bench-'));
  try {
    process.stderr.write(`bulletin benchmark, ${runs} run(s) each, browser ${browser.executablePath}\n`);
    const large = generateEdition(path.join(tmp, 'large'), {
      reports: 120,
      words: 380,
      photoEvery: 3,
      tableEvery: 8,
      photo: path.join(EXAMPLE, 'assets', 'kz-aktau-seminar.jpg'),
    });
    const thousand = generateEdition(path.join(tmp, 'thousand'), { reports: 1000, words: 300, photoEvery: 0, tableEvery: 7 });
    const parseFloor = path.join(tmp, 'parse-floor.cjs');
    buildSync({ entryPoints: [PARSE_FLOOR], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: parseFloor, logLevel: 'warning' });

    // The final HTML of each edition, as bulletin writes it, is what the floor prints.
    const exampleOut = path.join(tmp, 'example-out');
    const largeOut = path.join(tmp, 'large-out');
    measure('prepare example', [CLI, 'build', EXAMPLE, '--out', exampleOut, '-q']);
    measure('prepare large', [CLI, 'build', large, '--out', largeOut, '-q']);
    const exampleHtml = path.join(exampleOut, 'central-asia-ct-bulletin-2014-q4.html');
    const largeHtml = path.join(largeOut, 'generated-programme-bulletin-2025-01.html');

    const samples = interleaved(runs, {
      floorExample: ['floor, example', () => measure('floor', [FLOOR, browser.executablePath, exampleHtml, path.join(tmp, 'f.pdf')])],
      // A first build (a new output folder every run: a draft print and the final one) and a rebuild into the
      // same folder, which takes the previous numbers as its guess (one print when no article moved).
      buildExample: ['build, example, first', () => measure('build', [CLI, 'build', EXAMPLE, '--out', fresh(tmp), '-q'])],
      rebuildExample: ['build, example, rebuild', () => measure('rebuild', [CLI, 'build', EXAMPLE, '--out', path.join(tmp, 'b1'), '-q'])],
      htmlExample: ['build --format html, example', () => measure('html', [CLI, 'build', EXAMPLE, '--format', 'html', '--out', path.join(tmp, 'h1'), '-q'])],
      floorLarge: ['floor, large edition', () => measure('floor large', [FLOOR, browser.executablePath, largeHtml, path.join(tmp, 'fl.pdf')])],
      buildLarge: ['build, large edition, first', () => measure('build large', [CLI, 'build', large, '--out', fresh(tmp), '-q'])],
      rebuildLarge: ['build, large edition, rebuild', () => measure('rebuild large', [CLI, 'build', large, '--out', path.join(tmp, 'b2'), '-q'])],
      nodeStart: ['node -e 0', () => measure('node', ['-e', '0'])],
      // Under the V8 settings the command line runs with (see code-cache.cts). Without them the bare script would
      // also wait, before it exits, for TurboFan to finish a function the command line keeps it off: a floor
      // slower than parsing is, which would flatter lint.
      parseFloorThousand: ['floor: remark parses 1,000 reports', () => measure('parse floor', [...V8_FLAGS, parseFloor, thousand])],
      lintThousand: ['lint, 1,000 reports', () => measure('lint', [CLI, 'lint', thousand, '--quiet'])],
      // An editor's second lint: one report changed since the last `lint --cache` (a different one each round).
      lintCachedThousand: [
        'lint --cache, 1,000 reports, one changed',
        () => {
          editOneReport(thousand, ++edits);
          return measure('lint --cache', [CLI, 'lint', thousand, '--quiet', '--cache'], { BULLETIN_CACHE_DIR: path.join(tmp, 'cache') });
        },
      ],
    });
    const results = {
      ...(Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v as Sample[])])) as Record<keyof typeof samples, ReturnType<typeof stats>>),
      ...(await previewRebuild(tmp, runs)),
    };
    const ratios = {
      exampleVsFloor: ratio(samples.buildExample, samples.floorExample),
      exampleRebuildVsFloor: ratio(samples.rebuildExample, samples.floorExample),
      largeVsFloor: ratio(samples.buildLarge, samples.floorLarge),
      largeRebuildVsFloor: ratio(samples.rebuildLarge, samples.floorLarge),
      lintVsParseFloor: ratio(samples.lintThousand, samples.parseFloorThousand),
      lintCachedVsParseFloor: ratio(samples.lintCachedThousand, samples.parseFloorThousand),
    };
    const report = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
      node: process.version,
      browser: browser.executablePath,
      browserVersion: browserVersion(browser.executablePath),
      runs,
      results,
      ratios,
    };
    const rows: [string, ReturnType<typeof stats>, string][] = [
      ['(a) floor: bare Chromium prints the example', results.floorExample, ''],
      ['(b) bulletin build, example (PDF + HTML), first', results.buildExample, `${ratios.exampleVsFloor.toFixed(2)}× floor`],
      ['(b) bulletin build, example, rebuild', results.rebuildExample, `${ratios.exampleRebuildVsFloor.toFixed(2)}× floor`],
      ['    bulletin build --format html, example', results.htmlExample, ''],
      ['    for scale: Node.js starts and exits (node -e 0)', results.nodeStart, ''],
      ['(a) floor: bare Chromium prints the large edition', results.floorLarge, ''],
      ['(c) bulletin build, large edition (120 reports), first', results.buildLarge, `${ratios.largeVsFloor.toFixed(2)}× floor`],
      ['(c) bulletin build, large edition, rebuild', results.rebuildLarge, `${ratios.largeRebuildVsFloor.toFixed(2)}× floor`],
      ['(d) floor: remark-parse + remark-gfm alone, 1,000 reports', results.parseFloorThousand, ''],
      ['(d) bulletin lint, 1,000 reports', results.lintThousand, `${ratios.lintVsParseFloor.toFixed(2)}× floor`],
      ['(d) bulletin lint --cache, 1,000 reports, one changed', results.lintCachedThousand, `${ratios.lintCachedVsParseFloor.toFixed(2)}× floor`],
      ['(e) preview: HTML rebuilt after a one-word change', results.previewHtml, ''],
      ['(e) preview: PDF reprinted after a one-word change', results.previewPdf, ''],
    ];
    const fmt = (n: number) => `${Math.round(n)}`.padStart(6);
    console.log(`\n${'measurement'.padEnd(58)} median    min    max  peak RSS  ratio`);
    for (const [name, s, ratio] of rows) {
      console.log(`${name.padEnd(58)} ${fmt(s.median)} ${fmt(s.min)} ${fmt(s.max)}  ${`${s.rssMb.toFixed(0)} MB`.padStart(8)}  ${ratio}`);
    }
    console.log(`\n${report.machine}; Node ${report.node}; ${report.browserVersion ?? report.browser}; ${runs} run(s) each; times in ms.`);
    console.log('Ratio: the median, over the rounds, of the build divided by the floor measured moments before it.');
    mkdirSync(path.dirname(jsonOut), { recursive: true });
    writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Wrote ${path.relative(process.cwd(), jsonOut)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
