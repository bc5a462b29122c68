/**
 * The JSON Schemas in src/schema/ are generated from the valibot schemas (`npm run schema`) and committed,
 * so that editors find them. They must not fall out of step with the code, and the example must use them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { jsonSchemaText, SCHEMA_FILES } from '../../src/config/json-schema.js';
import { EXAMPLE, ROOT } from '../helpers/edition.js';

const SCHEMA_DIR = path.join(ROOT, 'src', 'schema');
const EXAMPLES_DIR = path.dirname(EXAMPLE);
/** Every example edition; central-asia-2014-q4 is the reference. */
const EXAMPLES = readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.join(EXAMPLES_DIR, e.name, 'bulletin.yaml')))
  .map((e) => e.name)
  .sort();

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  additionalProperties?: boolean | JsonSchema;
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * A deliberately small JSON Schema check (no new dependency): the keywords the generated schemas use. Returns
 * the problems as `path: what` strings.
 */
function check(schema: JsonSchema, value: unknown, at = '$'): string[] {
  if (schema.anyOf) {
    const results = schema.anyOf.map((s) => check(s, value, at));
    return results.some((r) => r.length === 0) ? [] : [`${at}: matches none of anyOf (${results.map((r) => r.join('; ')).join(' | ')})`];
  }
  const out: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    const ok = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
    if (!ok) return [`${at}: is ${actual}, schema wants ${allowed.join(' or ')}`];
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${at}: does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
  }
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((v, i) => out.push(...check(schema.items!, v, `${at}[${i}]`)));
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) out.push(`${at}: required \`${key}\` is missing`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) out.push(...check(sub, v, `${at}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${at}: unknown key \`${key}\``);
      else if (typeof schema.additionalProperties === 'object') out.push(...check(schema.additionalProperties, v, `${at}.${key}`));
    }
  }
  return out;
}

const committed = (which: keyof typeof SCHEMA_FILES) => readFileSync(path.join(SCHEMA_DIR, SCHEMA_FILES[which]), 'utf8');
const schemaOf = (which: keyof typeof SCHEMA_FILES) => JSON.parse(committed(which)) as JsonSchema;

describe('JSON Schemas', () => {
  for (const which of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
    it(`src/schema/${SCHEMA_FILES[which]} is what the code generates`, () => {
      const generated = jsonSchemaText(which);
      expect(
        committed(which) === generated,
        `src/schema/${SCHEMA_FILES[which]} is out of date with src/config/schema.ts: run \`npm run schema\` and commit the result.`,
      ).toBe(true);
    });
  }

  it('finds the example editions', () => {
    expect(EXAMPLES).toContain(path.basename(EXAMPLE));
  });

  it('the config schema requires the fields the code requires, and knows every top-level key', () => {
    const schema = schemaOf('config');
    expect(schema.type).toBe('object');
    expect([...(schema.required ?? [])].sort()).toEqual(['countries', 'edition', 'organisation', 'period', 'title']);
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining(['title', 'organisation', 'edition', 'period', 'countries', 'contacts', 'hotlines', 'output', 'labels']),
    );
    expect([...(schemaOf('report').required ?? [])].sort()).toEqual(['country', 'date', 'title']);
  });

  for (const example of EXAMPLES) {
    it(`examples/${example}/bulletin.yaml validates against the config schema`, () => {
      const config = parseYaml(readFileSync(path.join(EXAMPLES_DIR, example, 'bulletin.yaml'), 'utf8')) as unknown;
      expect(check(schemaOf('config'), config)).toEqual([]);
    });

    it(`examples/${example}: the reports’ front matter validates against the report schema`, () => {
      const dir = path.join(EXAMPLES_DIR, example, 'reports');
      const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
        expect(fm, f).not.toBeNull();
        expect(check(schemaOf('report'), parseYaml(fm![1]!)), f).toEqual([]);
      }
    });

    it(`examples/${example}/bulletin.yaml names the schema on its first line, and the file exists`, () => {
      const first = readFileSync(path.join(EXAMPLES_DIR, example, 'bulletin.yaml'), 'utf8').split(/\r?\n/)[0]!;
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, `first line of examples/${example}/bulletin.yaml: ${first}`).not.toBeNull();
      const target = path.resolve(EXAMPLES_DIR, example, m![1]!);
      expect(existsSync(target), `${m![1]} resolves to ${target}`).toBe(true);
      expect(path.relative(ROOT, target).split(path.sep).join('/')).toBe(`src/schema/${SCHEMA_FILES.config}`);
    });
  }

  it('the check is not vacuous: it finds what is wrong with a broken config', () => {
    const schema = schemaOf('config');
    const problems = check(schema, { title: 'T', edition: 0, period: { label: 'Q4', start: '31.12.2014' }, countries: 'Kazakhstan' });
    expect(problems).toEqual(
      expect.arrayContaining([
        '$: required `organisation` is missing',
        expect.stringMatching(/^\$\.edition: matches none of anyOf/),
        '$.period: required `end` is missing',
        expect.stringMatching(/^\$\.period\.start: does not match/),
        '$.countries: is string, schema wants array',
      ]),
    );
  });
});
