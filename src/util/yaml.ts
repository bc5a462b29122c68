/**
 * YAML with positions. Everything the user wrote is parsed with the `yaml` package's LineCounter so that
 * every diagnostic can point at the key or value it is about.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';
import type { DiagnosticSink, Position } from '../diagnostics.js';
import { codePointName, lineStartsOf, positionAt } from './text.js';

export interface PositionedYaml {
  /** The text that was parsed. */
  source: string;
  doc: Document.Parsed;
  /** Plain data, or undefined when the document could not be read (see `problems`). */
  data: unknown;
  problems: { message: string; at: Position; ruleId: string }[];
  /** Position of a character offset in the YAML text, shifted to the enclosing file. */
  at(offset: number): Position;
  /** Position of a node (its start), or of the document start. */
  nodeAt(path: readonly (string | number)[]): { node: Node | Pair | undefined; at: Position; keyAt?: Position };
}

/** Resource limit: documents whose aliases expand beyond this are refused (billion-laughs protection). */
const MAX_ALIAS_COUNT = 100;

/** Deeper nesting than this is refused before parsing (a parser's recursion is not a resource to offer). */
const MAX_DEPTH = 64;
/** After this many syntax errors the rest are follow-on noise. */
const MAX_PROBLEMS = 10;

export function parseYamlWithPositions(text: string, options: { lineOffset?: number } = {}): PositionedYaml {
  const lineOffset = options.lineOffset ?? 0;
  // Line starts from the text itself: the parser's own counter misses breaks inside tokens it rejects.
  const lineStarts = lineStartsOf(text);
  const at = (offset: number): Position => {
    const { line, column } = positionAt(lineStarts, Math.max(0, Math.min(offset, text.length)));
    return { line: line + lineOffset, column };
  };
  const problems: PositionedYaml['problems'] = [];
  const depth = nestingDepth(text);
  if (depth.depth > MAX_DEPTH) {
    problems.push({
      ruleId: 'yaml/syntax',
      message: `The YAML is nested more than ${MAX_DEPTH} levels deep here; it is refused rather than parsed. Write it as a flat list or map.`,
      at: at(depth.offset),
    });
    const doc = parseDocument('', { lineCounter: new LineCounter() });
    return { source: text, doc, data: undefined, problems, at, nodeAt: () => ({ node: undefined, at: at(0) }) };
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  for (const e of doc.errors.slice(0, MAX_PROBLEMS)) {
    const message = yamlMessage(e.code, e.message, lineAround(text, e.pos[0]));
    problems.push({ message, at: at(errorOffset(text, e.code, e.message, e.pos[0])), ruleId: e.code === 'DUPLICATE_KEY' ? 'yaml/duplicate-key' : 'yaml/syntax' });
  }
  // Each walks the whole document, so neither runs on a text that cannot hold what it looks for: every tag
  // starts with `!`; a key that is a list or a map needs `?`, `[` or `{`, and a merge key `<<`.
  if (doc.errors.length === 0) {
    if (text.includes('!')) problems.push(...tagProblems(doc, text, at));
    if (MAY_HOLD_COMPLEX_KEY.test(text)) problems.push(...complexKeyProblems(doc, at));
  }
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      if (/alias count/i.test(text)) {
        problems.push({
          ruleId: 'yaml/alias-limit',
          message:
            'The YAML uses aliases (*name) that expand to too much data, which looks like a resource exhaustion attack. Write the values out instead of using anchors and aliases.',
          at: at(0),
        });
      } else {
        // e.g. `title: *Important*`: YAML reads a leading * as an alias to an anchor that does not exist.
        const alias = /Unresolved alias.*?:\s*(\S+)/i.exec(text)?.[1];
        const where = alias ? aliasOffset(doc, alias) : 0;
        problems.push({
          ruleId: 'yaml/syntax',
          message: `The YAML could not be read: ${text.replace(/\s+/g, ' ').trim()}. A value that starts with * or & must be put in quotes.`,
          at: at(where),
        });
      }
    }
  }
  const nodeAt: PositionedYaml['nodeAt'] = (path) => {
    let node: unknown = doc.contents;
    let keyAt: Position | undefined;
    let last: Position = at(0);
    if (node && (node as Node).range) last = at((node as Node).range![0]);
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) return { node: undefined, at: last };
        const k = pair.key as Node | null;
        if (k?.range) keyAt = at(k.range[0]);
        node = pair.value;
        const v = node as Node | null;
        last = v?.range ? at(v.range[0]) : (keyAt ?? last);
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) return { node: undefined, at: last };
        node = item;
        keyAt = undefined;
        if (item.range) last = at(item.range[0]);
      } else {
        return { node: undefined, at: last };
      }
    }
    const result: ReturnType<PositionedYaml['nodeAt']> = { node: node as Node | undefined, at: last };
    if (keyAt) result.keyAt = keyAt;
    return result;
  };
  return { source: text, doc, data, problems, at, nodeAt };
}

