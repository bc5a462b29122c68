import { describe, expect, it } from 'vitest';
import { keysAt, parseYamlWithPositions } from '../../src/util/yaml.js';

const TEXT = ['title: T', 'period:', '  start: 2014-10-01', 'countries:', '  - Kazakhstan', '  - Kyrgyzstan', ''].join('\n');

describe('parseYamlWithPositions', () => {
  it('returns plain data and no problems for valid YAML', () => {
    const y = parseYamlWithPositions(TEXT);
    expect(y.problems).toEqual([]);
    expect(y.data).toEqual({ title: 'T', period: { start: '2014-10-01' }, countries: ['Kazakhstan', 'Kyrgyzstan'] });
  });

  it('finds values, keys and list items by path', () => {
    const y = parseYamlWithPositions(TEXT);
    expect(y.nodeAt(['period', 'start'])).toMatchObject({ at: { line: 3, column: 10 }, keyAt: { line: 3, column: 3 } });
    expect(y.nodeAt(['countries', 1]).at).toEqual({ line: 6, column: 5 });
    expect(y.nodeAt([]).at).toEqual({ line: 1, column: 1 });
  });

  it('points a missing path at the deepest node found', () => {
    const y = parseYamlWithPositions(TEXT);
    const found = y.nodeAt(['period', 'end']);
    expect(found.node).toBeUndefined();
    expect(found.at).toEqual({ line: 3, column: 3 });
    expect(y.nodeAt(['countries', 5]).node).toBeUndefined();
  });

  it('shifts lines by lineOffset', () => {
    const y = parseYamlWithPositions(TEXT, { lineOffset: 10 });
    expect(y.nodeAt(['countries', 0]).at).toEqual({ line: 15, column: 5 });
    const bad = parseYamlWithPositions('a: 1\na: 2\n', { lineOffset: 4 });
    expect(bad.problems).toEqual([expect.objectContaining({ ruleId: 'yaml/duplicate-key', at: { line: 6, column: 1 } })]);
    expect(bad.data).toBeUndefined();
  });

  it('reads unknown tags such as !!js/function as plain text, never constructing code', () => {
    const y = parseYamlWithPositions('a: !!js/function "function(){}"\nb: !custom x\n');
    expect(y.problems).toEqual([]);
    expect(y.data).toEqual({ a: 'function(){}', b: 'x' });
  });
});

describe('keysAt', () => {
  it('lists keys with positions, and nothing for a non-map', () => {
    const y = parseYamlWithPositions(TEXT);
    expect(keysAt(y, [])).toEqual([
      { key: 'title', at: { line: 1, column: 1 } },
      { key: 'period', at: { line: 2, column: 1 } },
      { key: 'countries', at: { line: 4, column: 1 } },
    ]);
    expect(keysAt(y, ['countries'])).toEqual([]);
    expect(keysAt(y, ['missing'])).toEqual([]);
  });
});
