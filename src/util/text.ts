/** Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides: never in a name or title. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/**
 * Text from reports made safe for a terminal: control characters other than line breaks and tabs, and
 * direction overrides, are shown as `\u{1B}` escapes, so that a title cannot clear the screen, retitle the
 * window or overwrite its own error line with a carriage return.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu, escaped);
}

/** A file name on one line: `printable`, and line breaks and tabs escaped too (a name cannot forge a line). */
export function printableName(s: string): string {
  return printable(s).replace(/[\t\n\r\u2028\u2029]/g, escaped);
}

function escaped(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`;
}

/** How a message names a character: `U+00AD`. */
export function codePointName(ch: string | number): string {
  return `U+${(typeof ch === 'number' ? ch : ch.codePointAt(0)!).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Where each line of `text` starts (character offsets), for `positionAt`. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line and column of a character offset, from the line starts of its text (a binary search). */
export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
