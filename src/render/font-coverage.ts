/**
 * Finds text that the template's fonts cannot print (Chinese in a template with Latin, Cyrillic, Arabic and
 * Hebrew fonts; emoji). Chrome would print it in whatever font the machine has, or as empty boxes, and say
 * nothing: lint and build warn instead, once per script and file, at its first character there.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAll, DiagnosticSink, type Diagnostic } from '../diagnostics.js';
import type { Edition } from '../edition/assemble.js';
import { CONFIG_FILE } from '../config/load-config.js';
import { codePointsOf, scriptName, uncoveredCharacters, type FontSpec } from './fonts.js';
import { codePointName } from '../util/text.js';

export async function fontCoverageDiagnostics(edition: Edition, fonts: readonly FontSpec[]): Promise<Diagnostic[]> {
  const { config } = edition;
  const sources: { file: string; text: string }[] = [
    {
      file: CONFIG_FILE,
      text: JSON.stringify([config.title, config.subtitle, config.organisation, config.period.label, config.countries, config.acknowledgement, config.labels, config.contacts, config.hotlines]),
    },
    ...edition.articles.map((a) => ({ file: a.file, text: a.text })),
  ];
  // One question to the fonts for the whole edition (a thousand reports share their letters); only when it
  // finds something missing is each file searched for it.
  const all = new Set<number>();
  for (let cp = 0x20; cp < 0x7f; cp++) all.add(cp);
  for (const source of sources) for (const cp of codePointsOf(source.text.replace(/[\u0000-\u007f]+/g, ''))) all.add(cp);
  const uncovered = new Set(await uncoveredCharacters(fonts, all));
  if (uncovered.size === 0) return [];
  const out: Diagnostic[] = [];
  for (const source of sources) {
    const missing = [...codePointsOf(source.text)].filter((cp) => uncovered.has(cp));
    if (missing.length === 0) continue;
    // One warning per script, at its first character in the file.
    const byScript = new Map<string, number[]>();
    for (const cp of missing) {
      const script = scriptName(cp) ?? 'other';
      byScript.set(script, [...(byScript.get(script) ?? []), cp]);
    }
    const sink = new DiagnosticSink(source.file);
    for (const [script, chars] of byScript) {
      const what = script === 'emoji' ? 'emoji' : script === 'other' ? 'characters' : `${script} script`;
      const examples = chars.slice(0, 5).map((cp) => `“${String.fromCodePoint(cp)}” (${codePointName(cp)})`);
      sink.warn(
        'render/no-font',
        `The template has no font for the ${what} here: ${examples.join(', ')}${chars.length > 5 ? ` and ${chars.length - 5} more` : ''}. The PDF prints ${chars.length === 1 ? 'it' : 'them'} in whatever font this machine has, or as empty boxes. Add a font that covers ${chars.length === 1 ? 'it' : 'them'} to the template (see “Customising the template” in the README).`,
        await firstPosition(path.join(edition.dir, source.file), new Set(chars)),
      );
    }
    appendAll(out, sink.list);
  }
  return out;
}

/** Line and column of the first of `chars` in the file (1:1 if the file cannot be read again). */
async function firstPosition(file: string, chars: Set<number>): Promise<{ line: number; column: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { line: 1, column: 1 };
  }
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (chars.has(cp)) return { line, column: i - lineStart + 1 };
    if (cp === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    if (cp > 0xffff) i++;
  }
  return { line: 1, column: 1 };
}
