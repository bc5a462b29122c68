/**
 * YAML with positions. Everything the user wrote is parsed with the `yaml` package's LineCounter so that
 * every diagnostic can point at the key or value it is about.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Position } from '../diagnostics.js';

export interface PositionedYaml {
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

export function parseYamlWithPositions(
  text: string,
  options: { lineOffset?: number; firstLineColumnOffset?: number } = {},
): PositionedYaml {
  const lineOffset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line + lineOffset, column: p.col };
  };
  const problems: PositionedYaml['problems'] = [];
  for (const e of doc.errors) {
    const message = yamlMessage(e.code, e.message);
    problems.push({ message, at: at(e.pos[0]), ruleId: e.code === 'DUPLICATE_KEY' ? 'yaml/duplicate-key' : 'yaml/syntax' });
  }
  let data: unknown;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      problems.push({
        ruleId: 'yaml/alias-limit',
        message:
          'The YAML uses aliases (*name) that expand to too much data, which looks like a resource exhaustion attack. Write the values out instead of using anchors and aliases.',
        at: at(0),
      });
      void err;
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
  return { doc, data, problems, at, nodeAt };
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

function yamlMessage(code: string, message: string): string {
  // The yaml package's messages are good; strip its trailing position, which we report ourselves.
  const text = message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
  const head = text.charAt(0).toUpperCase() + text.slice(1);
  const end = /[.!?]$/.test(head) ? '' : '.';
  if (code === 'DUPLICATE_KEY') return `${head}${end} Each key may appear only once.`;
  if (code === 'TAB_AS_INDENT') return `${head}${end} Indent YAML with spaces, not tabs.`;
  return `The YAML could not be read: ${head}${end}`;
}
