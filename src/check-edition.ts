/**
 * Load config, read reports, validate, transform Markdown, assemble: everything before rendering, with no
 * browser involved. Shared by `lint` (which reports) and `build` (which refuses to print on errors).
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE, loadConfig } from './config/load-config.js';
import type { EditionConfig } from './config/schema.js';
import { appendAll, DiagnosticSink, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { assembleEdition, EMPTY_BODY_MESSAGE, type Edition } from './edition/assemble.js';
import { analyzeReport, type LintCache } from './lint-cache.js';
import { templateFor, type Template } from './render/template.js';
import { readReports, type Report } from './reports/read-reports.js';
import { fold } from './util/suggest.js';
import { parseYamlWithPositions } from './util/yaml.js';

export interface CheckedEdition {
  dir: string;
  config: EditionConfig | undefined;
  reports: Report[];
  /** Present when the config is valid (articles may still carry errors: see diagnostics). */
  edition: Edition | undefined;
  /** The edition's template, when it loads and its entry file parses. */
  template: Template | undefined;
  diagnostics: Diagnostic[];
}

export interface CheckOptions {
  /** Also produce the articles' HTML (build needs it; lint does not, and is much faster without). */
  render?: boolean;
  /** Results of lint kept between runs (lint only: without `render`). */
  cache?: LintCache | undefined;
}

export async function checkEdition(editionDir: string, options: CheckOptions = {}): Promise<CheckedEdition> {
  const loaded = await loadConfig(editionDir);
  const { reports, unusable, diagnostics: reportDiagnostics } = await readReports(loaded.dir, loaded.config, { cache: options.cache });
  const diagnostics = [...loaded.diagnostics, ...reportDiagnostics, ...duplicateTitles(reports)];
  let edition: Edition | undefined;
  let template: Template | undefined;
  if (loaded.config) {
    const assembled = assembleEdition(loaded.dir, loaded.config, reports, { render: options.render ?? true, cache: options.cache });
    edition = assembled.edition;
    appendAll(diagnostics, assembled.diagnostics);
    template = await checkTemplate(edition, diagnostics);
  }
  // Reports that cannot be part of an edition (bad front matter, or no valid config) still have their
  // content checked, so that one round of fixes clears everything.
  const editionRealDir = realpathSync(loaded.dir);
  const unchecked = [...unusable, ...(loaded.config ? [] : reports)];
  for (const report of unchecked) {
    const sink = new DiagnosticSink(report.file);
    const ctx = { editionRealDir, idPrefix: 'a-', lineOffset: report.bodyLineOffset, countries: loaded.config?.countries ?? [] };
    const analyzed = analyzeReport(report.body, ctx, report.absPath, sink, options.cache);
    if (analyzed.textLength === 0) sink.error('content/empty-body', EMPTY_BODY_MESSAGE, { line: report.bodyLineOffset + 1, column: 1 });
    appendAll(diagnostics, sink.list);
  }
  return { dir: loaded.dir, config: loaded.config, reports, edition, template, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * The edition's template, loaded and its entry file parsed, or an error at `template:` in bulletin.yaml: a
 * template that is missing, outside the edition, without a valid template.json or with a Liquid syntax error
 * is found by lint, not only when build renders.
 */
async function checkTemplate(edition: Edition, diagnostics: Diagnostic[]): Promise<Template | undefined> {
  try {
    const template = await templateFor(edition);
    template.liquid.parseFileSync(template.entry);
    return template;
  } catch (err) {
    // Where `template:` stands (read again: this is the rare path).
    const text = await readFile(path.join(edition.dir, CONFIG_FILE), 'utf8').catch(() => '');
    const at = edition.config.template ? parseYamlWithPositions(text).nodeAt(['template']).at : { line: 1, column: 1 };
    const reason = err instanceof Error ? err.message : String(err);
    diagnostics.push({
      file: CONFIG_FILE,
      line: at.line,
      column: at.column,
      severity: 'error',
      ruleId: 'config/template',
      message: /template/i.test(reason) ? reason : `The template cannot be used: ${reason}`,
    });
    return undefined;
  }
}

/** Two articles with the same title (ignoring case and spacing) confuse the contents and the reader. */
function duplicateTitles(reports: readonly Report[]): Diagnostic[] {
  const first = new Map<string, Report>();
  const out: Diagnostic[] = [];
  for (const r of reports) {
    const key = fold(r.frontMatter.title).replace(/\s+/g, ' ');
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, r);
      continue;
    }
    const at = r.yaml?.nodeAt(['title']).at ?? { line: 1, column: 1 };
    out.push({
      file: r.file,
      line: at.line,
      column: at.column,
      severity: 'warning',
      ruleId: 'edition/duplicate-title',
      message: `The title “${r.frontMatter.title}” is also the title of ${earlier.file}. Give each article its own title.`,
    });
  }
  return out;
}
