/**
 * `lint(dir)` over every fixture in test/fixtures: the diagnostics, with their positions, must be exactly the
 * ones in the fixture's expected.json, no more and no fewer. Adding a fixture is adding a folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, type LintResult } from '../../src/lint.js';
import { RULE_IDS, RULES } from '../../src/rules.js';
import { EXAMPLE } from '../helpers/edition.js';
import { expectedFor, fixtureNames, materializeFixture, type ExpectedDiagnostic } from '../helpers/lint-fixtures.js';

/**
 * Fixtures whose expected.json states the right answer but which src/ does not give yet. Their tests run
 * with `it.fails`: when the bug is fixed the test fails, and the entry must be removed from this list.
 */
const KNOWN_BUGS: Record<string, string> = {};

/** Time limits, in ms, for the fixtures that exist to show lint stays bounded on hostile input. */
const TIME_LIMIT_MS: Record<string, number> = {
  'alias-bomb': 1000,
  'config-alias-bomb': 1000,
  // About 1.5 s on the two-core CI machine: the whole of it is Markdown parsing. The bound is there to catch
  // super-linear behaviour, with room for a loaded machine running test files in parallel.
  'two-mb-report': 10_000,
};

/**
 * Rules a fixture cannot show: those reported only by build (render/refused-request while printing, see
 * test/e2e/sealed-page.test.ts; image/truncated when the photo is decoded, see test/e2e/pdf-quality.test.ts),
 * and a splitter failure that needs a mocked gray-matter (see test/lint/unreadable.test.ts).
 */
const NOT_IN_FIXTURES = new Set(['render/refused-request', 'image/truncated', 'front-matter/unreadable']);

interface Linted {
  result: LintResult;
  ms: number;
}

const cache = new Map<string, Promise<Linted>>();
function lintFixture(name: string): Promise<Linted> {
  let p = cache.get(name);
  if (!p) {
    p = (async () => {
      const fixture = materializeFixture(name);
      try {
        const t0 = performance.now();
        const result = await lint(fixture.dir);
        return { result, ms: performance.now() - t0 };
      } finally {
        fixture.cleanup();
      }
    })();
    cache.set(name, p);
  }
  return p;
}

const pick = ({ file, ruleId, severity, line, column }: ExpectedDiagnostic): ExpectedDiagnostic => ({ file, ruleId, severity, line, column });

const names = fixtureNames();

describe('lint fixtures', () => {
  it('finds the fixtures', () => {
    expect(names.length).toBeGreaterThan(40);
  });

  for (const name of names) {
    const test = KNOWN_BUGS[name] ? it.fails : it;
    test(`${name}${KNOWN_BUGS[name] ? ` (known bug: ${KNOWN_BUGS[name]})` : ''}`, async () => {
      const { result, ms } = await lintFixture(name);
      expect(result.diagnostics.map(pick), `diagnostics of test/fixtures/${name}`).toEqual(expectedFor(name));
      const limit = TIME_LIMIT_MS[name];
      if (limit !== undefined) expect(ms, `lint of ${name} took ${Math.round(ms)} ms`).toBeLessThan(limit);
    });
  }

  it('every diagnostic has a registered rule id, the registry’s severity, a message and a position', async () => {
    const severity = new Map(RULES.map((r) => [r.id, r.severity]));
    for (const name of names) {
      const { result } = await lintFixture(name);
      for (const d of result.diagnostics) {
        const where = `${name}: ${d.file}:${d.line}:${d.column} ${d.ruleId}`;
        expect(RULE_IDS.has(d.ruleId), where).toBe(true);
        expect(d.severity, where).toBe(severity.get(d.ruleId));
        expect(d.message.trim().length, where).toBeGreaterThan(10);
        expect(Number.isInteger(d.line) && d.line >= 1, where).toBe(true);
        expect(Number.isInteger(d.column) && d.column >= 1, where).toBe(true);
        expect(d.file, where).not.toMatch(/^\/|\\|^\.\./);
      }
      expect(result.errorCount + result.warningCount).toBe(result.diagnostics.length);
      expect(result.errorCount).toBe(result.diagnostics.filter((d) => d.severity === 'error').length);
    }
  });

  it('the example editions lint clean (no false alarms on real reports)', async () => {
    const examples = path.dirname(EXAMPLE);
    for (const name of readdirSync(examples)) {
      if (!existsSync(path.join(examples, name, 'bulletin.yaml'))) continue;
      expect((await lint(path.join(examples, name))).diagnostics, `examples/${name}`).toEqual([]);
    }
  });

  it('never runs `---js` front matter', async () => {
    await lintFixture('js-front-matter');
    expect((globalThis as Record<string, unknown>)['__bulletinFrontMatterWasRun']).toBeUndefined();
  });

  it('a report just under the 2 MB limit is linted in bounded time without diagnostics', async () => {
    const { result, ms } = await lintFixture('two-mb-report');
    expect(result.fileCount).toBe(2);
    expect(result.diagnostics).toEqual([]);
    expect(ms).toBeLessThan(TIME_LIMIT_MS['two-mb-report']!);
  });

  // The hotline branch writes `did you mean \`Tajikistan\`?.` (src/config/load-config.ts, the hotlines loop).
  it('messages do not end a question with “?.”', async () => {
    const { result } = await lintFixture('config-unknown-country');
    for (const d of result.diagnostics) expect(d.message).not.toContain('?.');
  });
});

describe('fixtures and the rule registry', () => {
  it('every rule has at least one fixture that reports it', () => {
    const covered = new Set(names.flatMap((n) => expectedFor(n).map((d) => d.ruleId)));
    const missing = RULES.map((r) => r.id).filter((id) => !NOT_IN_FIXTURES.has(id) && !covered.has(id));
    expect(missing, 'rules without a fixture in test/fixtures').toEqual([]);
  });

  it('every rule id in an expected.json is a registered rule, with its severity', () => {
    const severity = new Map(RULES.map((r) => [r.id, r.severity]));
    for (const name of names) {
      for (const d of expectedFor(name)) {
        expect(RULE_IDS.has(d.ruleId), `${name}: ${d.ruleId}`).toBe(true);
        expect(d.severity, `${name}: ${d.ruleId}`).toBe(severity.get(d.ruleId));
        expect(Object.keys(d).sort()).toEqual(['column', 'file', 'line', 'ruleId', 'severity']);
      }
    }
  });

  it('the exceptions are registered rules', () => {
    for (const id of NOT_IN_FIXTURES) expect(RULE_IDS.has(id)).toBe(true);
  });
});
