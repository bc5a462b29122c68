import path from 'node:path';
import { build, type ProgressEvent } from '../build.js';
import { countBySeverity, ValidationFailed } from '../diagnostics.js';
import { EXIT, type BuildCommandOptions } from './main.js';
import { formatBytes, formatMs, makeChalk } from './output.js';
import { displayPath, formatStylish } from './reporters.js';

const STEP_LABEL: Record<ProgressEvent['step'], string> = {
  check: 'Checked',
  render: 'Rendered HTML',
  launch: 'Started Chrome',
  load: 'Loaded fonts and images',
  print: 'Printed',
  finish: 'Finished the PDF',
  write: 'Wrote outputs',
};

export async function runBuild(dir: string, opts: BuildCommandOptions): Promise<number> {
  const c = makeChalk(opts);
  const err = process.stderr;
  // Steps and times are for people at a terminal; CI logs and --quiet get only the result.
  const showSteps = !opts.quiet && err.isTTY === true && !process.env['CI'];
  const editionDir = path.resolve(dir);
  const started = performance.now();
  try {
    const result = await build(editionDir, {
      ...(opts.out !== undefined ? { outDir: opts.out } : {}),
      formats: opts.format,
      ...(opts.chrome !== undefined ? { chrome: opts.chrome } : {}),
      timeoutMs: opts.timeout * 1000,
      onProgress: (e) => {
        if (!showSteps) return;
        // The output folder as the lines below name the files in it: from where the command was run.
        const detail = e.step === 'write' && e.detail ? displayPath(process.cwd(), e.detail) : e.detail;
        err.write(`${c.dim('·')} ${STEP_LABEL[e.step]}${detail ? ` ${c.dim(`(${detail})`)}` : ''} ${c.dim(formatMs(e.ms))}\n`);
      },
    });
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    if (warnings.length > 0 && !opts.quiet) err.write(`${formatStylish(warnings, result.edition.dir, c)}\n`);
    if (!opts.quiet) {
      for (const f of result.files) {
        const pages = f.format === 'pdf' && result.pages !== undefined ? `${result.pages} page${result.pages === 1 ? '' : 's'}, ` : '';
        process.stdout.write(`${c.green('✔')} Wrote ${displayPath(process.cwd(), f.path)} ${c.dim(`(${pages}${formatBytes(f.bytes)})`)}\n`);
      }
      const articles = result.edition.articles.length;
      process.stdout.write(
        // The line break outside the colour: chalk would colour the empty line after it too.
        `${c.dim(`  ${articles} article${articles === 1 ? '' : 's'}${result.passes ? `, contents numbered in ${result.passes} print${result.passes === 1 ? "" : "s"}` : ''}, ${formatMs(performance.now() - started)}`)}\n`,
      );
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ValidationFailed) {
      err.write(`${formatStylish(e.diagnostics, editionDir, c)}\n`);
      const { errors } = countBySeverity(e.diagnostics);
      err.write(`${c.red(`The build stopped: fix the ${errors === 1 ? 'error' : `${errors} errors`} above (\`bulletin lint\` shows the same list). Nothing was written.`)}\n`);
      return EXIT.errors;
    }
    throw e;
  }
}
