/**
 * Templates are data: a folder with `template.json` (entry file, style sheets, fonts), Liquid files and CSS.
 * LiquidJS runs with output escaping on and reads files only inside the template folder.
 */
import { realpathSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { Liquid } from 'liquidjs';
import * as v from 'valibot';
import { BulletinError } from '../diagnostics.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Edition } from '../edition/assemble.js';
import { isInside } from '../util/paths.js';
import { PAGE_PLACEHOLDER } from '../edition/labels.js';
import { escapeHtml } from '../util/text.js';
import type { FontSpec } from './fonts.js';

/** The template shipped with the package. */
export const DEFAULT_TEMPLATE_DIR = path.join(PACKAGE_ROOT, 'templates', 'default') + path.sep;

/** A length on the page: at least a millimetre, at most a metre. */
const Millimetres = v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(1000));

const Manifest = v.object({
  name: v.string(),
  entry: v.optional(v.string(), 'edition.liquid'),
  styles: v.optional(v.array(v.string()), []),
  /** Where photos print, so they can be resampled to the resolution the page needs. */
  print: v.optional(
    v.object({
      columnWidthMm: v.object({ A4: Millimetres, Letter: Millimetres }),
      /** The width of all the columns with the gaps between them: where a panorama prints (default: one column). */
      textWidthMm: v.optional(v.object({ A4: Millimetres, Letter: Millimetres })),
      gapMm: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100)), 1.5),
      maxImageHeightMm: v.optional(Millimetres, 1000),
    }),
    { columnWidthMm: { A4: 180, Letter: 186 }, gapMm: 1.5, maxImageHeightMm: 1000 },
  ),
  fonts: v.optional(
    v.array(
      v.object({
        family: v.string(),
        // A package name only: no path can lead the font loader outside node_modules.
        package: v.pipe(v.string(), v.regex(/^@fontsource\/[a-z0-9][a-z0-9-]*$/, 'a font package is named @fontsource/<name>')),
        faces: v.array(v.object({ weight: v.number(), style: v.picklist(['normal', 'italic']) })),
        // A font for another script (Arabic, Hebrew): embedded only for the characters the fonts before it lack.
        fallback: v.optional(v.boolean()),
        // Only these of the package's Unicode subsets (a family that has more than its script: Noto Sans Georgian).
        subsets: v.optional(v.array(v.string())),
      }),
    ),
    [],
  ),
});

export interface Template {
  dir: string;
  name: string;
  entry: string;
  /** The style sheets, concatenated. */
  css: string;
  fonts: FontSpec[];
  print: { columnWidthMm: { A4: number; Letter: number }; textWidthMm?: { A4: number; Letter: number } | undefined; gapMm: number; maxImageHeightMm: number };
  liquid: Liquid;
}

const cache = new Map<string, Template>();

/** The edition's template: the one named in bulletin.yaml, or the default. */
export async function templateFor(edition: Edition): Promise<Template> {
  const dir = edition.config.template ? resolveTemplateDir(edition.dir, edition.config.template) : DEFAULT_TEMPLATE_DIR;
  return loadTemplate(dir);
}

function resolveTemplateDir(editionDir: string, template: string): string {
  const full = path.resolve(editionDir, template);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    throw new BulletinError(`The template folder ${template} (from bulletin.yaml) does not exist.`, 'template-missing');
  }
  if (!isInside(realpathSync(editionDir), real)) {
    throw new BulletinError(`The template folder ${template} lies outside the edition folder; keep custom templates inside it.`, 'template-outside');
  }
  return real;
}


/**
 * Forgets the loaded templates whose folder holds one of `files` (real paths), or lies inside one of them (a
 * folder removed and made again), so that the next build reads them again: the preview calls it for the
 * files that changed.
 */
export function forgetTemplatesHolding(files: Iterable<string>): void {
  for (const file of files) for (const dir of cache.keys()) if (isInside(dir, file) || isInside(file, dir)) cache.delete(dir);
}

