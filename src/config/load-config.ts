import { access, realpath } from 'node:fs/promises';
import path from 'node:path';
import { BulletinError, DiagnosticSink, type Diagnostic } from '../diagnostics.js';
import { dateSpan, parseIsoDate } from '../util/dates.js';
import { isInside } from '../util/paths.js';
import { readText } from '../util/read-text.js';
import { matchFolded, suggest } from '../util/suggest.js';
import { reportUnknownKeys, validateWithPositions } from '../util/validate.js';
import { visit } from 'yaml';
import { PLACEHOLDER } from '../markdown/content-rules.js';
import { parseYamlWithPositions, reportControlCharacters } from '../util/yaml.js';
import { hasShippedLabels, PAGE_PLACEHOLDER, shippedLanguages } from '../edition/labels.js';
import { EditionConfig, knownKeys, LabelKeys } from './schema.js';

export const CONFIG_FILE = 'bulletin.yaml';

export interface LoadedConfig {
  /** Absolute path of the edition folder. */
  dir: string;
  /** The validated config, or undefined when it cannot be used (placeholders still left in it are errors in
   * `diagnostics`, but the config is returned, so that `bulletin new` can read its countries). */
  config: EditionConfig | undefined;
  diagnostics: Diagnostic[];
}

/** Fails with a clear message (exit code 2 in the CLI) when `dir` holds no edition. */
export async function findEditionDir(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  try {
    await access(path.join(abs, CONFIG_FILE));
  } catch {
    throw new BulletinError(
      `There is no ${CONFIG_FILE} in ${abs}, so it is not an edition folder. Give the edition folder as an argument (for example \`bulletin build examples/central-asia-2014-q4\`) or create one with \`bulletin init\`.`,
      'no-edition',
    );
  }
  return abs;
}

/** Loads and validates `bulletin.yaml`. Problems are returned as diagnostics, never thrown. */
export async function loadConfig(dir: string): Promise<LoadedConfig> {
  const abs = await findEditionDir(dir);
  const sink = new DiagnosticSink(CONFIG_FILE);
  // A link to a file outside the edition is not read, as for reports: lint would echo what it holds.
  const [real, editionReal] = await Promise.all([realpath(path.join(abs, CONFIG_FILE)).catch(() => undefined), realpath(abs).catch(() => abs)]);
  if (real !== undefined && !isInside(editionReal, real)) {
    sink.error('file/outside-edition', `${CONFIG_FILE} is a link to ${real}, outside the edition folder, and is not read. Copy the file into the edition folder instead.`, { line: 1, column: 1 });
    return { dir: abs, config: undefined, diagnostics: sink.list };
  }
  const read = await readText(path.join(abs, CONFIG_FILE), 1024 * 1024);
  if (!read.ok) {
    sink.error(read.ruleId, read.message, { line: read.line ?? 1, column: read.column ?? 1 });
    return { dir: abs, config: undefined, diagnostics: sink.list };
  }
  const config = validateConfigText(read.text, sink);
  return { dir: abs, config, diagnostics: sink.list };
}

