/**
 * The Markdown parser of reports: remark-parse with GitHub Flavored Markdown (tables, footnotes,
 * strikethrough, task lists and literal autolinks such as `www.example.org`), as remark-gfm sets it up.
 *
 * GFM's literal autolinks cost more than everything else it adds together: their tokenizer starts at every
 * letter and digit of the text, in case an e-mail address begins there, and then a second pass looks for them
 * again in the tree. A text that holds no `@`, no `://` and no `www.` (nor a character reference that could
 * spell one) cannot contain one, and for it both passes find nothing. Such a text is parsed without them,
 * which gives the same tree (positions included) in about 60% of the time; any other text gets the whole
 * of GFM. test/unit/parse.test.ts compares the two.
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

/** GFM as remark-gfm adds it, less literal autolinks, and only what parsing needs (no serialising). */
function remarkGfmWithoutLiteralAutolinks(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  );
}

const fullParser = unified().use(remarkParse).use(remarkGfm);
const parserWithoutLiteralAutolinks = unified().use(remarkParse).use(remarkGfmWithoutLiteralAutolinks);

/**
 * What every literal autolink holds: `@` (e-mail, `mailto:`, `xmpp:`), `://` (`http://`, `https://`) or
 * `www.` in any case. Without one of them, neither the tokenizer nor the tree pass can match. The tree pass
 * reads text with its character references decoded (`word&#64;example.org` is an address to it), so a numeric
 * reference, or a named one for `@`, `:`, `/` or `.`, takes the whole of GFM too.
 */
const MAY_HOLD_LITERAL_AUTOLINK = /@|:\/\/|www\.|&#|&(?:commat|colon|sol|period);/i;

/** The mdast tree of a report's Markdown, with GFM. */
export function parseMarkdown(text: string): Root {
  return (MAY_HOLD_LITERAL_AUTOLINK.test(text) ? fullParser : parserWithoutLiteralAutolinks).parse(text);
}

/** The parser with all of GFM, whatever the text: for tests that compare the two. */
export function parseMarkdownWithFullGfm(text: string): Root {
  return fullParser.parse(text);
}
