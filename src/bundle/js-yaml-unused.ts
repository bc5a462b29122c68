/**
 * Stands in for js-yaml in the command-line bundle. gray-matter loads js-yaml for its default YAML engine,
 * which bulletin replaces with its own (the `yaml` package, for positions); js-yaml in turn loads esprima,
 * a whole JavaScript parser, to support `!!js/function`. Neither is ever called, so the bundle (see
 * bundle.cts) takes this module instead and starts faster.
 */
function unused(): never {
  throw new Error('bulletin reads YAML with the `yaml` package; js-yaml is not part of the command-line bundle.');
}

export const safeLoad = unused;
export const safeDump = unused;
export const load = unused;
export const dump = unused;
