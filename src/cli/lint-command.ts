import { exitCodeFor, lint } from '../lint.js';
import type { LintCommandOptions } from './main.js';
import { makeChalk } from './output.js';
import { formatGithub, formatJson, formatStylish } from './reporters.js';

export async function runLint(dir: string, opts: LintCommandOptions): Promise<number> {
  const result = await lint(dir, { cache: opts.cache === true });
  const shown = opts.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  if (opts.format === 'json') {
    process.stdout.write(`${formatJson(shown)}\n`);
  } else if (opts.format === 'github') {
    if (shown.length > 0) process.stdout.write(`${formatGithub(shown, result.dir)}\n`);
  } else {
    const c = makeChalk(opts);
    if (shown.length > 0) {
      process.stderr.write(`${formatStylish(shown, result.dir, c)}\n`);
    } else if (!opts.quiet) {
      const files = `${result.fileCount} file${result.fileCount === 1 ? '' : 's'}`;
      process.stderr.write(`${c.green('✔')} No problems in ${files}.\n`);
    }
    if (opts.maxWarnings !== undefined && result.errorCount === 0 && result.warningCount > opts.maxWarnings) {
      process.stderr.write(`${c.red(`Too many warnings: ${result.warningCount}, more than --max-warnings ${opts.maxWarnings}.`)}\n`);
    }
  }
  return exitCodeFor(result, opts.maxWarnings);
}
