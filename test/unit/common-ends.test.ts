import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonEnds } from '../../src/output/chrome.js';

describe('commonEnds (what the preview sends of a changed body)', () => {
  it('finds the shared start and end around one edit', () => {
    expect(commonEnds('<p>The key stakeholders</p>', '<p>The main stakeholders</p>')).toEqual([7, 17]);
    expect(commonEnds('aaa', 'aaaa')).toEqual([3, 0]);
    expect(commonEnds('', 'x')).toEqual([0, 0]);
  });

  it('rebuilds the new string from the old one and the changed middle, and never overlaps', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (p, x, y, s) => {
        const a = p + x + s;
        const b = p + y + s;
        const [prefix, suffix] = commonEnds(a, b);
        expect(prefix + suffix).toBeLessThanOrEqual(Math.min(a.length, b.length));
        const middle = b.slice(prefix, b.length - suffix);
        expect(a.slice(0, prefix) + middle + a.slice(a.length - suffix)).toBe(b);
      }),
    );
  });
});
