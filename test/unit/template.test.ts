import { describe, expect, it } from 'vitest';
import { cssString, keepCompounds } from '../../src/render/template.js';

describe('cssString', () => {
  it('quotes plain text', () => {
    expect(cssString('Counter-Trafficking Bulletin')).toBe('"Counter-Trafficking Bulletin"');
    expect(cssString(42)).toBe('"42"');
    expect(cssString(undefined)).toBe('""');
    expect(cssString(null)).toBe('""');
  });

  it('escapes double quotes and backslashes', () => {
    expect(cssString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });

  it('turns LF and CRLF into the CSS line-break escape', () => {
    expect(cssString('one\ntwo\r\nthree')).toBe('"one\\a two\\a three"');
  });

  it('cannot close the <style> element', () => {
    const out = cssString('x</style><script>alert(1)</script>');
    expect(out).not.toMatch(/[<>]/);
    expect(out).toBe('"x\\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e "');
  });

  it('cannot close the string early', () => {
    const out = cssString('a\\"; } body { display: none');
    // Every quote inside is preceded by an odd number of backslashes.
    const inner = out.slice(1, -1);
    expect(inner).toBe('a\\\\\\"; } body { display: none');
    expect(/(^|[^\\])(\\\\)*"/.test(inner)).toBe(false);
  });

  it('escapes a lone carriage return and a form feed', () => {
    expect(cssString('a\rb\fc')).not.toMatch(/[\r\f]/);
  });
});

describe('keepCompounds', () => {
  it('wraps a hyphenated compound in a nowrap span', () => {
    expect(keepCompounds('Support for non-government organisations')).toBe(
      'Support for <span class="nowrap">non-government</span> organisations',
    );
  });

  it('wraps compounds of several parts, letters of any script and digits', () => {
    expect(keepCompounds('A 2014-2015 follow-up-plan in Улан-Удэ')).toBe(
      'A <span class="nowrap">2014-2015</span> <span class="nowrap">follow-up-plan</span> in <span class="nowrap">Улан-Удэ</span>',
    );
  });

  it('leaves compounds longer than 24 characters breakable', () => {
    expect(keepCompounds('an anti-trafficking-awareness-raising campaign')).toBe('an anti-trafficking-awareness-raising campaign');
  });

  it('escapes HTML', () => {
    expect(keepCompounds(`<b>"Tom" & 'Jerry'</b>`)).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
    expect(keepCompounds('<script>x-y</script>')).toBe('&lt;script&gt;<span class="nowrap">x-y</span>&lt;/script&gt;');
  });

  it('turns undefined into an empty string', () => {
    expect(keepCompounds(undefined)).toBe('');
  });
});