export async function loadTemplate(dir: string = DEFAULT_TEMPLATE_DIR): Promise<Template> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    throw new BulletinError(`The template folder ${dir} does not exist.`, 'template-missing');
  }
  const hit = cache.get(real);
  if (hit) return hit;
  let manifestText: string;
  try {
    manifestText = await readFile(path.join(real, 'template.json'), 'utf8');
  } catch {
    throw new BulletinError(`The template folder ${real} has no template.json.`, 'template-invalid');
  }
  let manifest: v.InferOutput<typeof Manifest>;
  try {
    manifest = v.parse(Manifest, JSON.parse(manifestText));
  } catch (err) {
    throw new BulletinError(`${path.join(real, 'template.json')} is not a valid template manifest: ${err instanceof Error ? err.message : String(err)}`, 'template-invalid');
  }
  const css: string[] = [];
  for (const file of manifest.styles) css.push(await readInside(real, file));
  const liquid = new Liquid({
    root: [real],
    partials: [real],
    layouts: [real],
    extname: '.liquid',
    outputEscape: 'escape',
    strictFilters: true,
    relativeReference: false,
    cache: true,
  });
  liquid.registerFilter('css_string', cssString);
  liquid.registerFilter('page_number', pageNumberContent);
  liquid.registerFilter('keep_compounds', keepCompounds);
  const template: Template = {
    dir: real,
    name: manifest.name,
    entry: manifest.entry,
    // Without comments: they never print, and a character in one (an arrow, a letter of another script) would
    // otherwise count as text when the font subsets to embed are chosen.
    css: css.join('\n').replace(/\/\*[\s\S]*?\*\//g, ''),
    fonts: manifest.fonts as FontSpec[],
    print: manifest.print,
    liquid,
  };
  cache.set(real, template);
  return template;
}

async function readInside(root: string, file: string): Promise<string> {
  const full = await realpath(path.resolve(root, file)).catch(() => undefined);
  if (!full || !isInside(root, full)) {
    throw new BulletinError(`The template file ${file} is missing or lies outside the template folder ${root}.`, 'template-invalid');
  }
  return readFile(full, 'utf8');
}

/**
 * The CSS `content` of the page number in the footer, from the labels: “Page 2 of 6” (`page`, the number,
 * `of`, the count), or, when the `page` label holds `{page}`, that label with the numbers in place of
 * `{page}` and `{pages}`, for a language that orders it otherwise: “第{page}页，共{pages}页”, “{page} / {pages}”.
 */
export function pageNumberContent(labels: { page?: unknown; of?: unknown } | undefined): string {
  const page = String(labels?.page ?? '');
  if (!page.includes('{page}')) return `${cssString(page)} " " counter(page) " " ${cssString(labels?.of ?? '')} " " counter(pages)`;
  // split() with the group in the pattern: text at even indexes, `page` or `pages` at odd ones.
  return page
    .split(PAGE_PLACEHOLDER)
    .flatMap((part, i) => (i % 2 === 1 ? [`counter(${part})`] : part === '' ? [] : [cssString(part)]))
    .join(' ');
}

/** A CSS string literal, safe inside a <style> element (for `content:` in @page margin boxes). */
export function cssString(value: unknown): string {
  const s = String(value ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|[\n\r\f]/g, '\\a ')
    .replace(/</g, '\\3c ')
    .replace(/>/g, '\\3e ');
  return `"${s}"`;
}


/**
 * Escapes a title and keeps hyphenated compounds ("non-government") on one line, so that a heading never
 * breaks after a hard hyphen, where a reader (or a search) would take it for a hyphenated word.
 * Returns HTML: follow it with `| raw` (the template escapes all other output).
 */
export function keepCompounds(value: unknown): string {
  return escapeHtml(String(value ?? '')).replace(
    /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu,
    (word) => (word.length <= 24 ? `<span class="nowrap">${word}</span>` : word),
  );
}
