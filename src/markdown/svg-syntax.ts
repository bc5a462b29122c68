/**
 * Whether an SVG drawing is one a browser shows as a picture. Chrome reads a drawing in an <img> with a strict
 * XML parser and shows a broken-image icon for any error it finds: a root element without
 * xmlns="http://www.w3.org/2000/svg" (common in drawings written by hand), tags that do not match, an
 * entity that XML does not define (`&nbsp;`), a prefix never declared (`xlink:href` without `xmlns:xlink`),
 * an attribute given twice, a bare `&` or `<`, a character that is not UTF-8, an XML declaration after a blank
 * line. Entity declarations (a DOCTYPE with an internal subset) are refused too: a drawing never needs them,
 * and they are how a small file expands to gigabytes (a "billion laughs"). The drawing is scanned once from
 * start to end, without backtracking, so no file makes the check slow.
 */
import { decodeText } from '../util/read-text.js';

export interface SvgSyntaxProblem {
  /** `cut-short`: the file ends inside an element; `entities`: a DOCTYPE declares entities; `namespace`: the root is not an SVG element. */
  kind: 'cut-short' | 'entities' | 'namespace' | 'encoding' | 'syntax';
  /** Where, in the drawing's own file. */
  line: number;
  column: number;
  /** What is wrong, in a user's words (no trailing period). */
  detail: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*`, 'uy');
const SPACE = /[ \t\r\n]*/y;
/** `<!DOCTYPE svg>`, or with a public or system identifier; then `>`, or `[` for declarations. */
const DOCTYPE = new RegExp(
  `<!DOCTYPE[ \\t\\r\\n]+${NAME.source}(?:[ \\t\\r\\n]+(?:SYSTEM|PUBLIC[ \\t\\r\\n]+(?:"[-'()+,./:=?;!*#@$_%a-zA-Z0-9 \\r\\n]*"|'[-()+,./:=?;!*#@$_%a-zA-Z0-9 \\r\\n]*'))[ \\t\\r\\n]+(?:"[^"<&>]*"|'[^'<&>]*'))?[ \\t\\r\\n]*([[>])`,
  'uy',
);
/** Characters XML 1.0 does not allow anywhere, not even as a reference. */
const NOT_XML_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const REFERENCE = /&(?:#([0-9]{1,8})|#x([0-9a-fA-F]{1,8})|([^\s&;<>"'#][^\s&;<>"']{0,39}));/y;
const XML_DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[^"<&]*"|'[^'<&]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>$/;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

class Stop extends Error {
  constructor(
    readonly kind: SvgSyntaxProblem['kind'],
    readonly at: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function svgSyntaxProblem(bytes: Uint8Array): SvgSyntaxProblem | undefined {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    const detail =
      decoded.ruleId === 'file/binary' ? 'it holds NUL bytes, which no drawing has' : decoded.message.includes('UTF-16') ? 'it is saved as UTF-16, not UTF-8' : 'it is not valid UTF-8 (save it as UTF-8)';
    return { kind: 'encoding', line: decoded.line ?? 1, column: decoded.column ?? 1, detail };
  }
  const s = decoded.text;
  try {
    scan(s);
    return undefined;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    let line = 1;
    let lineStart = 0;
    for (let i = s.indexOf('\n'); i !== -1 && i < err.at; i = s.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { kind: err.kind, line, column: err.at - lineStart + 1, detail: err.detail };
  }
}

function scan(s: string): void {
  const bad = NOT_XML_CHAR.exec(s);
  if (bad) throw new Stop('syntax', bad.index, `it holds the character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which XML does not allow`);
  let pos = 0;
  const cutShort = (): never => {
    throw new Stop('cut-short', s.length, 'it ends before its <svg> element is closed: the file was cut short');
  };
  const syntax = (at: number, detail: string): never => {
    throw new Stop('syntax', at, detail);
  };
  const skipSpace = (): boolean => {
    SPACE.lastIndex = pos;
    SPACE.test(s);
    const moved = SPACE.lastIndex > pos;
    pos = SPACE.lastIndex;
    return moved;
  };
  const name = (): string | undefined => {
    NAME.lastIndex = pos;
    const m = NAME.exec(s);
    if (!m) return undefined;
    pos = NAME.lastIndex;
    return m[0];
  };
  /** Checks the reference that begins at `at` (an `&`); returns where it ends. */
  const reference = (at: number): number => {
    REFERENCE.lastIndex = at;
    const m = REFERENCE.exec(s);
    if (!m) return syntax(at, 'an “&” that begins no reference (write &amp; for an ampersand)');
    if (m[3] !== undefined) {
      if (!PREDEFINED.has(m[3])) syntax(at, `it uses the entity &${m[3]}; which XML does not define (write the character itself, or a numeric reference such as &#160;)`);
      return REFERENCE.lastIndex;
    }
    const code = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2]!, 16);
    const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) syntax(at, `the reference ${m[0]} is not a character XML allows`);
    return REFERENCE.lastIndex;
  };
  const comment = (): void => {
    const end = s.indexOf('-->', pos + 4);
    if (end === -1) cutShort();
    const dashes = s.indexOf('--', pos + 4);
    if (dashes < end || (end > pos + 4 && s[end - 1] === '-')) syntax(dashes < end ? dashes : end - 1, 'a comment holds “--”, which XML does not allow inside comments');
    pos = end + 3;
  };
  const instruction = (): void => {
    const start = pos;
    pos += 2;
    const target = name();
    if (!target) syntax(start, '“<?” must begin a processing instruction');
    if (target!.toLowerCase() === 'xml') syntax(start, 'the XML declaration (<?xml ...?>) must be the very first thing in the file, with nothing before it, not even a blank line');
    const end = s.indexOf('?>', pos);
    if (end === -1) cutShort();
    if (end > pos && !skipSpace()) syntax(pos, `a processing instruction's name must be followed by a space`);
    pos = end + 2;
  };
  // Namespace prefixes in scope: each prefix's bindings, innermost last.
  const bindings = new Map<string, string[]>([['xml', [XML_NS]], ['xmlns', [XMLNS_NS]]]);
  const lookup = (prefix: string): string | undefined => {
    const b = bindings.get(prefix);
    return b && b.length > 0 ? b[b.length - 1] : undefined;
  };
  const split = (qname: string, at: number): [string, string] => {
    const colon = qname.indexOf(':');
    if (colon === -1) return ['', qname];
    if (colon === 0 || colon === qname.length - 1 || qname.indexOf(':', colon + 1) !== -1) syntax(at, `“${qname}” is not a valid name (a colon may only separate a prefix from a name)`);
    return [qname.slice(0, colon), qname.slice(colon + 1)];
  };
  const open: { qname: string; at: number; declared: string[] }[] = [];

  /** A start tag at pos (s[pos] is `<`); true when it closed itself (`/>`). */
  const startTag = (root: boolean): boolean => {
    const start = pos;
    pos++;
    const qname = name();
    if (!qname) syntax(start, 'a “<” that begins no tag (write &lt; for a less-than sign)');
    const attrs: { qname: string; at: number; value: string }[] = [];
    const seen = new Set<string>();
    let selfClosing = false;
    for (;;) {
      const spaced = skipSpace();
      if (pos >= s.length) cutShort();
      if (s.startsWith('/>', pos)) {
        pos += 2;
        selfClosing = true;
        break;
      }
      if (s[pos] === '>') {
        pos++;
        break;
      }
      const at = pos;
      if (!spaced) syntax(at, `a space is needed before the attribute in <${qname!}>`);
      const attr = name();
      if (!attr) syntax(at, `<${qname!}> has something that is not an attribute (name="value")`);
      if (seen.has(attr!)) syntax(at, `<${qname!}> has the attribute ${attr!} twice`);
      seen.add(attr!);
      skipSpace();
      if (s[pos] !== '=') syntax(pos, `the attribute ${attr!} of <${qname!}> has no value (write ${attr!}="...")`);
      pos++;
      skipSpace();
      const quote = s[pos];
      if (quote !== '"' && quote !== "'") syntax(pos, `the value of ${attr!} in <${qname!}> is not in quotes`);
      const end = s.indexOf(quote!, pos + 1);
      if (end === -1) cutShort();
      // Searched in the value only: a search from here to the next one in the file would make a drawing
      // with many attributes and no “&” slow.
      const value = s.slice(pos + 1, end);
      const lt = value.indexOf('<');
      if (lt !== -1) syntax(pos + 1 + lt, `the value of ${attr!} in <${qname!}> holds a “<” (write &lt;)`);
      for (let i = value.indexOf('&'); i !== -1; i = value.indexOf('&', i + 1)) {
        if (reference(pos + 1 + i) > end) syntax(pos + 1 + i, 'an “&” that begins no reference (write &amp; for an ampersand)');
      }
      attrs.push({ qname: attr!, at, value });
      pos = end + 1;
    }
    // Namespaces: declarations first, then every prefix used must be declared, here or around.
    const declared: string[] = [];
    for (const a of attrs) {
      let prefix: string | undefined;
      if (a.qname === 'xmlns') prefix = '';
      else if (a.qname.startsWith('xmlns:')) {
        prefix = a.qname.slice(6);
        split(a.qname, a.at);
        if (prefix === 'xmlns' || (prefix === 'xml') !== (a.value === XML_NS)) syntax(a.at, `${a.qname} may not be declared`);
        if (a.value === '') syntax(a.at, `${a.qname} is declared empty`);
      }
      if (prefix === undefined) continue;
      const stack = bindings.get(prefix);
      if (stack) stack.push(a.value);
      else bindings.set(prefix, [a.value]);
      declared.push(prefix);
    }
    const [prefix, local] = split(qname!, start + 1);
    const ns = lookup(prefix);
    if (prefix && ns === undefined) syntax(start, `the prefix ${prefix}: of <${qname!}> is never declared (add xmlns:${prefix}="..." to the <svg> element)`);
    const expanded = new Set<string>();
    for (const a of attrs) {
      if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) continue;
      const [p, l] = split(a.qname, a.at);
      if (!p) continue;
      const u = lookup(p);
      if (u === undefined) {
        const known = p === 'xlink' ? ' (add xmlns:xlink="http://www.w3.org/1999/xlink" to the <svg> element)' : ` (add xmlns:${p}="..." to the <svg> element)`;
        syntax(a.at, `the prefix ${p}: of the attribute ${a.qname} is never declared${known}`);
      }
      if (expanded.has(`${u} ${l}`)) syntax(a.at, `<${qname!}> has the attribute ${l} twice, under two prefixes`);
      expanded.add(`${u} ${l}`);
    }
    if (root && (local !== 'svg' || ns !== SVG_NS)) {
      const detail =
        local !== 'svg'
          ? `it does not begin with an <svg> element but with <${qname!}>`
          : ns === undefined || ns === ''
            ? `its <svg> element has no xmlns="${SVG_NS}"`
            : `its <svg> element's namespace is “${ns}”, not ${SVG_NS}`;
      throw new Stop('namespace', start, detail);
    }
    if (selfClosing) {
      for (const p of declared) bindings.get(p)!.pop();
    } else {
      open.push({ qname: qname!, at: start, declared });
    }
    return selfClosing;
  };

  // The XML declaration, only at the very start, exactly as XML spells it.
  if (/^<\?xml[ \t\r\n]/.test(s)) {
    const end = s.indexOf('?>');
    if (end === -1) cutShort();
    if (end > 300 || !XML_DECLARATION.test(s.slice(0, end + 2))) syntax(0, 'its XML declaration (<?xml ...?>) is not well-formed: it should read <?xml version="1.0" encoding="UTF-8"?>');
    pos = end + 2;
  }
  // Before the root: space, comments, instructions and one DOCTYPE without declarations.
  let doctype = false;
  for (;;) {
    skipSpace();
    if (pos >= s.length) syntax(pos, 'it has no <svg> element');
    if (s.startsWith('<!--', pos)) comment();
    else if (s.startsWith('<?', pos)) instruction();
    else if (s.startsWith('<!DOCTYPE', pos)) {
      if (doctype) syntax(pos, 'it has two DOCTYPE declarations');
      doctype = true;
      const start = pos;
      DOCTYPE.lastIndex = pos;
      const m = DOCTYPE.exec(s);
      if (m?.[1] === '>') {
        pos = DOCTYPE.lastIndex;
        continue;
      }
      // Declarations inside [...], or a DOCTYPE that is not one: say which.
      let quote = '';
      for (pos += 9; pos < s.length; pos++) {
        const c = s[pos];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '[') throw new Stop('entities', start, 'its DOCTYPE declares entities or other definitions (a [...] part)');
        else if (c === '>') break;
      }
      if (pos >= s.length) cutShort();
      syntax(start, 'its DOCTYPE is not well-formed (a drawing needs none: delete it)');
    } else if (s[pos] === '<' && s[pos + 1] !== '!' && s[pos + 1] !== '/') break;
    else syntax(pos, 'it has text or markup before its <svg> element');
  }
  // The root element and everything in it.
  if (startTag(true)) open.length = 0;
  const nextMarkup = /[<&]/g;
  let cdataEnd = -2; // the next “]]>” at or after pos, -1 for none
  while (open.length > 0) {
    nextMarkup.lastIndex = pos;
    const m = nextMarkup.exec(s);
    const next = m ? m.index : s.length;
    if (cdataEnd !== -1 && cdataEnd < pos) cdataEnd = s.indexOf(']]>', pos);
    if (cdataEnd !== -1 && cdataEnd < next) syntax(cdataEnd, '“]]>” in text, which XML does not allow (write ]]&gt;)');
    if (!m) cutShort();
    pos = next;
    if (s[pos] === '&') {
      pos = reference(pos);
      continue;
    }
    if (s.startsWith('</', pos)) {
      const start = pos;
      pos += 2;
      const qname = name();
      skipSpace();
      if (pos >= s.length) cutShort();
      if (!qname || s[pos] !== '>') syntax(start, 'a closing tag that is not one (</name>)');
      const top = open.pop()!;
      if (qname !== top.qname) syntax(start, `</${qname!}> closes <${top.qname}>, which needs </${top.qname}> first`);
      for (const p of top.declared) bindings.get(p)!.pop();
      pos++;
    } else if (s.startsWith('<!--', pos)) comment();
    else if (s.startsWith('<![CDATA[', pos)) {
      const end = s.indexOf(']]>', pos + 9);
      if (end === -1) cutShort();
      pos = end + 3;
    } else if (s.startsWith('<?', pos)) instruction();
    else if (s.startsWith('<!', pos)) syntax(pos, 'a declaration (<!...>) inside the drawing');
    else startTag(false);
  }
  // After the root: only space, comments and instructions.
  for (;;) {
    skipSpace();
    if (pos >= s.length) return;
    if (s.startsWith('<!--', pos)) comment();
    else if (s.startsWith('<?', pos)) instruction();
    else syntax(pos, 'it goes on after its <svg> element is closed');
  }
}
