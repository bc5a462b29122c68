/**
 * The Markdown parser of reports: remark-parse with GitHub Flavored Markdown (tables, footnotes,
 * strikethrough, task lists and literal autolinks such as `www.example.org`), as remark-gfm sets it up.
 *
 * Two of GFM's constructs are tried where nearly every report has nothing for them, and cost more than
 * the rest of GFM together:
 *
 * - literal autolinks: their tokenizer starts at every letter and digit of the text, in case an e-mail
 *   address begins there, and a second pass looks for them again in the tree. A text that holds no `@`,
 *   no `://` and no `www.` (nor a character reference that could spell one) cannot contain one;
 * - tables: their tokenizer starts at every line of every paragraph, in case it is a table's head, and reads
 *   the next line as a delimiter row. A delimiter row needs a `|`, or a `:` next to a `-` (`a` over `:-` is a
 *   table of one column), so a text with neither cannot contain a table.
 *
 * A text is parsed without what it cannot contain, which gives the same tree (positions included) in about
 * half the time for a report of plain paragraphs; any other text gets that part of GFM as usual.
 * test/unit/parse.test.ts compares the short ways with the whole of GFM.
 */
import type { Root } from 'mdast';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

/** GFM as remark-gfm adds it, less literal autolinks and, unless `table`, tables; only what parsing needs. */
function remarkGfmWithout(options: { table: boolean }) {
  return function (this: Processor): void {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), ...(options.table ? [gfmTable()] : []), gfmTaskListItem());
    (data.fromMarkdownExtensions ??= []).push(
      gfmFootnoteFromMarkdown(),
      gfmStrikethroughFromMarkdown(),
      ...(options.table ? [gfmTableFromMarkdown()] : []),
      gfmTaskListItemFromMarkdown(),
    );
  };
}

const fullParser = unified().use(remarkParse).use(remarkGfm);
const parserWithoutLiteralAutolinks = unified().use(remarkParse).use(remarkGfmWithout({ table: true }));
const parserWithoutLiteralAutolinksOrTables = unified().use(remarkParse).use(remarkGfmWithout({ table: false }));

/**
 * What every literal autolink holds: `@` (e-mail, `mailto:`, `xmpp:`), `://` (`http://`, `https://`) or
 * `www.` in any case. Without one of them, neither the tokenizer nor the tree pass can match. The tree pass
 * reads text with its character references decoded (`word&#64;example.org` is an address to it), so a numeric
 * reference, or a named one for `@`, `:`, `/` or `.`, takes the whole of GFM too.
 */
export const MAY_HOLD_LITERAL_AUTOLINK = /@|:\/\/|www\.|&#|&(?:commat|colon|sol|period);/i;

/**
 * What every table's delimiter row holds: a `|`, or an alignment colon against a dash. Character references
 * do not count here: a table is made of the characters as typed.
 */
const MAY_HOLD_TABLE = /\||:-|-:/;

/** The mdast tree of a report's Markdown, with GFM. */
export function parseMarkdown(text: string): Root {
  if (MAY_HOLD_LITERAL_AUTOLINK.test(text)) return fullParser.parse(text);
  return (MAY_HOLD_TABLE.test(text) ? parserWithoutLiteralAutolinks : parserWithoutLiteralAutolinksOrTables).parse(text);
}

/** The parser with all of GFM, whatever the text: for tests that compare the two. */
export function parseMarkdownWithFullGfm(text: string): Root {
  return fullParser.parse(text);
}
