import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { combineExtensions as combine } from 'micromark-util-combine-extensions';
import { describe, expect, it } from 'vitest';
import { combineExtensions } from '../../src/bundle/combine-extensions-once.js';

// micromark's own constructs stand first in the list its parser combines, as here.
const base = { text: { 42: [{ name: 'star', tokenize: () => () => undefined }] } };

describe('combineExtensions, remembered (the command-line bundle gives it to micromark)', () => {
  const footnote = gfmFootnote();
  const strike = gfmStrikethrough();
  const table = gfmTable();

  it('gives what micromark-util-combine-extensions gives', () => {
    expect(combineExtensions([base, footnote, strike, table])).toEqual(combine([base, footnote, strike, table]));
  });

  it('gives the same table again for the same extensions, in a new list', () => {
    const first = combineExtensions([base, footnote, strike]);
    expect(combineExtensions([base, footnote, strike])).toBe(first);
  });

  it('combines other extensions, or the same in another order, anew', () => {
    const some = combineExtensions([base, footnote, strike]);
    const more = combineExtensions([base, footnote, strike, table]);
    const reordered = combineExtensions([base, strike, footnote]);
    expect(more).not.toBe(some);
    expect(reordered).not.toBe(some);
    expect(more).toEqual(combine([base, footnote, strike, table]));
    expect(reordered).toEqual(combine([base, strike, footnote]));
    // A list that is the start of a longer one combined before is not taken for it.
    expect(combineExtensions([base, footnote])).toEqual(combine([base, footnote]));
  });

  it('combines extension objects made anew anew', () => {
    const again = gfmStrikethrough();
    const a = combineExtensions([base, strike]);
    const b = combineExtensions([base, again]);
    expect(b).not.toBe(a);
    expect(b).toEqual(combine([base, again]));
  });
});
