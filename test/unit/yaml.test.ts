import { describe, expect, it, vi } from 'vitest';
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

  it('says to quote a value with a colon in it (French titles put a space before the colon)', () => {
    const [french] = parseYamlWithPositions('country: Guinée\ntitle: Kankan : atelier\n').problems;
    expect(french).toMatchObject({ ruleId: 'yaml/syntax', at: { line: 2, column: 8 } });
    expect(french!.message).toContain('Put the value in quotes: title: "Kankan : atelier"');
    const [withQuotes] = parseYamlWithPositions('title: Almaty: the "Meyerim" shelter\n').problems;
    expect(withQuotes!.message).toContain(`title: 'Almaty: the "Meyerim" shelter'`);
  });

  it('says why a double quote inside a double-quoted value breaks it', () => {
    const [p] = parseYamlWithPositions('title: "The "Meyerim" shelter"\n').problems;
    expect(p!.message).toContain('double quote inside double quotes');
  });

  it('refuses tags other than the plain ones, at the tag, and never constructs code', () => {
    const y = parseYamlWithPositions('a: !!js/function "function(){}"\nb:  !custom x\nc: !!binary aGVsbG8=\nd:\n  - !!timestamp 2014-01-01\n');
    expect(y.problems.map((p) => [p.ruleId, p.at.line, p.at.column])).toEqual([
      ['yaml/tag', 1, 4],
      ['yaml/tag', 2, 5],
      ['yaml/tag', 3, 4],
      ['yaml/tag', 5, 5],
    ]);
    expect(y.problems[0]!.message).toContain('`!!js/function`');
    expect(y.problems[1]!.message).toContain('`!custom`');
    expect(y.data).toBeUndefined();
  });

  it('refuses a key that is a list or a map, without a warning on stderr', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    const y = parseYamlWithPositions('title: T\n? [a, b]\n: x\n');
    expect(y.problems).toEqual([expect.objectContaining({ ruleId: 'yaml/syntax', at: { line: 2, column: 3 } })]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('finds a key that is a list or a map however it is written, and a merge key without braces', () => {
    const found = (text: string) => parseYamlWithPositions(text).problems.map((p) => [p.ruleId, p.at.line, p.at.column]);
    expect(found('title: T\n?\n  a: 1\n: x\n')).toEqual([['yaml/syntax', 3, expect.any(Number)]]);
    expect(found('title: T\n[a, b]: x\n')).toEqual([['yaml/syntax', 2, 1]]);
    expect(found('title: T\n{a: 1}: x\n')).toEqual([['yaml/syntax', 2, 1]]);
    expect(found('base: &b\n  country: K\nc:\n  - <<: *b\n')).toEqual([['yaml/syntax', 4, 5]]);
    expect(found('a: !x y\n')).toEqual([['yaml/tag', 1, 4]]);
  });

  it('says that a merge key is not read, at the key', () => {
    const y = parseYamlWithPositions('base: &b {country: Kazakhstan}\ncontacts:\n  - <<: *b\n    name: A\n');
    expect(y.problems).toEqual([expect.objectContaining({ ruleId: 'yaml/syntax', at: { line: 3, column: 5 }, message: expect.stringContaining('Merge keys') })]);
  });

  it('accepts the core schema tags: !!str 2014 is text', () => {
    const y = parseYamlWithPositions('a: !!str 2014\nb: !!int "3"\nc: !!seq [x]\n');
    expect(y.problems).toEqual([]);
    expect(y.data).toEqual({ a: '2014', b: 3, c: ['x'] });
  });
});
