import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticSink, BulletinError } from '../../src/diagnostics.js';
import { describeValue, findEditionDir, loadConfig, validateConfigText } from '../../src/config/load-config.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/central-asia-2014-q4/', import.meta.url));

/** A minimal valid config; line numbers below refer to it. */
const MIN = [
  'title: T', // 1
  'organisation: O', // 2
  'edition: 4', // 3
  'period:', // 4
  '  label: Q4', // 5
  '  start: 2014-10-01', // 6
  '  end: 2014-12-31', // 7
  'countries: [Kazakhstan, Kyrgyzstan]', // 8
  '',
].join('\n');

function check(text: string) {
  const sink = new DiagnosticSink('bulletin.yaml');
  const config = validateConfigText(text, sink);
  return { config, list: sink.list };
}

describe('validateConfigText', () => {
  it('accepts the example edition’s bulletin.yaml without any diagnostic', () => {
    const { config, list } = check(fs.readFileSync(path.join(EXAMPLE, 'bulletin.yaml'), 'utf8'));
    expect(list).toEqual([]);
    expect(config?.countries).toEqual(['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan']);
    expect(config?.edition).toBe(4);
    expect(config?.contacts).toHaveLength(7);
  });

  it('refuses an output.name too long for a file name, before anything is built', () => {
    const { config, list } = check(`${MIN}output:\n  name: ${'n'.repeat(240)}\n`);
    expect(config).toBeUndefined();
    expect(list).toEqual([expect.objectContaining({ ruleId: 'config/schema', line: 10, message: expect.stringContaining('too long for a file name') })]);
    expect(check(`${MIN}output:\n  name: ${'n'.repeat(150)}\n`).list).toEqual([]);
  });

  it('fills in defaults for a minimal config', () => {
    const { config, list } = check(MIN);
    expect(list).toEqual([]);
    expect(config).toMatchObject({ language: 'en', contacts: [], hotlines: {}, output: {} });
  });

  it('refuses a language tag Intl cannot read (en-12), and takes pt-BR and sr-Latn-RS', () => {
    const { config, list } = check(`${MIN}language: en-12\n`);
    expect(config).toBeUndefined();
    expect(list).toEqual([expect.objectContaining({ ruleId: 'config/schema', line: 9, column: 11, message: expect.stringContaining('BCP 47') })]);
    for (const tag of ['pt-BR', 'sr-Latn-RS', 'es-419']) expect(check(`${MIN}language: ${tag}\n`).config?.language, tag).toBe(tag);
  });

  it('reports a missing title as schema/required at the start of the map', () => {
    const { config, list } = check(MIN.replace('title: T\n', ''));
    expect(config).toBeUndefined();
    expect(list).toEqual([
      expect.objectContaining({ ruleId: 'schema/required', severity: 'error', line: 1, column: 1, message: expect.stringContaining('`title`') }),
    ]);
  });

  it('reports a missing nested field at its parent map', () => {
    const { list } = check(MIN.replace('  label: Q4\n', ''));
    expect(list).toEqual([expect.objectContaining({ ruleId: 'schema/required', line: 5, column: 3, message: expect.stringContaining('`period.label`') })]);
  });

  it('reports a wrong type at the value’s line and column', () => {
    const { config, list } = check(MIN.replace('edition: 4', 'edition: [1]'));
    expect(config).toBeUndefined();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ruleId: 'config/schema', severity: 'error', line: 3, column: 10 });
    expect(list[0]!.message).toMatch(/^`edition`: /);
    expect(list[0]!.message).toContain('whole number');
  });

  it('reports an unreal period date at the value', () => {
    const { list } = check(MIN.replace('start: 2014-10-01', 'start: 2014-02-30'));
    expect(list).toEqual([
      expect.objectContaining({ ruleId: 'config/schema', line: 6, column: 10, message: expect.stringContaining('“2014-02-30” is not a real ISO date') }),
    ]);
  });

  it('warns about an unknown key and suggests the known one, and still returns the config', () => {
    const { config, list } = check(`${MIN}titel: X\n`);
    expect(config?.title).toBe('T');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ruleId: 'schema/unknown-key', severity: 'warning', line: 9, column: 1, suggestion: 'title' });
    expect(list[0]!.message).toContain('`titel`');
    expect(list[0]!.message).toContain('did you mean `title`?');
  });

  it('warns about unknown keys inside nested maps and contacts', () => {
    const { list } = check(`${MIN}output:\n  pagesize: A4\ncontacts:\n  - name: A\n    country: regional\n    emial: a@b.org\n`);
    expect(list.map((d) => [d.ruleId, d.line, d.column, d.suggestion])).toEqual([
      ['schema/unknown-key', 10, 3, 'pageSize'],
      ['schema/unknown-key', 14, 5, 'email'],
    ]);
    expect(list[1]!.message).toMatch(/^Contact 1 has an unknown key `emial`/);
  });

  it('reports a contact’s bad e-mail address at the value', () => {
    const { config, list } = check(`${MIN}contacts:\n  - name: A\n    country: regional\n    email: not-an-email\n`);
    expect(config).toBeUndefined();
    expect(list).toEqual([
      expect.objectContaining({
        ruleId: 'config/schema',
        line: 12,
        column: 12,
        message: '`contacts[0].email`: “not-an-email” is not a valid e-mail address.',
      }),
    ]);
  });

  it('reports a phone number that is not a phone number', () => {
    const { list } = check(`${MIN}contacts:\n  - name: A\n    country: regional\n    phone: call me\n`);
    expect(list).toEqual([expect.objectContaining({ ruleId: 'config/schema', line: 12, column: 12, message: expect.stringContaining('“call me” is not a phone number') })]);
  });

  it('takes short codes dialled with * or # as phone numbers, and refuses a lone star', () => {
    const ok = check(`${MIN}hotlines:\n  Kazakhstan: ["*4141", "#123#", "*55 5"]\n`);
    expect(ok.list).toEqual([]);
    expect(ok.config?.hotlines['Kazakhstan']).toEqual(['*4141', '#123#', '*55 5']);
    const bad = check(`${MIN}hotlines:\n  Kazakhstan: ["*", "*call"]\n`);
    expect(bad.list.map((d) => d.message)).toEqual([expect.stringContaining('“*” is not a phone number'), expect.stringContaining('“*call” is not a phone number')]);
  });

  it('reports a contact country that is not among the countries, with a suggestion', () => {
    const { config, list } = check(`${MIN}contacts:\n  - name: A\n    country: Kyrgistan\n`);
    expect(config).toBeUndefined();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ruleId: 'config/unknown-country', severity: 'error', line: 11, column: 14, suggestion: 'Kyrgyzstan' });
    expect(list[0]!.message).toContain('“Kyrgistan”');
    expect(list[0]!.message).toContain('did you mean `Kyrgyzstan`?');
    expect(list[0]!.message).toContain('Kazakhstan, Kyrgyzstan, or `regional`');
  });

  it('words the contact-country message without "?." punctuation', () => {
    const { list } = check(`${MIN}contacts:\n  - name: A\n    country: Kyrgistan\n`);
    expect(list[0]!.message).not.toContain('?.');
  });

  it('reports hotlines for a country that is not in the edition at the key', () => {
    const { config, list } = check(`${MIN}hotlines:\n  Kazakhstan: ["11616"]\n  Tajikistan:\n    - "123"\n`);
    expect(config).toBeUndefined();
    expect(list).toEqual([
      expect.objectContaining({
        ruleId: 'config/unknown-country',
        line: 11,
        column: 3,
        message: 'Hotlines are given for “Tajikistan”, which is not among the edition’s countries.',
      }),
    ]);
    expect(list[0]).not.toHaveProperty('suggestion');
  });

  it('suggests the edition’s spelling for hotlines of a misspelt country', () => {
    const { list } = check(`${MIN}hotlines:\n  Kazakstan: ["11616"]\n`);
    expect(list).toEqual([expect.objectContaining({ ruleId: 'config/unknown-country', line: 10, column: 3, suggestion: 'Kazakhstan' })]);
  });

  it('reports a period that ends before it starts at the end date', () => {
    const { config, list } = check(MIN.replace('end: 2014-12-31', 'end: 2014-09-30'));
    expect(config).toBeUndefined();
    expect(list).toEqual([
      expect.objectContaining({
        ruleId: 'config/period-order',
        line: 7,
        column: 8,
        message: 'The period ends (2014-09-30) before it starts (2014-10-01).',
      }),
    ]);
  });

  it('accepts a month-precision period start before a day of its month', () => {
    expect(check(MIN.replace('start: 2014-10-01', 'start: 2014-10').replace('end: 2014-12-31', 'end: 2014-10-15')).list).toEqual([]);
  });

  it('accepts a month-precision period end in the start month', () => {
    const { list } = check(MIN.replace('end: 2014-12-31', 'end: 2014-10'));
    expect(list).toEqual([]);
  });

  it('reports a country listed twice (case-insensitively) at the second entry', () => {
    const { list } = check(MIN.replace('[Kazakhstan, Kyrgyzstan]', '[Kazakhstan, kazakhstan]'));
    expect(list).toEqual([expect.objectContaining({ ruleId: 'config/duplicate-country', line: 8, column: 25, message: expect.stringContaining('“kazakhstan”') })]);
  });

  it('reports a duplicate key at the second occurrence', () => {
    const { config, list } = check(`${MIN}title: U\n`);
    expect(config).toBeUndefined();
    expect(list).toEqual([
      expect.objectContaining({ ruleId: 'yaml/duplicate-key', line: 9, column: 1, message: expect.stringContaining('Each key may appear only once') }),
    ]);
  });

  it('reports invalid YAML syntax with its line', () => {
    const { config, list } = check(`${MIN}foo: [1, 2\n`);
    expect(config).toBeUndefined();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ruleId: 'yaml/syntax', severity: 'error', line: 10, column: 1 });
    expect(list[0]!.message).toMatch(/^The YAML could not be read: /);
    expect(list[0]!.message).not.toMatch(/at line \d+/);
  });

  it('reports tab indentation and says to use spaces', () => {
    const { list } = check(`${MIN}labels:\n\tcontacts: X\n`);
    expect(list).toEqual([
      expect.objectContaining({ ruleId: 'yaml/syntax', line: 10, column: 1, message: expect.stringContaining('Indent YAML with spaces, not tabs.') }),
    ]);
  });

  it('refuses a billion-laughs alias bomb quickly with yaml/alias-limit', () => {
    let bomb = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    const started = performance.now();
    const { config, list } = check(bomb);
    expect(performance.now() - started).toBeLessThan(500);
    expect(config).toBeUndefined();
    expect(list).toEqual([expect.objectContaining({ ruleId: 'yaml/alias-limit', severity: 'error', line: 1, column: 1 })]);
  });

  it('allows a few harmless aliases', () => {
    const { config, list } = check(`${MIN.replace('label: Q4', 'label: &q Q4')}subtitle: *q\n`);
    expect(list).toEqual([]);
    expect(config?.subtitle).toBe('Q4');
  });

  it.each([
    ['- a\n- b\n', 'a list'],
    ['hello\n', 'a single text value'],
    ['', 'empty'],
  ])('refuses a document that is not a map (%j) with config/not-a-map', (text, what) => {
    const { config, list } = check(text);
    expect(config).toBeUndefined();
    expect(list).toEqual([expect.objectContaining({ ruleId: 'config/not-a-map', line: 1, column: 1, message: expect.stringContaining(`not ${what}.`) })]);
  });
});

