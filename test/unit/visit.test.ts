import type { Node, Parent } from 'unist';
import { visit as libraryVisit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/markdown/parse.js';
import { EXIT, SKIP, visit } from '../../src/util/visit.js';
import { random } from '../helpers/random.js';

const TYPES = ['a', 'b', 'c'];

function tree(next: () => number, depth: number, counter: { n: number }): Node {
  const node: Node & { id: number; children?: Node[] } = { type: TYPES[Math.floor(next() * TYPES.length)]!, id: counter.n++ };
  if (depth < 4 && next() < 0.6) {
    node.children = Array.from({ length: Math.floor(next() * 4) }, () => tree(next, depth + 1, counter));
  }
  return node;
}

/**
 * A visitor that records what it is given and, decided by the node's id alone (so both walks decide alike),
 * returns each kind of answer and changes the tree as the project's visitors do: removes the node and goes on
 * at its index, inserts a node before or after it, replaces its children.
 */
function visitor(log: unknown[]) {
  return (node: Node, index: number | undefined, parent: Parent | undefined): unknown => {
    const id = (node as unknown as { id: number }).id;
    log.push([id, node.type, index, parent ? (parent as unknown as { id: number }).id : null]);
    switch (id % 11) {
      case 1:
        return SKIP;
      case 2:
        if (parent && index !== undefined) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        return undefined;
      case 3:
        return id % 7 === 0 ? EXIT : undefined;
      case 4:
        if (parent && index !== undefined) {
          parent.children.splice(index + 1, 0, { type: 'c', id: id + 10_000 } as Node);
          return index + 2;
        }
        return undefined;
      case 5:
        return [SKIP];
      case 6:
        if ((node as Parent).children) (node as Parent).children = [{ type: 'b', id: id + 20_000 } as Node];
        return true;
      case 7:
        return null;
      default:
        return undefined;
    }
  };
}

describe('visit', () => {
  it('walks, answers and changes trees exactly as unist-util-visit does', () => {
    const next = random(7);
    for (let round = 0; round < 2000; round++) {
      const original = tree(next, 0, { n: 0 });
      const type = next() < 0.5 ? TYPES[Math.floor(next() * TYPES.length)] : undefined;
      const ours = structuredClone(original);
      const theirs = structuredClone(original);
      const ourLog: unknown[] = [];
      const theirLog: unknown[] = [];
      if (type) {
        visit(ours, type, visitor(ourLog) as never);
        libraryVisit(theirs, type, visitor(theirLog) as never);
      } else {
        visit(ours, visitor(ourLog) as never);
        libraryVisit(theirs, visitor(theirLog) as never);
      }
      expect(ourLog).toEqual(theirLog);
      expect(ours).toEqual(theirs);
    }
  });

  it('visits the nodes of a Markdown tree in the same order, with the same index and parent', () => {
    const mdast = parseMarkdown('# Title\n\nSome *text* with [a link](https://example.org) and ![a photo](p.jpg "Caption").\n\n- one\n- two **bold**\n\n| a | b |\n| - | - |\n| 1 | 2 |\n');
    const walked = (walk: typeof visit): unknown[] => {
      const log: unknown[] = [];
      walk(mdast, (node, index, parent) => {
        log.push([node, index, parent]);
      });
      return log;
    };
    const ours = walked(visit);
    expect(ours.length).toBeGreaterThan(20);
    expect(ours).toEqual(walked(libraryVisit as typeof visit));
    const images: string[] = [];
    visit(mdast, 'image', (image) => {
      images.push(image.url);
    });
    expect(images).toEqual(['p.jpg']);
  });
});