/** The YAML core schema's own tags: `!!str 2014` is a fair way to say "text, not a number". */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Any other tag is refused: `!!binary`, `!!timestamp` or `!!set` would turn a field into bytes, a date object or
 * a set that the checks then call "the wrong type" without saying why, and an unknown tag (`!include`,
 * `!!python/object`) is silently read as text by the parser, so the writer believes it did something.
 */
function tagProblems(doc: Document.Parsed, text: string, at: (offset: number) => Position): PositionedYaml['problems'] {
  const found: PositionedYaml['problems'] = [];
  visit(doc, (_key, node) => {
    const tag = (node as { tag?: string } | null)?.tag;
    if (!tag || PLAIN_TAGS.has(tag) || found.length >= MAX_PROBLEMS) return;
    const shown = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
    // The node's range starts at its value; the tag is the word before it.
    const start = (node as Node).range?.[0] ?? 0;
    let end = start;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    let word = end;
    while (word > 0 && !/\s/.test(text[word - 1]!)) word--;
    found.push({
      ruleId: 'yaml/tag',
      message: `The YAML tag \`${shown}\` is not read by bulletin: fields hold plain text, numbers, lists and maps. Remove the tag (put the value in quotes if it is text).`,
      at: at(text[word] === '!' ? word : start),
    });
  });
  return found;
}

const MAY_HOLD_COMPLEX_KEY = /[?[{]|<</;

/** A key that is a list or a map (`? [a, b]`): no field is named so, and the parser would warn on stderr. */
function complexKeyProblems(doc: Document.Parsed, at: (offset: number) => Position): PositionedYaml['problems'] {
  const found: PositionedYaml['problems'] = [];
  visit(doc, {
    Pair(_key, pair) {
      const key = pair.key as Node | null;
      if (found.length < MAX_PROBLEMS && (isMap(key) || isSeq(key))) {
        found.push({ ruleId: 'yaml/syntax', message: 'A key here is a list or a map; keys are plain names such as `title`. Remove the `?` and write `name: value`.', at: at(key.range?.[0] ?? 0) });
      }
      // `<<: *defaults`, a merge key of YAML 1.1, is an ordinary key named "<<" in YAML 1.2: say so, rather
      // than report every field it was meant to bring in as missing.
      if (found.length < MAX_PROBLEMS && isScalar(key) && key.value === '<<' && key.type === 'PLAIN') {
        found.push({ ruleId: 'yaml/syntax', message: 'Merge keys (`<<: *name`) are not read: write each field out in full.', at: at(key.range?.[0] ?? 0) });
      }
    },
  });
  return found;
}

/** Keys of a YAML map at a path, with positions, for the unknown-key rule. */
export function keysAt(y: PositionedYaml, path: readonly (string | number)[]): { key: string; at: Position }[] {
  const { node } = y.nodeAt(path);
  if (!isMap(node)) return [];
  const out: { key: string; at: Position }[] = [];
  for (const pair of node.items) {
    const k = pair.key as Node | null;
    const key = isScalar(k) ? String(k.value) : undefined;
    if (key !== undefined && k?.range) out.push({ key, at: y.at(k.range[0]) });
  }
  return out;
}

function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
}

/** `key: value` on one line, for the hints below. */
const KEY_VALUE = /^\s*(?:-\s+)?([^\s:#"'][^:#]*?):\s+(\S.*?)\s*$/;

function yamlMessage(code: string, message: string, line: string): string {
  // The yaml package's messages are good; strip its trailing position, which we report ourselves.
  const text = message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
  const head = text.charAt(0).toUpperCase() + text.slice(1);
  const end = /[.!?]$/.test(head) ? '' : '.';
  if (code === 'DUPLICATE_KEY') return `${head}${end} Each key may appear only once.`;
  if (code === 'TAB_AS_INDENT') return `${head}${end} Indent YAML with spaces, not tabs.`;
  const pair = KEY_VALUE.exec(line);
  // `title: Kankan : atelier` or `title: Almaty: a seminar`: YAML reads the second colon as a new key.
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && pair && /:(\s|$)/.test(pair[2]!)) {
    return `The YAML could not be read: the value of \`${pair[1]}\` contains a colon followed by a space, which YAML reads as the start of another key. Put the value in quotes: ${pair[1]}: ${quoted(pair[2]!)}`;
  }
  // `title: "The "Meyerim" foundation"`: the inner quote ends the value.
  if (pair && /^"/.test(pair[2]!) && (pair[2]!.replace(/\\"/g, '').match(/"/g)?.length ?? 0) > 2) {
    return `The YAML could not be read: the value of \`${pair[1]}\` has a double quote inside double quotes, which ends it early. Write the inner quotes as “ ” (or « »), or put the value in single quotes.`;
  }
  return `The YAML could not be read: ${head}${end}`;
}

/** A YAML value in quotes: double quotes unless it holds some, then single quotes (doubled inside). */
function quoted(value: string): string {
  return value.includes('"') ? `'${value.replace(/'/g, "''")}'` : `"${value.replace(/\\/g, '\\\\')}"`;
}

/** The deepest nesting of flow collections ([ and {) and where it happens. */
function nestingDepth(text: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let offset = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth > max) {
        max = depth;
        offset = i;
      }
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    else if (ch === '\n') quote = undefined;
  }
  return { depth: max, offset };
}

