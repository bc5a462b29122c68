/**
 * bulletin as a library. The pipeline, top to bottom: load config, read reports, validate, Markdown to HTML,
 * assemble the edition (all in `checkEdition`), render HTML, print the PDF (`build`).
 */
export { build, DEFAULT_TIMEOUT_MS } from './build.js';
export type { BuildOptions, BuildResult, BuiltFile, OutputFormat, ProgressEvent } from './build.js';
export { checkEdition } from './check-edition.js';
export { lint, exitCodeFor } from './lint.js';
export type { LintResult } from './lint.js';
export { RULES } from './rules.js';
export { jsonSchemas } from './config/json-schema.js';
export type { CheckedEdition } from './check-edition.js';
export { loadConfig, validateConfigText, findEditionDir, CONFIG_FILE } from './config/load-config.js';
export { EditionConfig, FrontMatter } from './config/schema.js';
export { readReports, parseReport, listReports } from './reports/read-reports.js';
export type { Report } from './reports/read-reports.js';
export { markdownToHtml } from './markdown/markdown-to-html.js';
export { assembleEdition } from './edition/assemble.js';
export type { Edition, Article } from './edition/assemble.js';
export { renderHtml } from './render/render-html.js';
export { loadTemplate, DEFAULT_TEMPLATE_DIR } from './render/template.js';
export { findBrowser } from './output/find-browser.js';
export type { FoundBrowser } from './output/find-browser.js';
export { BulletinError, ValidationFailed, DiagnosticSink, hasErrors, countBySeverity, sortDiagnostics } from './diagnostics.js';
export type { Diagnostic, Severity, Position } from './diagnostics.js';
export { VERSION } from './version.js';
export { renderDocument, printDocument } from './build.js';
export { startPreview } from './preview/preview-server.js';
export type { PreviewOptions, PreviewServer, PreviewEvent } from './preview/preview-server.js';
export { newReport } from './scaffold/new-report.js';
export { initEdition } from './scaffold/init-edition.js';