/** Validates the text of a `bulletin.yaml`; the pure core of `loadConfig`, usable from tests and the API. */
export function validateConfigText(text: string, sink: DiagnosticSink): EditionConfig | undefined {
  const yaml = parseYamlWithPositions(text);
  for (const p of yaml.problems) sink.error(p.ruleId, p.message, p.at);
  if (yaml.problems.length > 0) return undefined;
  if (yaml.data === null || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    sink.error(
      'config/not-a-map',
      `${CONFIG_FILE} must be a map of keys such as \`title:\`, \`countries:\` and \`period:\`, not ${describeValue(yaml.data)}.`,
      { line: 1, column: 1 },
    );
    return undefined;
  }
  // Placeholders left by `bulletin init` must be replaced before anything is printed.
  visit(yaml.doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.range) return;
      const m = PLACEHOLDER.exec(node.value);
      if (m) {
        sink.error('content/placeholder', `The placeholder ${m[0]} from \`bulletin init\` is still here. Replace it with the real value.`, yaml.at(node.range[0]));
      }
    },
  });
  reportControlCharacters(yaml, sink);
  reportUnknownKeys(yaml, [], knownKeys.config, sink, CONFIG_FILE);
  reportUnknownKeys(yaml, ['period'], knownKeys.period, sink, '`period`');
  reportUnknownKeys(yaml, ['output'], knownKeys.output, sink, '`output`');
  reportUnknownKeys(yaml, ['labels'], knownKeys.labels, sink, '`labels`');
  const raw = yaml.data as { contacts?: unknown };
  if (Array.isArray(raw.contacts)) {
    raw.contacts.forEach((_, i) => reportUnknownKeys(yaml, ['contacts', i], knownKeys.contact, sink, `Contact ${i + 1}`));
  }
  const config = validateWithPositions(EditionConfig, yaml, sink, { ruleId: 'config/schema' });
  if (!config) return undefined;

  let ok = true;
  const start = parseIsoDate(config.period.start)!;
  const end = parseIsoDate(config.period.end)!;
  if (dateSpan(start)[0] > dateSpan(end)[1]) {
    sink.error('config/period-order', `The period ends (${config.period.end}) before it starts (${config.period.start}).`, yaml.nodeAt(['period', 'end']).at);
    ok = false;
  }
  const seen = new Map<string, number>();
  config.countries.forEach((c, i) => {
    const prev = [...seen.keys()].find((k) => matchFolded(k, [c]));
    if (prev !== undefined) {
      sink.error('config/duplicate-country', `The country “${c}” is listed twice in \`countries\`.`, yaml.nodeAt(['countries', i]).at);
      ok = false;
    }
    seen.set(c, i);
  });
  config.contacts.forEach((contact, i) => {
    if (contact.country === 'regional' || config.countries.includes(contact.country)) return;
    const near = matchFolded(contact.country, config.countries) ?? suggest(contact.country, [...config.countries, 'regional']);
    sink.error(
      'config/unknown-country',
      `Contact “${contact.name}” is for “${contact.country}”, which is not among the edition’s countries${near ? `; did you mean \`${near}\`? ` : '. '}Use one of: ${config.countries.join(', ')}, or \`regional\`.`,
      yaml.nodeAt(['contacts', i, 'country']).at,
      near,
    );
    ok = false;
  });
  for (const country of Object.keys(config.hotlines)) {
    if (config.countries.includes(country)) continue;
    const near = matchFolded(country, config.countries) ?? suggest(country, config.countries);
    const keyAt = yaml.nodeAt(['hotlines', country]).keyAt;
    sink.error(
      'config/unknown-country',
      `Hotlines are given for “${country}”, which is not among the edition’s countries${near ? `; did you mean \`${near}\`?` : '.'}`,
      keyAt,
      near,
    );
    ok = false;
  }
  if (!hasShippedLabels(config.language)) {
    // Only the labels this edition prints (or reads out, like the acknowledgement's).
    const used = new Set<string>(['inThisEdition', 'page']);
    // `of` prints between the number and the count, unless the `page` label places both itself.
    if (!config.labels?.page?.includes('{page}')) used.add('of');
    if (typeof config.edition === 'number') used.add('edition');
    if (config.acknowledgement) used.add('acknowledgement');
    if (config.contacts.length > 0) used.add('contacts');
    if (config.contacts.some((c) => c.country === 'regional')) used.add('regional');
    if (Object.keys(config.hotlines).length > 0) used.add('hotlines');
    const missing = LabelKeys.filter((k) => used.has(k) && config.labels?.[k] === undefined);
    if (missing.length > 0) {
      sink.warn(
        'config/labels-missing',
        `No labels are shipped for \`language: ${config.language}\` (only for ${shippedLanguages.join(', ')}), so these print in English: ${missing.map((k) => `\`${k}\``).join(', ')}. Set each under \`labels:\`.`,
        yaml.nodeAt(['language']).at,
      );
    }
  }
  const pageLabel = config.labels?.page;
  const odd = pageLabel === undefined ? undefined : /\{[^{}]*\}/.exec(pageLabel.replace(PAGE_PLACEHOLDER, ''));
  if (pageLabel !== undefined && (odd || (pageLabel.includes('{pages}') && !pageLabel.includes('{page}')))) {
    sink.warn(
      'config/label-pattern',
      `${odd ? `\`${odd[0]}\` in the \`page\` label is not something bulletin fills in` : 'The `page` label has `{pages}` but not `{page}`'}: write {page} for the page’s number and {pages} for the number of pages (“{page} / {pages}”), or no braces at all for “${pageLabel.replace(/\{[^{}]*\}/g, '').replace(/\s+/g, ' ').trim() || 'Page'} 2 ${config.labels?.of ?? 'of'} 6”.`,
      yaml.nodeAt(['labels', 'page']).at,
    );
  }
  return ok ? config : undefined;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return `a single ${typeof value === 'string' ? 'text' : typeof value} value`;
}
