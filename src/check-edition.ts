/**
 * Load config, read reports, validate, transform Markdown, assemble: everything before rendering, with no
 * browser involved. Shared by `lint` (which reports) and `build` (which refuses to print on errors).
 */
import { realpathSync } from 'node:fs';
import { loadConfig } from './config/load-config.js';
import type { EditionConfig } from './config/schema.js';
import { DiagnosticSink, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { assembleEdition, type Edition } from './edition/assemble.js';
import { markdownToHtml } from './markdown/markdown-to-html.js';
import { readReports, type Report } from './reports/read-reports.js';

export interface CheckedEdition {
  dir: string;
  config: EditionConfig | undefined;
  reports: Report[];
  /** Present when the config is valid (articles may still carry errors: see diagnostics). */
  edition: Edition | undefined;
  diagnostics: Diagnostic[];
}

export async function checkEdition(editionDir: string): Promise<CheckedEdition> {
  const loaded = await loadConfig(editionDir);
  const { reports, diagnostics: reportDiagnostics } = await readReports(loaded.dir, loaded.config);
  const diagnostics = [...loaded.diagnostics, ...reportDiagnostics];
  let edition: Edition | undefined;
  if (loaded.config) {
    const assembled = assembleEdition(loaded.dir, loaded.config, reports);
    edition = assembled.edition;
    diagnostics.push(...assembled.diagnostics);
  } else {
    // Without a valid config there is no edition, but every report's content is still checked.
    const editionRealDir = realpathSync(loaded.dir);
    for (const report of reports) {
      const sink = new DiagnosticSink(report.file);
      markdownToHtml(report.body, { editionRealDir, idPrefix: 'a-', lineOffset: report.bodyLineOffset }, report.absPath, sink);
      diagnostics.push(...sink.list);
    }
  }
  return { dir: loaded.dir, config: loaded.config, reports, edition, diagnostics: sortDiagnostics(diagnostics) };
}
