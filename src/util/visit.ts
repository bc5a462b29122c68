/**
 * unist-util-visit's `visit`, walked without its cost. The library renames its walking function after every
 * node it enters (`Object.defineProperty(fn, 'name', ...)`, so that a stack trace names the node), which took
 * more time than everything the visitors do: some 0.2 s of the 1.1–1.5 s that `lint` of 1,000 reports takes,
 * in a dozen walks of each report's tree. This walk keeps the library's types and its contract (preorder;
 * a visitor returns nothing, `SKIP`, `EXIT`, the index to go on at, or `[action, index]`; changes made to a
 * node's children when entering it are walked), for the subset the project uses: a node type or no test, and
 * a visitor called when entering a node. test/unit/visit.test.ts holds it to the library's answers.
 */
import type { Node, Parent } from 'unist';
import { EXIT, SKIP, type BuildVisitor } from 'unist-util-visit';

export { EXIT, SKIP };

type AnyVisitor = (node: Node, index: number | undefined, parent: Parent | undefined) => unknown;

/** What a walk below a node asks of the loop over its siblings: stop everything, or go on at an index. */
const EXITED = Symbol('exit');

export function visit<Tree extends Node, Type extends string>(tree: Tree, type: Type, visitor: BuildVisitor<Tree, Type>): undefined;
export function visit<Tree extends Node>(tree: Tree, visitor: BuildVisitor<Tree>): undefined;
export function visit(tree: Node, typeOrVisitor: string | AnyVisitor, maybeVisitor?: AnyVisitor): undefined {
  if (typeof typeOrVisitor === 'string') walk(tree, undefined, undefined, typeOrVisitor, maybeVisitor!);
  else walk(tree, undefined, undefined, undefined, typeOrVisitor);
  return undefined;
}

function walk(node: Node, index: number | undefined, parent: Parent | undefined, type: string | undefined, visitor: AnyVisitor): number | typeof EXITED | undefined {
  let action: unknown;
  let next: number | undefined;
  if (type === undefined || node.type === type) {
    const result = visitor(node, index, parent);
    if (Array.isArray(result)) {
      action = result[0];
      if (typeof result[1] === 'number') next = result[1];
    } else if (typeof result === 'number') {
      next = result;
    } else {
      action = result;
    }
    if (action === EXIT) return EXITED;
  }
  const children = (node as Partial<Parent>).children;
  if (children && action !== SKIP) {
    let i = 0;
    while (i > -1 && i < children.length) {
      const below = walk(children[i]!, i, node as Parent, type, visitor);
      if (below === EXITED) return EXITED;
      i = typeof below === 'number' ? below : i + 1;
    }
  }
  return next;
}
