import * as v from 'valibot';
import type { DiagnosticSink } from '../diagnostics.js';
import { keysAt, type PositionedYaml } from './yaml.js';
import { suggest } from './suggest.js';

/**
 * Runs a valibot schema over YAML data and reports each issue at the key or value it concerns.
 * Returns the typed output, or undefined when any issue was found.
 */
export function validateWithPositions<S extends v.GenericSchema>(
  schema: S,
  yaml: PositionedYaml,
  sink: DiagnosticSink,
  options: { ruleId: string; missingAt?: { line: number; column: number }; describe?: (path: string) => string },
): v.InferOutput<S> | undefined {
  const result = v.safeParse(schema, yaml.data, { abortPipeEarly: true });
  if (result.success) return result.output;
  const seen = new Set<string>();
  for (const issue of result.issues) {
    const path = (issue.path ?? []).map((p) => p.key as string | number);
    const dotted = path.map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.').replace(/\.\[/g, '[');
    const key = `${dotted}|${issue.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = yaml.nodeAt(path);
    if (issue.input === undefined && path.length > 0 && found.node === undefined) {
      const parent = path.slice(0, -1);
      const parentAt = parent.length === 0 && options.missingAt ? options.missingAt : yaml.nodeAt(parent).at;
      const name = options.describe ? options.describe(dotted) : `\`${dotted}\``;
      sink.error('schema/required', `The required field ${name} is missing.`, parentAt);
      continue;
    }
    const name = dotted ? `\`${dotted}\`: ` : '';
    sink.error(options.ruleId, `${name}${issue.message}`, found.at);
  }
  return undefined;
}

/** Warns about keys that the schema does not know, suggesting the nearest known one. */
export function reportUnknownKeys(
  yaml: PositionedYaml,
  path: readonly (string | number)[],
  known: readonly string[],
  sink: DiagnosticSink,
  where: string,
): void {
  for (const { key, at } of keysAt(yaml, path)) {
    if (known.includes(key)) continue;
    const near = suggest(key, known);
    sink.warn(
      'schema/unknown-key',
      `${where} has an unknown key \`${key}\`${near ? `; did you mean \`${near}\`?` : '.'} It is ignored. Known keys: ${known.join(', ')}.`,
      at,
      near,
    );
  }
}
