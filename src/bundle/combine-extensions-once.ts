/**
 * micromark's `combineExtensions`, remembering what it made: the command-line bundle (see bundle.cts) gives
 * this module to micromark's parser in place of micromark-util-combine-extensions.
 *
 * micromark merges its own constructs with the extensions' (GFM's, for bulletin) at the start of every
 * document it parses: for a report of a few paragraphs, that merge costs a tenth of the parse. The same
 * extension objects always give the same merged table, and nothing in micromark changes that table, so it is
 * made once per list of extensions and kept (under those objects, so nothing outlives them). Lint of 1,000
 * reports took 6 to 9% less time with it. The tests of the command line (lint, build, preview) parse through
 * it; test/unit/combine-extensions-once.test.ts holds it to the package's own function.
 */
import { combineExtensions as combine, combineHtmlExtensions } from 'micromark-util-combine-extensions';
import type { Extension, NormalizedExtension } from 'micromark-util-types';

interface Node {
  next: WeakMap<Extension, Node>;
  combined?: NormalizedExtension;
}

const root: Node = { next: new WeakMap() };

export function combineExtensions(extensions: readonly Extension[]): NormalizedExtension {
  let node = root;
  for (const extension of extensions) {
    let next = node.next.get(extension);
    if (!next) node.next.set(extension, (next = { next: new WeakMap() }));
    node = next;
  }
  return (node.combined ??= combine(extensions));
}

export { combineHtmlExtensions };
