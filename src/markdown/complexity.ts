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
/**
 * Within one block (up to a blank line): `[` in all, `*` and `_` in all, and `|` cells. The parser matches
 * brackets and emphasis against one another, in time that grows with the square of their number (400 KB of
 * `[a](` took 45 s), and a table of a million cells ran out of memory. A real paragraph has a few dozen; a
 * 1,000-row table of 20 columns has 20,000 cells and prints on some 25 pages.
 */
const MAX_BLOCK_BRACKETS = 1000;
const MAX_BLOCK_DELIMITERS = 2000;
const MAX_ROW_CELLS = 256;
const MAX_BLOCK_CELLS = 20_000;
/** Table cells in one report, in all its tables (memory grows with them). */
const MAX_REPORT_CELLS = 50_000;
/** List items in one report (60,000 took 12 s to parse). */
const MAX_LIST_ITEMS = 5000;

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
  // Per block, from its first line: all brackets, emphasis delimiters and table cells.
  let block = { line: 1, brackets: 0, delimiters: 0, cells: 0 };
  let listItems = 0;
  let reportCells = 0;
  let fence: string | undefined;
  const tooMany = (what: string, limit: number, advice: string): ComplexityProblem => ({
    line: block.line,
    column: 1,
    message: `This block (from here to the next empty line) has more than ${limit.toLocaleString('en')} ${what}, more than any report needs and more than the Markdown parser handles in reasonable time. ${advice}`,
  });
  for (let start = 0; start <= body.length; line++) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    const text = body.slice(start, end);
    start = end + 1;
    if (text.trim() === '') {
      brackets = 0; // a blank line ends the paragraph: its brackets can no longer close
      block = { line: line + 1, brackets: 0, delimiters: 0, cells: 0 };
      if (end === body.length) break;
      continue;
    }
    // Fenced code is not read for links or emphasis: nothing in it counts.
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      if (end === body.length) break;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      if (end === body.length) break;
      continue;
    }
    if (/^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])(?:\s|$)/.test(text) && ++listItems > MAX_LIST_ITEMS) {
      return { line, column: 1, message: `The report has more than ${MAX_LIST_ITEMS.toLocaleString('en')} list items, more than any report needs and more than the Markdown parser handles in reasonable time. Shorten the list, or attach the data as a file.` };
    }
    let rowCells = 0;
    for (let j = text.indexOf('|'); j !== -1; j = text.indexOf('|', j + 1)) rowCells++;
    if (rowCells > MAX_ROW_CELLS) {
      return { line, column: 1, message: `This table row has more than ${MAX_ROW_CELLS} cells, more than a page can print and more than the Markdown parser handles in reasonable time. Split the table.` };
    }
    block.cells += rowCells;
    reportCells += rowCells;
    if (reportCells > MAX_REPORT_CELLS) {
      return { line, column: 1, message: `The report's tables have more than ${MAX_REPORT_CELLS.toLocaleString('en')} cells in all, more than any report needs and more than the Markdown parser handles in reasonable memory. Shorten the tables, or attach the data as a file.` };
    }
    if (block.cells > MAX_BLOCK_CELLS) return tooMany('table cells', MAX_BLOCK_CELLS, 'Split the table, or attach the data as a file.');
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
        if (++block.brackets > MAX_BLOCK_BRACKETS) return tooMany('square brackets', MAX_BLOCK_BRACKETS, 'Split it with empty lines, or write \\[ for a bracket meant as text.');
        if (brackets === 0) [bracketLine, bracketColumn] = [line, j + 1];
        if (++brackets > MAX_OPEN_BRACKETS) {
          return { line: bracketLine, column: bracketColumn, message: `More than ${MAX_OPEN_BRACKETS} square brackets are opened here without being closed, more than any link needs and more than the Markdown parser handles in reasonable time. Remove the extra \`[\`, or write \\[ for a bracket meant as text.` };
        }
      } else if (c === ']') {
        if (brackets > 0) brackets--;
      }
      if ((c === '*' || c === '_') && !onlyDelimiters) {
        if (++block.delimiters > MAX_BLOCK_DELIMITERS) return tooMany('`*` and `_`', MAX_BLOCK_DELIMITERS, 'Split it with empty lines, or write \\* and \\_ for characters meant as text.');
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
