/**
 * Markdown that no report needs and that makes the parser slow or deep: lists or block quotes nested
 * hundreds of levels, thousands of unclosed brackets, runs of thousands of `*`. The parser's time grows
 * faster than the length of such text (a 1 MB list nested 1,000 levels took 85 s; 10,000 nested quotes
 * overflowed the stack), so one hostile report could stall CI. Found by one linear scan, before parsing.
 */

/** Indentation, in columns, that only lists nested some 60 levels reach (code is never indented that far). */
const MAX_INDENT = 240;
/** Block quotes inside block quotes. */
const MAX_QUOTE_DEPTH = 32;
/** `[` opened and not yet closed, within a paragraph. */
const MAX_OPEN_BRACKETS = 256;
/** A run of `*` or `_` inside text (a line of them alone is a rule, and cheap). */
const MAX_DELIMITER_RUN = 128;

export interface ComplexityProblem {
  /** 1-based, within the body. */
  line: number;
  column: number;
  message: string;
}

export function complexityProblem(body: string): ComplexityProblem | undefined {
  let line = 1;
  let brackets = 0;
  let bracketLine = 1;
  let bracketColumn = 1;
  for (let start = 0; start <= body.length; line++) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    const text = body.slice(start, end);
    start = end + 1;
    if (text.trim() === '') {
      brackets = 0; // a blank line ends the paragraph: its brackets can no longer close
      if (end === body.length) break;
      continue;
    }
    // Leading indentation and quote markers.
    let indent = 0;
    let quotes = 0;
    let i = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === ' ') indent++;
      else if (c === '\t') indent += 4 - (indent % 4);
      else if (c === '>') quotes++;
      else if ((c === '-' || c === '*' || c === '+') && text[i + 1] === ' ') {
        indent += 2; // a list marker opens one more level
        i++;
      } else break;
      if (indent > MAX_INDENT) {
        return { line, column: i + 1, message: `The text is indented more than ${MAX_INDENT} columns here (lists nested dozens of levels deep), more than any report needs and more than the Markdown parser handles in reasonable time. Flatten the list.` };
      }
      if (quotes > MAX_QUOTE_DEPTH) {
        return { line, column: i + 1, message: `Block quotes are nested more than ${MAX_QUOTE_DEPTH} deep here (one \`>\` per level), more than any report needs. Remove the extra \`>\`.` };
      }
    }
    let run = 0;
    let runChar = '';
    const onlyDelimiters = /^[\s*_-]*$/.test(text);
    for (let j = 0; j < text.length; j++) {
      const c = text[j]!;
      if (c === '\\') {
        j++;
        run = 0;
        continue;
      }
      if (c === '[') {
        if (brackets === 0) [bracketLine, bracketColumn] = [line, j + 1];
        if (++brackets > MAX_OPEN_BRACKETS) {
          return { line: bracketLine, column: bracketColumn, message: `More than ${MAX_OPEN_BRACKETS} square brackets are opened here without being closed, more than any link needs and more than the Markdown parser handles in reasonable time. Remove the extra \`[\`, or write \\[ for a bracket meant as text.` };
        }
      } else if (c === ']') {
        if (brackets > 0) brackets--;
      }
      if ((c === '*' || c === '_') && !onlyDelimiters) {
        run = c === runChar ? run + 1 : 1;
        runChar = c;
        if (run > MAX_DELIMITER_RUN) {
          return { line, column: j + 2 - run, message: `A run of more than ${MAX_DELIMITER_RUN} \`${c}\` characters here, more than any emphasis needs and more than the Markdown parser handles in reasonable time. Remove them, or write \\${c} for a ${c} meant as text.` };
        }
      } else {
        run = 0;
        runChar = '';
      }
    }
    if (end === body.length) break;
  }
  return undefined;
}
