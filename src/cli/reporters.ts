/** Diagnostics for people (stylish), for machines (json) and for GitHub pull requests (workflow commands). */
import path from 'node:path';
import type { ChalkInstance } from 'chalk';
import { countBySeverity, type Diagnostic } from '../diagnostics.js';
import { printable, printableName } from '../util/text.js';

export type ReportFormat = 'stylish' | 'json' | 'github';

/** `file` relative to the edition becomes a path the user can click, relative to where they stand. */
export function displayPath(editionDir: string, file: string): string {
  const abs = path.resolve(editionDir, file);
  const rel = path.relative(process.cwd(), abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}

export function formatStylish(diagnostics: readonly Diagnostic[], editionDir: string, c: ChalkInstance): string {
  if (diagnostics.length === 0) return '';
  const lines: string[] = [];
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  for (const [file, list] of byFile) {
    const shown = printableName(displayPath(editionDir, file));
    lines.push(c.underline(shown));
    const where = list.map((d) => `${shown}:${d.line}:${d.column}`);
    const width = Math.max(...where.map((w) => w.length));
    list.forEach((d, i) => {
      const sev = d.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      const [first, ...rest] = printable(d.message).split('\n');
      lines.push(`  ${c.dim(where[i]!.padEnd(width))}  ${sev}  ${first}  ${c.dim(d.ruleId)}`);
      for (const r of rest) lines.push(`  ${' '.repeat(width)}           ${r}`);
    });
    lines.push('');
  }
  const { errors, warnings } = countBySeverity(diagnostics);
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  lines.push(errors > 0 ? c.red.bold(`✖ ${summary}`) : c.yellow.bold(`⚠ ${summary}`));
  return lines.join('\n');
}

export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map((d) => ({
      file: d.file,
      line: d.line,
      column: d.column,
      ...(d.endLine !== undefined ? { endLine: d.endLine, endColumn: d.endColumn } : {}),
      severity: d.severity,
      ruleId: d.ruleId,
      message: d.message,
      ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
    })),
    null,
    2,
  );
}

/** GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions */
export function formatGithub(diagnostics: readonly Diagnostic[], editionDir: string): string {
  // Control characters (a terminal's escape sequences) and bidirectional overrides from a file name or a YAML
  // key are shown escaped, as in the stylish format: the CI log is a terminal too.
  const esc = (s: string) => printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
  const escProp = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return diagnostics
    .map((d) => {
      const file = printableName(path.relative(process.cwd(), path.resolve(editionDir, d.file)).split(path.sep).join('/'));
      const props = [`file=${escProp(file)}`, `line=${d.line}`, `col=${d.column}`];
      if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`);
      if (d.endColumn !== undefined) props.push(`endColumn=${d.endColumn}`);
      props.push(`title=${escProp(d.ruleId)}`);
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${esc(d.message)}`;
    })
    .join('\n');
}
