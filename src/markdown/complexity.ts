/**
 * Markdown that no report needs and that makes the parser slow or deep: lists or block quotes nested
 * hundreds of levels, thousands of unclosed brackets, runs of thousands of `*`, hundreds of thousands of lines
 * or marks. The parser's time grows faster than the length of such text (a 1 MB list nested 1,000 levels took
 * 85 s; 10,000 nested quotes overflowed the stack), and its memory grows with every token it makes (some 3 KB
 * a line, 2 to 10 KB a mark: a million one-letter lines, 2 MB, took 45 s and 2.6 GB), so one hostile report
 * could stall CI. Found by one linear scan, before parsing.
 *
 * Each limit is far above what a long report has (test/helpers/long-report.ts, 120 KB of 200 paragraphs with
 * links and code in each, a 300-row table and 100 list items, has 878 lines and 5,600 marks, and is linted in
 * 1.4 s), and low enough that a report at any limit, or at several at once, is linted in 1 to 2.5 s and under
 * 210 MB.
 * Times are of `bulletin lint` of one report on a shared two-core machine, 0.4 s of them Node starting.
 */
import { MAY_HOLD_LITERAL_AUTOLINK } from './parse.js';

/** Indentation, in columns, that only lists nested some 60 levels reach (code is never indented that far). */
const MAX_INDENT = 240;
/** Block quotes inside block quotes. */
const MAX_QUOTE_DEPTH = 32;
/** `[` opened and not yet closed, within a paragraph. */
const MAX_OPEN_BRACKETS = 256;
/** A run of `*` or `_` inside text (a line of them alone is a rule, and cheap). */
const MAX_DELIMITER_RUN = 128;
/**
 * Within one block (up to a blank line): `[` in all, and `*` and `_` in all. The parser matches brackets and
 * emphasis against one another, in time that grows with the square of their number (400 KB of `[a](` took
 * 45 s). A real paragraph has a few dozen.
 */
const MAX_BLOCK_BRACKETS = 1000;
const MAX_BLOCK_DELIMITERS = 2000;
const MAX_ROW_CELLS = 256;
/**
 * Table cells in one report, in all its tables: each costs the parser some 170 µs (10,000 took 2.1 to 2.4 s to
 * lint, and 190 MB). 10,000 is a 500-row table of 20 columns, which prints on some 12 pages.
 */
const MAX_REPORT_CELLS = 10_000;
/** List items in one report: each costs the parser some 400 µs (2,500 took 1.6 s to lint, 60,000 took 12 s to parse). */
const MAX_LIST_ITEMS = 2500;
/** Headings in one report: each costs some 300 µs, with the check of country names in it (30,000 took 17 s). */
const MAX_HEADINGS = 1000;
/**
 * Lines in one report. Every line costs the parser some 100 µs and 3 KB, whatever it holds (10,000 took 1.5 s
 * to lint; a million lines of one letter 45 s and 2.6 GB). A long report has a few hundred lines, a book-length
 * one a few thousand.
 */
const MAX_LINES = 10_000;
/**
 * Marks in one report: the characters the parser makes a token of (`` ` * _ ~ [ ] < & \ @ ``, and `](`,
 * `www.` and `://`). Each costs it 40 to 130 µs and 2 to 10 KB (15,000 took 1.1 to 2.3 s to lint, of any one
 * kind; 1 MB of `&amp;` took 13 s and 880 MB, of `*a*` 29 s and 1.5 GB). A long report with links, emphasis
 * and code in every paragraph has a few thousand.
 */
const MAX_MARKS = 15_000;
/**
 * Block quotes and list levels that the parser goes through on each line, over all lines: a line 31 quotes
 * deep costs it 31 times what a line at the margin does (20,000 such lines took 18 s and 2.1 GB; 510, at the
 * limit, 1.3 s). A quoted passage of 100 lines counts some 200; a three-level list of 300 lines, some 600.
 */
const MAX_NESTED_LINES = 20_000;
/**
 * Characters the parser reads again, in all, for runs of backticks that no run of the same length closes:
 * it reads the rest of the paragraph once for each such run, at some 1.5 µs a character (one paragraph with
 * runs of every length up to 1,000 took 9 s; up to 3,000, minutes; 100 runs before 400 KB, 40 s). A stray
 * backtick reads one paragraph again.
 */
const MAX_CODE_RESCAN = 500_000;
/**
 * Characters the parser reads again, in all, for links (`](`) not closed by a `)`: it reads on to the next
 * `)`, or to the end of the paragraph, for each (1,000 `[a](b (` before 400 KB of text took 16 s). A link read to
 * its `)` reads its address.
 */