describe('describeValue', () => {
  it('names the kind of a value', () => {
    expect(describeValue(null)).toBe('empty');
    expect(describeValue([1])).toBe('a list');
    expect(describeValue(3)).toBe('a single number value');
    expect(describeValue(true)).toBe('a single boolean value');
  });
});

describe('loadConfig and findEditionDir', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  it('throws BulletinError no-edition for a folder without bulletin.yaml', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-'));
    await expect(findEditionDir(tmp)).rejects.toMatchObject({ name: 'BulletinError', code: 'no-edition' });
    await expect(findEditionDir(tmp)).rejects.toBeInstanceOf(BulletinError);
  });

  it('reports an unreadable (binary) bulletin.yaml as a diagnostic instead of throwing', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-'));
    fs.writeFileSync(path.join(tmp, 'bulletin.yaml'), Buffer.from('title: T\n\0\0'));
    const loaded = await loadConfig(tmp);
    expect(loaded.config).toBeUndefined();
    expect(loaded.dir).toBe(path.resolve(tmp));
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ file: 'bulletin.yaml', ruleId: 'file/binary', line: 2, column: 1 })]);
  });

  it('does not read a bulletin.yaml that is a link to a file outside the edition, and names it', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-'));
    const edition = path.join(tmp, 'edition');
    fs.mkdirSync(edition);
    fs.writeFileSync(path.join(tmp, 'secret.yaml'), 'db_password: hunter2\n');
    fs.symlinkSync(path.join(tmp, 'secret.yaml'), path.join(edition, 'bulletin.yaml'));
    const loaded = await loadConfig(edition);
    expect(loaded.config).toBeUndefined();
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ file: 'bulletin.yaml', ruleId: 'file/outside-edition', line: 1, column: 1 })]);
    expect(JSON.stringify(loaded.diagnostics)).not.toContain('db_password');
    // a link inside the edition is read
    fs.renameSync(path.join(tmp, 'secret.yaml'), path.join(edition, 'shared.yaml'));
    fs.rmSync(path.join(edition, 'bulletin.yaml'));
    fs.writeFileSync(path.join(edition, 'shared.yaml'), fs.readFileSync(path.join(EXAMPLE, 'bulletin.yaml')));
    fs.symlinkSync('shared.yaml', path.join(edition, 'bulletin.yaml'));
    expect((await loadConfig(edition)).diagnostics).toEqual([]);
  });

  it('loads the example edition', async () => {
    const loaded = await loadConfig(EXAMPLE);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config?.output).toEqual({ name: 'central-asia-ct-bulletin-2014-q4', pageSize: 'A4' });
  });
});
