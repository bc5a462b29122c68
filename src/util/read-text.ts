import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync, type Stats } from 'node:fs';

export type ReadText =
  | { ok: true; text: string; hadBom: boolean }
  | { ok: false; ruleId: string; message: string; line?: number; column?: number };

/** Reports larger than this are refused rather than parsed, to bound time and memory. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Reads a text file the way a report or config must be: UTF-8 (a byte-order mark is fine), not binary,
 * not larger than the limit. Never throws for a bad file; says what is wrong instead.
 */
export async function readText(path: string, maxBytes = MAX_FILE_BYTES): Promise<ReadText> {
  // Synchronous on purpose: for many small files it is ten times faster than the thread-pool round trips
  // of fs/promises, and a report is read in well under a millisecond.
  let size: number;
  try {
    const s = statSync(path);
    if (!s.isFile()) return { ok: false, ruleId: 'file/unreadable', message: `This is ${kindOf(s)}, not a text file, so it cannot be read.` };
    size = s.size;
  } catch (err) {
    return { ok: false, ruleId: 'file/unreadable', message: `The file could not be read (${errorCode(err)}).` };
  }
  if (size > maxBytes) {
    return {
      ok: false,
      ruleId: 'file/too-large',
      message: `The file is ${(size / 1048576).toFixed(1)} MB; the limit is ${maxBytes / 1048576} MB. Split it, or move large data out of it.`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return { ok: false, ruleId: 'file/unreadable', message: `The file could not be read (${errorCode(err)}).` };
  }
  return decodeText(bytes);
}

/** What a path that is not a regular file is, in a user's words. */
function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'a special file';
}

export function decodeText(bytes: Uint8Array): ReadText {
  // UTF-16 (what Windows Notepad once called "Unicode"): its byte-order mark, or every other byte NUL in text.
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    (bytes.length >= 4 && ((bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0)));
  if (utf16) {
    return {
      ok: false,
      ruleId: 'file/encoding',
      message: 'The file is saved as UTF-16, not UTF-8. Save it again as UTF-8 (in most editors: Save as, Encoding: UTF-8).',
      line: 1,
      column: 1,
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = lineColumnOfByte(bytes, nul);
    return {
      ok: false,
      ruleId: 'file/binary',
      message: 'The file contains NUL bytes: it looks like a binary file, not Markdown or YAML text.',
      line,
      column,
    };
  }
  let text: string;
  if (isUtf8(bytes)) {
    // Fast path (native validation): most files are fine.
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  } else {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = lineColumnOfByte(bytes, bad);
    return {
      ok: false,
      ruleId: 'file/encoding',
      message: 'The file is not valid UTF-8. Save it as UTF-8 (in Word or Notepad: “Save as”, encoding UTF-8).',
      line,
      column,
    };
  }
  const hadBom = text.charCodeAt(0) === 0xfeff;
  if (hadBom) text = text.slice(1);
  // Line ends of old Mac editors, a carriage return alone: read as the line ends they are (same length, so
  // every position stays where it was).
  if (!text.includes('\n') && text.includes('\r')) text = text.replace(/\r/g, '\n');
  return { ok: true, text, hadBom };
}

function lineColumnOfByte(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Count UTF-16 units, as every other column does (and editors do): a character outside the Basic
  // Multilingual Plane (a four-byte sequence, such as an emoji) counts two; continuation bytes count none.
  let column = 1;
  for (let i = lineStart; i < index; i++) {
    const b = bytes[i]!;
    if ((b & 0xc0) !== 0x80) column += (b & 0xf8) === 0xf0 ? 2 : 1;
  }
  return { line, column };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search on the longest valid prefix; cheap and exact enough for a position.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // A streaming decode accepts an unfinished sequence at the end of the prefix; the error belongs to its
  // lead byte (a Latin-1 “é” read as UTF-8 is such a lead byte), not to the byte after it.
  for (let k = 1; k <= 3 && lo - k >= 0; k++) {
    const b = bytes[lo - k]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (k < length) return lo - k;
    }
    break;
  }
  return Math.min(lo, bytes.length - 1);
}

export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err) return String((err as { code: unknown }).code);
  return err instanceof Error ? err.message : String(err);
}
