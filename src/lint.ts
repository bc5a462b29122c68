/**
 * `bulletin lint` as an API: every check that build runs, without rendering, over every file of the edition.
 * The exit status is computed once, from counts (see exitCodeFor).
 */
import { checkEdition } from './check-edition.js';
import { countBySeverity, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { LintCache } from './lint-cache.js';
import { fontCoverageDiagnostics } from './render/font-coverage.js';
import { lowResolutionWarnings, printGeometry } from './render/images.js';

export interface LintResult {
  dir: string;
  diagnostics: Diagnostic[];
  errorCount: number;
  warningCount: number;
  /** Files looked at: bulletin.yaml and every report. */
  fileCount: number;
  /** With `cache`: the reports whose results came from the cache, unchanged since the last lint. */
  reusedCount?: number;
}

export interface LintOptions {
  /**
   * Keep results between runs, in the cache folder (see LintCache), and check again only the reports that
   * changed since the last lint: `bulletin lint --cache`.
   */
  cache?: boolean;
}

export async function lint(editionDir: string, options: LintOptions = {}): Promise<LintResult> {
  const cache = options.cache ? await LintCache.open(editionDir) : undefined;
  const checked = await checkEdition(editionDir, { render: false, cache });
  await cache?.save();
  if (checked.edition && checked.template) {
    // Text that no font of the template covers, and photos with too few pixels for where they print: the same
    // warnings as build gives, before anyone builds.
    checked.diagnostics = sortDiagnostics([
      ...checked.diagnostics,
      ...(await fontCoverageDiagnostics(checked.edition, checked.template.fonts)),
      ...lowResolutionWarnings(checked.edition.images, printGeometry(checked.template, checked.edition.pageSize)),
    ]);
  }
  const { errors, warnings } = countBySeverity(checked.diagnostics);
  const files = new Set(['bulletin.yaml', ...checked.reports.map((r) => r.file), ...checked.diagnostics.map((d) => d.file)]);
  const result: LintResult = { dir: checked.dir, diagnostics: checked.diagnostics, errorCount: errors, warningCount: warnings, fileCount: files.size };
  if (cache) result.reusedCount = cache.reused;
  return result;
}

/** 0: clean or warnings within the limit; 1: errors, or more warnings than `maxWarnings`. */
export function exitCodeFor(result: Pick<LintResult, 'errorCount' | 'warningCount'>, maxWarnings?: number): 0 | 1 {
  if (result.errorCount > 0) return 1;
  if (maxWarnings !== undefined && result.warningCount > maxWarnings) return 1;
  return 0;
}
