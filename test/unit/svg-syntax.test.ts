/**
 * The check that an SVG drawing is one a browser shows. Each case below was shown to Chromium 156 in an <img>
 * (as the bulletin embeds drawings: a data: URL): "shows" drew it, "broken" showed the broken-image icon.
 * The check must refuse every broken one and accept every one that shows, except drawings with entity
 * declarations, which it refuses on purpose although Chrome shows the harmless ones.
 */
import { describe, expect, it } from 'vitest';
import { svgSyntaxProblem } from '../../src/markdown/svg-syntax.js';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const R = '<rect width="100" height="100" fill="#c33"/>';
const svg = (inner = R, attrs = '') => `<svg ${NS}${attrs} width="100" height="100">${inner}</svg>`;
const check = (text: string | Buffer) => svgSyntaxProblem(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

const SHOWS: Record<string, string> = {
  plain: svg(),
  'self-closing root': `<svg ${NS} width="100" height="100"/>`,
  'prefixed root': `<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="100" height="100"><svg:rect width="100" height="100"/></svg:svg>`,
  'XML declaration, comment, instruction': `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- licence -->\n<?foo bar?>${svg(`<?inkscape x?>${R}`)}`,
  'single quotes in the declaration': `<?xml version='1.0' encoding='UTF-8'?>${svg()}`,
  'XML 1.1': `<?xml version="1.1"?>${svg()}`,
  'byte-order mark': `\uFEFF<?xml version="1.0"?>${svg()}`,
  'blank lines before the root': `\n\n  ${svg()}`,
  'SVG 1.1 DOCTYPE': `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg()}`,
  'bare DOCTYPE': `<!DOCTYPE svg>${svg()}`,
  'CDATA style sheet': svg(`<style><![CDATA[ rect { fill: #c33 } a<b ]]></style>${R}`),
  'empty comment': svg(`<!---->${R}`),
  'xlink declared on the root': svg('<use xlink:href="#a"/>', ' xmlns:xlink="http://www.w3.org/1999/xlink"'),
  'xlink declared where used': svg('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="#a"/>'),
  'xml: attributes': svg(R, ' xml:lang="en" xml:space="preserve"'),
  'xml prefix declared as itself': svg(R, ' xmlns:xml="http://www.w3.org/XML/1998/namespace"'),
  'nested svg without xmlns': svg(`<svg>${R}</svg>`),
  'references and a lone >': svg('<text>&amp;&lt;&gt;&quot;&apos;&#65;&#x41;&#160; a > b</text>'),
  'escaped ampersand in a link': svg(`<a href="http://x/?a=1&amp;b=2">${R}</a>`),
  'space in a closing tag, tabs and line breaks in a tag': `<svg\n\t${NS}\r\n\twidth = "100"\n\theight='100'>${R}</svg >`,
  'non-ASCII names and text': svg('<g id="é"><text>Қазақстан ✓ 😀</text></g>'),
};

const BROKEN: Record<string, [string, string | RegExp]> = {
  'no xmlns': [`<svg width="100" height="100">${R}</svg>`, 'no xmlns="http://www.w3.org/2000/svg"'],
  'mismatched tags': [svg(`<rect width="100" height="100"><g></rect>`), '</rect> closes <g>, which needs </g> first'],
  'cut short': [`<svg ${NS}>${R}<g>`, 'cut short'],
  'cut short inside a tag': [`<svg ${NS}><rect width="1`, 'cut short'],
  'undeclared xlink': [svg('<use xlink:href="#a"/>'), 'add xmlns:xlink="http://www.w3.org/1999/xlink"'],
  'undeclared element prefix': [svg(`<sodipodi:namedview/>${R}`), 'prefix sodipodi: of <sodipodi:namedview> is never declared'],
  '&nbsp;': [svg('<text>a&nbsp;b</text>'), 'entity &nbsp; which XML does not define'],
  '&nbsp; with the SVG DOCTYPE': [`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg('<text>&nbsp;</text>')}`, '&nbsp;'],
  'bare ampersand': [svg('<text>R&D</text>'), 'write &amp;'],
  'bare ampersand in an attribute': [svg(`<a href="http://x/?a=1&b=2">${R}</a>`), 'write &amp;'],
  '< in an attribute': [svg('<rect title="a<b"/>'), 'holds a “<”'],
  'attribute twice': [`<svg ${NS} width="1" width="2"/>`, 'attribute width twice'],
  'attribute twice under two prefixes': [`<svg ${NS} xmlns:a="http://x" xmlns:b="http://x" a:f="1" b:f="2"/>`, 'twice, under two prefixes'],
  'no space between attributes': [`<svg ${NS} width="1"height="2"/>`, 'a space is needed'],
  'unquoted value': [`<svg ${NS} width=100/>`, 'not in quotes'],
  'attribute without value': [`<svg ${NS} hidden/>`, 'has no value'],
  'two roots': [`${svg()}<svg ${NS}/>`, 'goes on after'],
  'text after the root': [`${svg()}trailing`, 'goes on after'],
  'text before the root': [`hello${svg()}`, 'before its <svg> element'],
  'XML declaration after a blank line': [`\n<?xml version="1.0"?>${svg()}`, 'very first thing in the file'],
  'XML declaration inside': [svg(`<?xml version="1.0"?>${R}`), 'very first thing in the file'],
  'XML declaration with a typo': [`<?xml version="1.0" encodng="UTF-8"?>${svg()}`, 'XML declaration'],
  'XML 2.0': [`<?xml version="2.0"?>${svg()}`, 'XML declaration'],
  '-- in a comment': [svg(`<!-- a -- b -->${R}`), '“--”'],
  'comment ending in --->': [svg(`<!-- a --->${R}`), '“--”'],
  ']]> in text': [svg('<text>a]]>b</text>'), '“]]>”'],
  'space after <': [svg('< rect/>'), 'begins no tag'],
  'name starting with a digit': [svg('<1rect/>'), 'begins no tag'],
  'two colons in a name': [svg('<a:b:c xmlns:a="http://x"/>'), 'not a valid name'],
  'empty prefix declaration': [svg(R, ' xmlns:x=""'), 'declared empty'],
  'upper-case SVG': [`<SVG ${NS}>${R}</SVG>`, 'but with <SVG>'],
  'another namespace': [`<svg xmlns="http://www.w3.org/2000/svg/">${R}</svg>`, 'namespace is “http://www.w3.org/2000/svg/”'],
  '&#0;': [svg('<text>&#0;</text>'), 'not a character XML allows'],
  'surrogate reference': [svg('<text>&#xD800;</text>'), 'not a character XML allows'],
  'reference past Unicode': [svg('<text>&#x110000;</text>'), 'not a character XML allows'],
  '&#X41; (upper-case X)': [svg('<text>&#X41;</text>'), 'begins no reference'],
  'control character': [svg('<text>a\x01b</text>'), 'U+0001'],
  'vertical tab': [svg('<text>a\x0Bb</text>'), 'U+000B'],
  'U+FFFE': [svg('<text>a\uFFFEb</text>'), 'U+FFFE'],
  'DOCTYPE after the root': [`${svg()}<!DOCTYPE svg>`, 'goes on after'],
  'entity declarations': [`<!DOCTYPE svg [<!ENTITY ns "http://www.w3.org/2000/svg">]><svg xmlns="&ns;"/>`, 'DOCTYPE declares entities'],
  'billion laughs': [
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>${svg('<text>&lol9;</text>')}`,
    'DOCTYPE declares entities',
  ],
};

describe('SVG drawings a browser shows', () => {
  for (const [name, text] of Object.entries(SHOWS)) {
    it(`accepts: ${name}`, () => expect(check(text)).toBeUndefined());
  }
});

describe('SVG drawings a browser shows as a broken image', () => {
  for (const [name, [text, detail]] of Object.entries(BROKEN)) {
    it(`refuses: ${name}`, () => {
      const problem = check(text);
      expect(problem, name).toBeDefined();
      expect(problem!.detail).toMatch(detail);
    });
  }

  it('refuses bytes that are not UTF-8, whatever the declaration says', () => {
    const e = Buffer.from([0xe9]);
    expect(check(Buffer.concat([Buffer.from(`<svg ${NS}><text>a`), e, Buffer.from('</text></svg>')]))).toMatchObject({ kind: 'encoding', line: 1, column: 48 });
    const latin1 = Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><svg ${NS}><text>`), e, Buffer.from('</text></svg>')]);
    expect(check(latin1)!.detail).toContain('not valid UTF-8');
    expect(check(Buffer.from(`<svg ${NS}>\0</svg>`))!.detail).toContain('NUL');
  });

  it('says where, as line and column of the drawing', () => {
    expect(check(`<?xml version="1.0"?>\n<svg ${NS}>\n  <g>\n  </rect>\n</svg>`)).toMatchObject({ kind: 'syntax', line: 4, column: 3 });
    expect(check(`<svg width="1"/>`)).toMatchObject({ kind: 'namespace', line: 1, column: 1 });
    expect(check(`<!DOCTYPE svg [\n<!ENTITY a "b">]>\n<svg ${NS}/>`)).toMatchObject({ kind: 'entities', line: 1, column: 1 });
    expect(check(`<svg ${NS}><g>`)).toMatchObject({ kind: 'cut-short' });
  });

  it('stays linear on drawings made to be slow', () => {
    const hostile = [
      `<svg ${NS}>${'<g>'.repeat(300_000)}`, // deep nesting, never closed
      `<svg ${NS}>${'<g xmlns:a="http://x">'.repeat(200_000)}${'</g>'.repeat(200_000)}</svg>`, // a declaration at every level
      `<svg ${NS}>${'<![CDATA[ ]]>'.repeat(200_000)}${'a'.repeat(1_000_000)}</svg>`, // many ]]> to look for
      `<svg ${NS}><text>${'&amp;'.repeat(500_000)}</text></svg>`,
      `<svg ${NS} ${Array.from({ length: 50_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`, // many attributes
      `<?xml version="1.0"${' '.repeat(1_000_000)}?><svg ${NS}/>`,
      `<!DOCTYPE svg${' '.repeat(1_000_000)}`,
    ];
    for (const text of hostile) {
      const t0 = performance.now();
      check(text);
      expect(performance.now() - t0, text.slice(0, 40)).toBeLessThan(2000);
    }
  });
});