/** An unclosed quote is reported where the text ends; the author needs the place where it opens. */
function errorOffset(text: string, code: string, message: string, offset: number): number {
  if (code !== 'MISSING_CHAR' || !/quote/i.test(message)) return offset;
  const lines = text.slice(0, offset).split('\n');
  let start = 0;
  const opens: number[] = [];
  for (const line of lines) {
    const m = /^(\s*(?:-\s+)?(?:[^\s:#"'][^:#]*:\s+)?)(["'])/.exec(line);
    if (m) {
      const rest = line.slice(m[1]!.length + 1);
      const closed = m[2] === '"' ? /(^|[^\\])"/.test(rest) : rest.includes("'");
      if (!closed) opens.push(start + m[1]!.length);
    }
    start += line.length + 1;
  }
  return opens.length > 0 ? opens[opens.length - 1]! : offset;
}

function aliasOffset(doc: Document.Parsed, name: string): number {
  let found = 0;
  visit(doc, {
    Alias(_key, node) {
      if (found === 0 && node.source === name.replace(/^\*/, '') && node.range) found = node.range[0];
    },
  });
  return found;
}

/** Control characters and direction overrides have no place in a value: line breaks and tabs are fine. */
const CONTROL_IN_VALUE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u;

/**
 * Values holding control characters (an escape sequence, a NUL, a bell) or bidirectional overrides: they reach
 * the terminal, the HTML and the PDF's text and outline, where an override reverses what follows it. Written
 * in YAML as `"\e[2J"` or pasted in by accident; one error per value, at the value.
 */
export function reportControlCharacters(yaml: PositionedYaml, sink: DiagnosticSink): void {
  visit(yaml.doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.range) return;
      const m = CONTROL_IN_VALUE.exec(node.value);
      if (!m) return;
      const code = codePointName(m[0]);
      const what = /[\u202a-\u202e]/u.test(m[0]) ? 'a direction override' : 'a control character';
      sink.error('content/control-character', `This value holds ${what} (${code}), which would reach the printed text and the terminal. Delete it: retype the value if you cannot see it.`, yaml.at(node.range[0]));
    },
  });
}
