import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseMarkdownWithFullGfm } from '../../src/markdown/parse.js';
import { random } from '../helpers/random.js';

const root = path.resolve(__dirname, '../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(dir, name));
}

// Pieces of Markdown that meet every construct GFM has, the characters its literal autolinks look at
// (`w`, `h`, `.`, `:`, `/`, `-`, `_`, `+`) and those of a table's delimiter row (`|`, `:`, `-`), but never
// `@`, `://` or `www.` whole.
const PIECES = [
  'word', 'Www', 'http', 'https', 'mailto', 'xmpp', 'ww', 'w.w', 'h:', ':/', '/', '.', '-', '_', '+', ':',
  '*', '**', '_', '~', '~~', '`', '```', '[', ']', '(', ')', '![', '](', '"', "'", '<', '>', '&amp;', '&#64;',
  '\\', '|', '| --- |', '#', '> ', '- ', '1. ', '- [ ] ', '- [x] ', '[^1]', '[^1]: ', '[a]: /b', '    ',
  ' ', ' ', ' ', '\n', '\n', '\n\n', 'é', 'Жд', 'ق', '2014', 'example.org', 'a_b_c', '*a*', '~~s~~',
  '&', '&amp', '&#64;', '&#x40;', '&commat;', '&colon;', '&sol;', '&period;', '&#46;', 'Q&A',
  ':-', '-:', ':---:', '\n:-\n', '\n--:\n', '\n---\n', '\n- - -\n', '&#124;', '&vert;', '\\|',
];

/** The pieces without `|`: texts made of them still meet everything else a table's delimiter row is made of. */
const PIECES_WITHOUT_PIPE = PIECES.filter((p) => !p.includes('|'));

function generated(count: number, seed: number, pieces = PIECES): string[] {
  const next = random(seed);
  const texts: string[] = [];
  while (texts.length < count) {
    const length = 5 + Math.floor(next() * 120);
    let text = '';
    for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
    texts.push(text);
  }
  return texts;
}

// Texts with one of these, as typed, may hold a literal autolink. The others are compared whole, including
// those that spell one with character references: parseMarkdown must notice those by itself.
const hasTrigger = (text: string): boolean => /@|:\/\/|www\./i.test(text);

describe('parseMarkdown', () => {
  it('gives the same tree as full GFM, positions included, for every Markdown file of the project', () => {
    const files = [...markdownFiles(path.join(root, 'examples')), ...markdownFiles(path.join(root, 'test', 'fixtures')), path.join(root, 'README.md')];
    expect(files.length).toBeGreaterThan(20);
    let fast = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!hasTrigger(text)) fast++;
      expect(parseMarkdown(text), file).toEqual(parseMarkdownWithFullGfm(text));
    }
    // The comparison means something only if the short way was taken for some of them.
    expect(fast).toBeGreaterThan(10);
  });

  it('gives the same tree as full GFM for thousands of generated texts without an autolink', () => {
    const texts = generated(1500, 20261128).filter((t) => !hasTrigger(t));
    expect(texts.length).toBeGreaterThan(1000);
    for (const text of texts) expect(parseMarkdown(text), JSON.stringify(text)).toEqual(parseMarkdownWithFullGfm(text));
  });

  it('gives the same tree as full GFM for thousands of generated texts without a `|`, some of them tables', () => {
    const texts = generated(1500, 20261129, PIECES_WITHOUT_PIPE).filter((t) => !hasTrigger(t));
    expect(texts.length).toBeGreaterThan(1000);
    let tables = 0;
    let withoutTables = 0;
    for (const text of texts) {
      const full = parseMarkdownWithFullGfm(text);
      if (JSON.stringify(full).includes('"type":"table"')) tables++;
      if (!/:-|-:/.test(text)) withoutTables++;
      expect(parseMarkdown(text), JSON.stringify(text)).toEqual(full);
    }
    // Both ways are taken: texts that cannot hold a table, and tables made without a pipe.
    expect(withoutTables).toBeGreaterThan(100);
    expect(tables).toBeGreaterThan(10);
  });

  it('still finds a table of one column written without a pipe', () => {
    const tree = parseMarkdown('Region\n:-\nNorth\n');
    expect(tree.children.map((c) => c.type)).toEqual(['table']);
  });

  it('still finds literal autolinks: addresses, web addresses and www in any case', () => {
    const links = (text: string): string[] => {
      const out: string[] = [];
      const walk = (node: { type: string; url?: string; children?: unknown[] }): void => {
        if (node.type === 'link') out.push(node.url!);
        for (const c of node.children ?? []) walk(c as typeof node);
      };
      walk(parseMarkdown(text) as never);
      return out;
    };
    expect(links('Write to office@example.org today.')).toEqual(['mailto:office@example.org']);
    expect(links('See https://example.org/a_b.')).toEqual(['https://example.org/a_b']);
    expect(links('See WWW.Example.org now')).toEqual(['http://WWW.Example.org']);
  });
});
