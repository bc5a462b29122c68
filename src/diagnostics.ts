/**
 * The one diagnostic type of the tool. Lint prints these, build refuses to print while any of them is an
 * error, and the API returns them. Lines and columns are 1-based, as editors and GitHub annotations expect.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Path of the file, relative to the edition folder when it lies inside it. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: Severity;
  /** Permanent rule id, e.g. `schema/required`. */
  ruleId: string;
  /** Full sentence(s): what happened, then what to do. */
  message: string;
  /** A concrete replacement, e.g. `Georgia` for a misspelt country. */
  suggestion?: string;
}

export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Collects diagnostics for one file, so that rules only say what and where. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  constructor(readonly file: string) {}

  error(ruleId: string, message: string, at: Position | undefined, suggestion?: string): void {
    this.push('error', ruleId, message, at, suggestion);
  }

  warn(ruleId: string, message: string, at: Position | undefined, suggestion?: string): void {
    this.push('warning', ruleId, message, at, suggestion);
  }

  private push(severity: Severity, ruleId: string, message: string, at: Position | undefined, suggestion?: string): void {
    const d: Diagnostic = {
      file: this.file,
      line: at?.line ?? 1,
      column: at?.column ?? 1,
      severity,
      ruleId,
      message,
    };
    if (at?.endLine !== undefined) d.endLine = at.endLine;
    if (at?.endColumn !== undefined) d.endColumn = at.endColumn;
    if (suggestion !== undefined) d.suggestion = suggestion;
    this.list.push(d);
  }
}

/**
 * Appends `more` to `list`. Not `list.push(...more)`: spreading passes every item as an argument, and an
 * edition with some hundred thousand warnings would overflow the stack.
 */
export function appendAll<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** Stable order: by file, then position, then rule. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}

/**
 * Thrown by the core when it cannot go on (no edition folder, no browser, output not writable...).
 * The CLI maps it to exit code 2 and prints `message` without a stack trace.
 */
export class BulletinError extends Error {
  override readonly name = 'BulletinError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown by build when validation found errors; carries every diagnostic so the CLI can show them. */
export class ValidationFailed extends Error {
  override readonly name = 'ValidationFailed';
  constructor(readonly diagnostics: Diagnostic[]) {
    const { errors } = countBySeverity(diagnostics);
    super(`The edition has ${errors} error${errors === 1 ? '' : 's'}; nothing was written.`);
  }
}