const MAX_LINK_RESCAN = 10_000_000;
/**
 * What the parser takes for the whole report, in µs of `bulletin lint`, from what each thing costs it
 * (measured one kind at a time, each near its limit, as above; a character costs three times as much when
 * the text holds a web or e-mail address, for the parser then looks for more of them at every word: 2 MB of
 * prose took 1.5 s, or 2.3 s so). Each limit above alone stays under the budget, but a report near all of
 * them at once took 8 s and 470 MB: the budget bounds the sum. At the budget, a mix of all of them took 2.4 s
 * and 210 MB; the long report of test/helpers/long-report.ts is half of it.
 */
const COST = { line: 100, paragraph: 150, mark: 120, cell: 170, listItem: 400, heading: 150, nested: 40, codeRescan: 1.5, linkRescan: 0.05 };
/** A character, as above: plain text, and text that may hold an address the parser links by itself. */
const BYTE_COST = 0.25;
const BYTE_COST_AUTOLINKS = 0.8;
const MAX_COST = 2_500_000;

export interface ComplexityProblem {
  /** 1-based, within the body. */
  line: number;
  column: number;
  message: string;
}

/**
 * Characters that make a token of the parser's (see MAX_MARKS), by character code: 1 always; 2 a `(` after `]`,
 * 3 a `/` in `://`, 4 the `.` of `www.`.
 */
const MARK_CODES = new Uint8Array(128);
for (const c of '`*_~[]<&\\@') MARK_CODES[c.charCodeAt(0)] = 1;
MARK_CODES['('.charCodeAt(0)] = 2;
MARK_CODES['/'.charCodeAt(0)] = 3;
MARK_CODES['.'.charCodeAt(0)] = 4;

function isMark(text: string, j: number): boolean {
  const code = text.charCodeAt(j);
  switch (code < 128 ? MARK_CODES[code] : 0) {
    case 1:
      return true;
    case 2:
      return text[j - 1] === ']';
    case 3:
      return text[j - 1] === ':' && text[j + 1] === '/';
    case 4:
      return j >= 3 && /^www$/i.test(text.slice(j - 3, j));
    default:
      return false;
  }
}

/** Characters that the scan of a line below does nothing with (1), by character code: all but the marks and `)`. */
const PLAIN = new Uint8Array(128).fill(1);
for (const c of '`*_~[]<&\\@()/.') PLAIN[c.charCodeAt(0)] = 0;

/** Marks of more than one character, by the character they are counted at. */
const MARK_NAMES: Record<string, string> = { '(': '`](`', '/': '`://`', '.': '`www.`', '`': 'backticks', '\\': 'backslashes' };

const n = (x: number): string => x.toLocaleString('en');

