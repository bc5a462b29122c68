/**
 * The rule registry (src/rules.ts), the code and the README stay in step: every rule id the code can report
 * is registered, and every registered rule is documented in README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS, RULES } from '../../src/rules.js';
import { ROOT } from '../helpers/edition.js';

const SRC = path.join(ROOT, 'src');
const RULE_LITERAL = /['"]((?:config|schema|yaml|file|edition|front-matter|content|image|render)\/[a-z+.-]+)['"]/g;
/** String literals of the same shape that are MIME types, not rules. */
const MIME_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/svg+xml']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.isFile() && e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Rule ids written as string literals in src/ (outside the registry itself), with where they occur. */
function ruleIdsInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    if (path.relative(SRC, file) === 'rules.ts') continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      for (const m of text.matchAll(RULE_LITERAL)) {
        const id = m[1]!;
        if (MIME_TYPES.has(id)) continue;
        const list = found.get(id) ?? [];
        list.push(`${path.relative(ROOT, file)}:${i + 1}`);
        found.set(id, list);
      }
    });
  }
  return found;
}

describe('rule registry', () => {
  it('has unique ids of the form scope/name, each with a summary and an example', () => {
    expect(RULE_IDS.size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(?:-[a-z]+)*\/[a-z]+(?:-[a-z]+)*$/);
      expect(['error', 'warning']).toContain(r.severity);
      expect(r.summary.length, r.id).toBeGreaterThan(10);
      expect(r.example.length, r.id).toBeGreaterThan(0);
    }
  });

  it('every rule id in src/ is registered in src/rules.ts', () => {
    const found = ruleIdsInSource();
    expect(found.size, 'the scan finds the rule ids in src/').toBeGreaterThan(20);
    const unregistered = [...found].filter(([id]) => !RULE_IDS.has(id)).map(([id, where]) => `${id} (${where.join(', ')})`);
    expect(unregistered, 'rule ids used in src/ but missing from RULES in src/rules.ts').toEqual([]);
  });

  it('every registered rule is used somewhere in src/', () => {
    const found = ruleIdsInSource();
    const unused = RULES.map((r) => r.id).filter((id) => !found.has(id));
    expect(unused, 'rules in src/rules.ts that no code reports').toEqual([]);
  });

  // README.md documents the rules in a table; this fails until every id appears there.
  it('every registered rule is documented in README.md', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const undocumented = RULES.map((r) => r.id).filter((id) => !readme.includes(id));
    expect(undocumented, 'rule ids missing from README.md (add them to its rules table)').toEqual([]);
  });
});