export function complexityProblem(body: string): ComplexityProblem | undefined {
  let line = 1;
  let brackets = 0;
  let bracketLine = 1;
  let bracketColumn = 1;
  // Per block, from its first line: all brackets and emphasis delimiters.
  let block = { line: 1, brackets: 0, delimiters: 0 };
  let listItems = 0;
  let headings = 0;
  let reportCells = 0;
  let fence: string | undefined;
  // Per report: marks (and how many of each, to name the commonest), quote and list levels over all lines.
  let marks = 0;
  const markCounts = new Map<string, number>();
  let nestedLines = 0;
  let depth = 0; // of the last line of the block, which a lazy continuation line keeps open
  // Rescans: backtick runs of the block, to pair them at its end; links of the block still waiting for `)`.
  let codeRescan = 0;
  let linkRescan = 0;
  let runs: { offset: number; length: number; line: number; column: number }[] = [];
  let links = { count: 0, offsets: 0, line: 0, column: 0 };
  const tooMany = (what: string, limit: number, advice: string): ComplexityProblem => ({
    line: block.line,
    column: 1,
    message: `This block (from here to the next empty line) has more than ${n(limit)} ${what}, more than any report needs and more than the Markdown parser handles in reasonable time. ${advice}`,
  });
  const mark = (c: string, count: number, j: number): ComplexityProblem | undefined => {
    markCounts.set(c, (markCounts.get(c) ?? 0) + count);
    marks += count;
    if (marks <= MAX_MARKS) return undefined;
    const [most, times] = [...markCounts].sort((a, b) => b[1] - a[1])[0]!;
    return {
      line,
      column: j + 1,
      message: `The report has more than ${n(MAX_MARKS)} Markdown marks (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`, \`<\`, \`&\`, backticks, backslashes, \`@\` and web addresses), ${n(times)} of them ${MARK_NAMES[most] ?? `\`${most}\``}: more than any report needs and more than the Markdown parser handles in reasonable time and memory. Split the report, or remove the marks it does not need.`,
    };
  };
  const closeLinks = (at: number): ComplexityProblem | undefined => {
    linkRescan += links.count * at - links.offsets;
    const opened = links;
    links = { count: 0, offsets: 0, line: 0, column: 0 };
    if (linkRescan <= MAX_LINK_RESCAN) return undefined;
    return {
      line: opened.line,
      column: opened.column,
      message: `A link opened here with \`](\` is not closed by a \`)\` for a long stretch, and the Markdown parser reads on to the next \`)\` (or the end of the paragraph) for each such link: with the others, more than ${n(MAX_LINK_RESCAN)} characters read again, more than it handles in reasonable time. Close each link with \`)\`, or write \\] for a bracket meant as text.`,
    };
  };
  /** At the end of a block (a blank line, a fence, the end): what its backticks and links cost the parser. */
  const endBlock = (at: number): ComplexityProblem | undefined => {
    const problem = closeLinks(at);
    if (problem) return problem;
    // A run is closed by the next run of the same length (what lies between is code); one that has none reads
    // the rest of the block.
    const next = new Array<number>(runs.length);
    const later = new Map<number, number>();
    for (let k = runs.length - 1; k >= 0; k--) {
      next[k] = later.get(runs[k]!.length) ?? -1;
      later.set(runs[k]!.length, k);
    }
    for (let k = 0; k < runs.length; ) {
      if (next[k]! !== -1) {
        k = next[k]! + 1;
        continue;
      }
      const run = runs[k]!;
      codeRescan += at - run.offset;
      if (codeRescan > MAX_CODE_RESCAN) {
        return {
          line: run.line,
          column: run.column,
          message: `${run.length === 1 ? 'A backtick (`) here opens' : `A run of ${run.length} backticks here opens`} code that no run of as many backticks closes, and the Markdown parser reads the rest of the paragraph again for each such run: with the others, more than ${n(MAX_CODE_RESCAN)} characters read again, more than it handles in reasonable time. Close the code with as many backticks as opened it, or write \\\` for a backtick meant as text.`,
        };
      }
      k++;
    }
    runs = [];
    return undefined;
  };
  const byteCost = MAY_HOLD_LITERAL_AUTOLINK.test(body) ? BYTE_COST_AUTOLINKS : BYTE_COST;
  let paragraphs = 0;
  let blank = true; // the line before was empty (or there was none)
  /** The whole report up to `lineStart`, when it costs the parser more than the budget. */
  const overBudget = (lineStart: number): ComplexityProblem | undefined => {
    const cost =
      byteCost * lineStart +
      COST.line * (line - 1) +
      COST.paragraph * paragraphs +
      COST.mark * marks +
      COST.cell * reportCells +
      COST.listItem * listItems +
      COST.heading * headings +
      COST.nested * nestedLines +
      COST.codeRescan * codeRescan +
      COST.linkRescan * linkRescan;
    if (cost <= MAX_COST) return undefined;
    const has = [
      `${n(line - 1)} lines`,
      `${n(paragraphs)} paragraphs`,
      `${(lineStart / 1048576).toFixed(1)} MB`,
      marks > 0 && `${n(marks)} marks (\`*\`, \`[\`, \`&\`, backticks...)`,
      reportCells > 0 && `${n(reportCells)} table cells`,
      listItems > 0 && `${n(listItems)} list items`,
      headings > 0 && `${n(headings)} headings`,
    ].filter((x) => x !== false);
    return {
      line,
      column: 1,
      message: `The report as a whole is more than the Markdown parser handles in a few seconds: up to this line it has ${has.slice(0, -1).join(', ')} and ${has.at(-1)!}${nestedLines > 0 ? ', partly inside quotes or nested lists' : ''} (a long report has a few hundred lines and a few thousand marks). Split it into several reports.`,
    };
  };
  for (let start = 0; start <= body.length; line++) {
    const lineStart = start;
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    if (lineStart < body.length) {
      if (line > MAX_LINES) {
        return { line, column: 1, message: `The report has more than ${n(MAX_LINES)} lines (a long report has a few hundred), more than the Markdown parser handles in reasonable time and memory. Split it into several reports, or move long tables and lists out of it.` };
      }
      const problem = overBudget(lineStart);
      if (problem) return problem;
    }
    const text = body.slice(start, end);
    start = end + 1;
    if (text.trim() === '') {
      brackets = 0; // a blank line ends the paragraph: its brackets can no longer close
      block = { line: line + 1, brackets: 0, delimiters: 0 };
      depth = 0;
      blank = true;
      if (fence === undefined) {
        const problem = endBlock(lineStart);
        if (problem) return problem;
      }
      if (end === body.length) break;
      continue;
    }
    if (blank) paragraphs++;
    blank = false;
    // Fenced code is not read for links or emphasis: nothing in it counts.
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      if (end === body.length) break;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      const problem = endBlock(lineStart);
      if (problem) return problem;
      if (end === body.length) break;
      continue;
    }
    if (/^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])(?:\s|$)/.test(text) && ++listItems > MAX_LIST_ITEMS) {
      return { line, column: 1, message: `The report has more than ${n(MAX_LIST_ITEMS)} list items, more than any report needs and more than the Markdown parser handles in reasonable time. Shorten the list, or attach the data as a file.` };
    }
    let rowCells = 0;
    for (let j = text.indexOf('|'); j !== -1; j = text.indexOf('|', j + 1)) rowCells++;
    if (rowCells > 0 && !/^\s*\|/.test(text)) rowCells++; // `a | b` is two cells
    if (rowCells > MAX_ROW_CELLS) {
      return { line, column: 1, message: `This table row has more than ${MAX_ROW_CELLS} cells, more than a page can print and more than the Markdown parser handles in reasonable time. Split the table.` };
    }
    reportCells += rowCells;
    if (reportCells > MAX_REPORT_CELLS) {
      return { line, column: 1, message: `The report's tables have more than ${n(MAX_REPORT_CELLS)} cells in all (a 500-row table of 20 columns), more than any report needs and more than the Markdown parser handles in reasonable time and memory. Shorten the tables, or attach the data as a file.` };
    }
    if (/^\s*(?:>\s*)*(?:#{1,6}(?:\s|$)|(?:=+|-+)\s*$)/.test(text) && ++headings > MAX_HEADINGS) {
      return { line, column: 1, message: `The report has more than ${n(MAX_HEADINGS)} headings, more than any report needs and more than the Markdown parser handles in reasonable time. Merge sections, or write the lines as text without \`#\`.` };
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
    // A line at the margin that continues a paragraph stays inside the quotes and lists that paragraph is in.
    const own = quotes + Math.ceil(indent / 4);
    if (own > 0 || block.line === line) depth = own;
    nestedLines += depth;
    if (nestedLines > MAX_NESTED_LINES) {
      return { line, column: 1, message: `Block quotes and nested lists add up to more than ${n(MAX_NESTED_LINES)} levels over the report's lines (a line inside 30 quotes counts 30, and so does a line that continues it), more than any report needs and more than the Markdown parser handles in reasonable time and memory. Remove the extra \`>\`, flatten the lists, or end deep quotes with an empty line.` };
    }
    let run = 0;
    let runChar = '';
    const onlyDelimiters = /^[\s*_-]*$/.test(text);
    for (let j = 0; j < text.length; j++) {
      const code = text.charCodeAt(j);
      if (code >= 128 || PLAIN[code] === 1) {
        // Most characters: none of the steps below applies, but each ends a run of `*` or `_`.
        run = 0;
        runChar = '';
        continue;
      }
      const c = text[j]!;
      if (j >= i && isMark(text, j) && !(onlyDelimiters && (c === '*' || c === '_'))) {
        const problem = mark(c, 1, j);
        if (problem) return problem;
      }
      if (c === '\\') {
        j++;
        run = 0;
        continue;
      }
      if (c === '`') {
        let k = j;
        while (text[k + 1] === '`') k++;
        runs.push({ offset: lineStart + j, length: k - j + 1, line, column: j + 1 });
        if (k > j) {
          const problem = mark(c, k - j, j); // the rest of the run
          if (problem) return problem;
        }
        j = k;
        run = 0;
        runChar = '';
        continue;
      }
      if (c === '(' && text[j - 1] === ']') {
        if (links.count === 0) [links.line, links.column] = [line, j];
        links.count++;
        links.offsets += lineStart + j;
      } else if (c === ')' && links.count > 0) {
        const problem = closeLinks(lineStart + j);
        if (problem) return problem;
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
  return (fence === undefined ? endBlock(body.length) : undefined) ?? overBudget(body.length);
}
