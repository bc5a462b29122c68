/**
 * Photos prepared for the page with sharp: turned upright (EXIF orientation), stripped of metadata (a phone
 * photo's GPS position must not travel in the bulletin), resampled to about 300 dpi at the size they print and
 * recompressed, so that a bulletin with a dozen phone photos stays small enough to e-mail. A photo that prints
 * below 150 dpi gets a warning. The same prepared images serve the PDF and the HTML edition.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { cacheDir } from '../util/cache-dir.js';
import { makeDirs } from '../util/make-dirs.js';
import { readRegularFile } from '../util/read-regular.js';
import { IMAGE_TYPES, MAX_PIXELS, pictureTooLarge, type ImageAsset, type ImageSlot } from '../markdown/markdown-to-html.js';
import type { Template } from './template.js';

export interface PrintGeometry {
  /** Width of a text column in millimetres. */
  columnWidthMm: number;
  /** Width of the text block (all columns): where a panorama prints. */
  textWidthMm: number;
  /** Gap between images set side by side. */
  gapMm: number;
  /** Tallest a single photo prints. */
  maxHeightMm: number;
}

export interface PreparedImage {
  mime: string;
  data: Buffer;
  /** Pixel size of the prepared image. */
  width: number;
  height: number;
  /** Original size, for reports. */
  originalBytes: number;
  resampled: boolean;
}

export const TARGET_DPI = 300;
export const MIN_DPI = 150;

interface CacheEntry {
  image: PreparedImage;
  /** Upright size of the original, for the resolution check. */
  sourceWidth: number;
  sourceHeight: number;
}

const cache = new Map<string, CacheEntry>();

/** Where photos print, from the template, for the edition's page size. */
export function printGeometry(template: Pick<Template, 'print'>, pageSize: 'A4' | 'Letter'): PrintGeometry {
  const { print } = template;
  return {
    columnWidthMm: print.columnWidthMm[pageSize],
    textWidthMm: (print.textWidthMm ?? print.columnWidthMm)[pageSize],
    gapMm: print.gapMm,
    maxHeightMm: print.maxImageHeightMm,
  };
}

/**
 * The low-resolution warnings from the pixel sizes that the pictures' headers give, without decoding them:
 * what lint can say before anyone builds (build says the same from the decoded photos).
 */
export function lowResolutionWarnings(images: readonly ImageAsset[], geometry: PrintGeometry): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const uses of usesByPicture(images).values()) {
    const { width, height, realPath } = uses[0]!;
    if (!width || !height || path.extname(realPath).toLowerCase() === '.svg') continue;
    const warning = lowResolution(uses, geometry, width, height);
    if (warning) out.push(warning);
  }
  return out;
}

/** Every use of each picture, by its token: a photo used twice prints at its widest. */
function usesByPicture(images: readonly ImageAsset[]): Map<string, ImageAsset[]> {
  const byToken = new Map<string, ImageAsset[]>();
  for (const img of images) byToken.set(img.token, [...(byToken.get(img.token) ?? []), img]);
  return byToken;
}

/** Width in millimetres at which an image prints in a slot. */
export function printedWidthMm(slot: ImageSlot, geometry: PrintGeometry, aspect: number): number {
  const width = slot.wide ? geometry.textWidthMm : (geometry.columnWidthMm - slot.gaps * geometry.gapMm) * slot.share;
  // A photo on a row of its own is limited by its height too.
  return slot.alone ? Math.min(width, geometry.maxHeightMm * aspect) : width;
}

export async function prepareImages(
  images: readonly ImageAsset[],
  geometry: PrintGeometry,
): Promise<{ images: Map<string, PreparedImage>; diagnostics: Diagnostic[] }> {
  const byToken = usesByPicture(images);
  const out = new Map<string, PreparedImage>();
  // Each picture's findings, in the order the pictures are used, whichever finishes first.
  const found = await Promise.all(
    [...byToken.entries()].map(async ([token, uses]) => {
      const first = uses[0]!;
      const pixels = path.extname(first.realPath).toLowerCase() === '.svg' ? 0 : (first.width ?? 0) * (first.height ?? 0);
      const diagnostics: Diagnostic[] = [];
      const prepared = await decoding.run(pixels, () => prepareImage(uses, geometry, diagnostics));
      // A picture that could not be prepared prints as nothing (the build stops on its error; the preview
      // shows the error): the file is not read again to embed it.
      out.set(token, prepared ?? { mime: 'image/png', data: Buffer.alloc(0), width: 0, height: 0, originalBytes: 0, resampled: false });
      return diagnostics;
    }),
  );
  return { images: out, diagnostics: found.flat() };
}

/** One picture, prepared for all of its uses; undefined (and an error in `diagnostics`) when it cannot be. */
async function prepareImage(uses: readonly ImageAsset[], geometry: PrintGeometry, diagnostics: Diagnostic[]): Promise<PreparedImage | undefined> {
  const first = uses[0]!;
  const ext = path.extname(first.realPath).toLowerCase();
  const mime = IMAGE_TYPES[ext] ?? 'application/octet-stream';
  let info: Awaited<ReturnType<typeof stat>>;
  let original: Buffer;
  try {
    info = await stat(first.realPath);
    // Checked when the report was read; a file that grew since is not read whole.
    const tooLarge = pictureTooLarge(ext, info.size, first.file);
    if (tooLarge) {
      diagnostics.push(pictureError(first, 'image/too-large', tooLarge));
      return undefined;
    }
    original = await readRegularFile(first.realPath);
  } catch (err) {
    // Checked when the report was read, gone or swapped for something else since.
    diagnostics.push(
      pictureError(first, 'image/not-found', `The picture ${first.file} could not be read while building (${err instanceof Error ? err.message : String(err)}): it changed after it was checked. Build again.`),
    );
    return undefined;
  }
  const slots = [...new Set(uses.map((u) => `${u.slot.share.toFixed(4)}/${u.slot.gaps}/${u.slot.alone}${u.slot.wide ? '/wide' : ''}`))].sort().join(',');
  const memoryKey = `${first.realPath}|${info.size}|${info.mtimeMs}|${slots}|${JSON.stringify(geometry)}`;
  const report = (w: number, h: number) => {
    const warning = lowResolution(uses, geometry, w, h);
    if (warning) diagnostics.push(warning);
  };
  if (ext === '.svg') {
    // Vector art prints sharp at any size.
    return { mime, data: original, width: 0, height: 0, originalBytes: original.length, resampled: false };
  }
  const hit = cache.get(memoryKey);
  if (hit) {
    if (cutShortByKey.get(memoryKey) === 'cut-short') diagnostics.push(truncated(first));
    report(hit.sourceWidth, hit.sourceHeight);
    return hit.image;
  }
  // Every decoder failure, however the file is damaged, is the picture's error, never the build's crash.
  const unreadable = (err: unknown): undefined => {
    // sharp's own message, not libvips's shared one: it is this picture's.
    if (/pixel limit/i.test(err instanceof Error ? err.message : String(err))) {
      diagnostics.push(
        pictureError(first, 'image/too-large', `The photo ${first.file} has more pixels than the ${Math.floor(MAX_PIXELS / 1e6)} megapixels the build decodes. Export it smaller: 3000 pixels across is plenty for a printed page.`),
      );
    } else {
      const why = decoderMessage(err, ext);
      diagnostics.push(pictureError(first, 'image/unsupported-type', `The picture ${first.file} cannot be read: it is damaged${why ? ` (${why})` : ''}. Export it again as JPEG or PNG.`));
    }
    return undefined;
  };
  if (!endsWhole(original, ext)) {
    const state = await cutShort(original, memoryKey);
    if (state === 'cut-short') diagnostics.push(truncated(first));
    if (state === 'unreadable') return unreadable(new Error('damaged'));
  }
  // Keyed by the bytes and where they print: an unchanged photo needs no decoding, nor even sharp.
  const diskKey = createHash('sha256').update(original).update(`|${slots}|${JSON.stringify(geometry)}|${PIPELINE_VERSION}`).digest('hex');
  const fromDisk = await readCached(diskKey, original);
  if (fromDisk) {
    cache.set(memoryKey, fromDisk);
    report(fromDisk.sourceWidth, fromDisk.sourceHeight);
    return fromDisk.image;
  }
  const sharp = await loadSharp();
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(original, { failOn: 'none', limitInputPixels: MAX_PIXELS }).metadata();
  } catch (err) {
    return unreadable(err);
  }
  const rotated = (meta.orientation ?? 1) >= 5; // EXIF orientations 5–8 swap width and height
  const w = (rotated ? meta.height : meta.width) ?? 0;
  const h = (rotated ? meta.width : meta.height) ?? 0;
  if (w === 0 || h === 0) return { mime, data: original, width: w, height: h, originalBytes: original.length, resampled: false };
  if (w * h > MAX_PIXELS) return unreadable(new Error('pixel limit'));
  report(w, h);
  const mm = Math.max(...uses.map((u) => printedWidthMm(u.slot, geometry, w / h)));
  const targetWidth = Math.ceil((mm / 25.4) * TARGET_DPI);
  const hasMetadata = Boolean(meta.exif || meta.xmp || meta.iptc) || (meta.orientation ?? 1) !== 1;
  // A photo up to a quarter larger than needed is kept as it is: resampling it saves little.
  const tooBig = w > targetWidth * 1.25;
  // More bytes than even an uncompressed photo has: something rides along after the picture (padding, a
  // phone's video), which the bulletin need not carry.
  const padded = original.length > w * h * 4 + 65536;
  let prepared: PreparedImage;
  if (!tooBig && !hasMetadata && !padded && (ext === '.jpg' || ext === '.jpeg' || ext === '.png')) {
    prepared = { mime, data: original, width: w, height: h, originalBytes: original.length, resampled: false };
  } else {
    let pipeline = sharp(original, { failOn: 'none', animated: false, limitInputPixels: MAX_PIXELS }).rotate();
    if (tooBig) pipeline = pipeline.resize({ width: targetWidth, withoutEnlargement: true });
    const keepPng = meta.hasAlpha === true || ext === '.png' || ext === '.gif';
    pipeline = keepPng
      ? pipeline.png({ compressionLevel: 9, adaptiveFiltering: true })
      : pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true, chromaSubsampling: '4:2:0' });
    let result: { data: Buffer; info: { width: number; height: number } };
    try {
      result = await pipeline.toBuffer({ resolveWithObject: true });
    } catch (err) {
      return unreadable(err);
    }
    prepared = {
      mime: keepPng ? 'image/png' : 'image/jpeg',
      data: result.data,
      width: result.info.width,
      height: result.info.height,
      originalBytes: original.length,
      resampled: tooBig,
    };
  }
  const entry = { image: prepared, sourceWidth: w, sourceHeight: h };
  cache.set(memoryKey, entry);
  await writeCached(diskKey, entry, prepared.data === original);
  return prepared;
}

/**
 * Pictures are decoded a few at a time, and only as many pixels at once as MAX_PIXELS: a decoder can need
 * several bytes a pixel (a progressive JPEG keeps all of its coefficients: up to 6 bytes a pixel), so a dozen
 * large photos decoded together would take gigabytes. Small photos go side by side, one a processor; a large
 * one waits until it has the memory to itself (in order, so it is never overtaken for ever).
 */
export class DecodingLimit {
  private used = 0;
  private running = 0;
  private readonly waiting: { weight: number; start: () => void }[] = [];

  constructor(
    private readonly pixels: number,
    private readonly jobs: number,
  ) {}

  async run<T>(pixels: number, task: () => Promise<T>): Promise<T> {
    const weight = Math.min(Math.max(pixels, 0), this.pixels);
    await new Promise<void>((start) => {
      this.waiting.push({ weight, start });
      this.next();
    });
    try {
      return await task();
    } finally {
      this.used -= weight;
      this.running--;
      this.next();
    }
  }

  private next(): void {
    for (let head = this.waiting[0]; head; head = this.waiting[0]) {
      if (this.running >= this.jobs || (this.running > 0 && this.used + head.weight > this.pixels)) return;
      this.waiting.shift();
      this.used += head.weight;
      this.running++;
      head.start();
    }
  }
}

type Sharp = (typeof import('sharp'))['default'];
let sharpLoaded: Promise<Sharp> | undefined;

/**
 * sharp, loaded when first needed, with libvips's cache of operations off: the cache counts only the memory
 * libvips allocates itself, not a decoder's, so it kept the decoder of every large photo alive (a progressive
 * JPEG's holds up to 6 bytes a pixel: 700 MB for a 110-megapixel photo). Each picture is decoded once per
 * build anyway.
 */
function loadSharp(): Promise<Sharp> {
  sharpLoaded ??= import('sharp').then((m) => {
    m.default.cache(false);
    return m.default;
  });
  return sharpLoaded;
}

const decoding = new DecodingLimit(MAX_PIXELS, Math.max(1, availableParallelism()));

function truncated(image: ImageAsset): Diagnostic {
  const use = image.usedAt ?? { file: image.file, line: 1, column: 1 };
  return {
    ...use,
    severity: 'warning',
    ruleId: 'image/truncated',
    message: `The photo ${image.file} is cut short (an interrupted copy or download): what is missing prints as a grey band at its bottom. Copy or export it again from the original.`,
  };
}

/** An error about a picture, where the report first uses it (the picture's own file, if that is unknown). */
function pictureError(image: ImageAsset, ruleId: string, message: string): Diagnostic {
  return {
    file: image.usedAt?.file ?? image.file,
    line: image.usedAt?.line ?? 1,
    column: image.usedAt?.column ?? 1,
    severity: 'error',
    ruleId,
    message,
  };
}

/** Whether a JPEG or PNG ends as a whole file does (a copy cut short does not); other types are not checked. */
function endsWhole(data: Buffer, ext: string): boolean {
  if (ext === '.jpg' || ext === '.jpeg') {
    let end = data.length;
    while (end > 2 && data[end - 1] === 0) end--; // some writers pad with zeros
    return data[end - 2] === 0xff && data[end - 1] === 0xd9;
  }
  if (ext === '.png') return data.length >= 12 && data.toString('latin1', data.length - 8, data.length - 4) === 'IEND';
  return true;
}

const cutShortByKey = new Map<string, 'cut-short' | 'whole' | 'unreadable'>();

/**
 * Whether the decoder finds the picture cut short. Asked only of a file that does not end as a whole one does:
 * data after the end (a phone's "motion photo") is not damage.
 *
 * Cut short means: decoding fails when truncation counts as failure, and succeeds when nothing does; when it
 * fails either way, the picture cannot be read at all. The decoder's message is not read: with several
 * pictures decoded at once, libvips sometimes reports only "Unknown error" (its error text is shared between
 * threads).
 */
async function cutShort(data: Buffer, key: string): Promise<'cut-short' | 'whole' | 'unreadable'> {
  let known = cutShortByKey.get(key);
  if (known === undefined) {
    const sharp = await loadSharp();
    // Decoded small: every byte is still read (so a missing end is still found), but a JPEG is decoded at an
    // eighth of its size, and nothing is encoded.
    const decodes = (failOn: 'truncated' | 'none'): Promise<boolean> =>
      sharp(data, { failOn, limitInputPixels: MAX_PIXELS })
        .resize({ width: 64, height: 64, fit: 'inside' })
        .raw()
        .toBuffer()
        .then(() => true)
        .catch(() => false);
    known = (await decodes('truncated')) ? 'whole' : (await decodes('none')) ? 'cut-short' : 'unreadable';
    cutShortByKey.set(key, known);
  }
  return known;
}

/** How each decoder names itself in its messages. */
const LOADER: Record<string, RegExp> = { '.jpg': /jpe?g/i, '.jpeg': /jpe?g/i, '.png': /png/i, '.gif': /gif/i, '.webp': /webp/i, '.avif': /heif|avif/i };

/**
 * The decoder's complaint about a picture of type `ext`, on one line, or undefined. libvips repeats itself
 * over many lines, adds its own (seeks it retried, a writer that got nothing), and keeps the text of all
 * threads' errors in one place: with several pictures decoded at once, a message may be another picture's.
 * Only a line in which this picture's decoder names itself is kept.
 */
function decoderMessage(err: unknown, ext: string): string | undefined {
  const lines = (err instanceof Error ? err.message : String(err)).split('\n').map((l) => l.trim().replace(/:$/, '')).filter(Boolean);
  const own = LOADER[ext];
  return lines.find((l) => own?.test(l) && !/^vips2|unable to write to target/i.test(l));
}

/** Warns at the use that prints widest, when the photo has too few pixels for it. */
function lowResolution(uses: readonly ImageAsset[], geometry: PrintGeometry, w: number, h: number): Diagnostic | undefined {
  if (w === 0 || h === 0) return undefined;
  let widest = uses[0]!;
  let mm = 0;
  for (const u of uses) {
    const width = printedWidthMm(u.slot, geometry, w / h);
    if (width > mm) [widest, mm] = [u, width];
  }
  const dpi = w / (mm / 25.4);
  if (dpi >= MIN_DPI || !widest.usedAt) return undefined;
  return {
    file: widest.usedAt.file,
    line: widest.usedAt.line,
    column: widest.usedAt.column,
    severity: 'warning',
    ruleId: 'image/low-resolution',
    message: `The photo ${widest.file} is ${w} × ${h} pixels; printed ${Math.round(mm)} mm wide that is ${Math.round(dpi)} dpi, below the ${MIN_DPI} dpi that print needs (${TARGET_DPI} is ideal). Use the original file from the camera or phone, at least ${Math.ceil((mm / 25.4) * MIN_DPI)} pixels wide.`,
  };
}

/** Bumped when the resampling changes, so that old cache entries are not used. */
const PIPELINE_VERSION = 2;

/**
 * Resampled photos are kept between builds (an editor rebuilds many times), in the cache folder (see
 * cacheDir). Entries are named by a hash of the original bytes and the target size, so a changed photo never
 * hits an old entry. Any failure only means no cache.
 */
async function readCached(key: string, original: Buffer): Promise<CacheEntry | undefined> {
  try {
    const dir = cacheDir('images');
    const meta = JSON.parse(await readFile(path.join(dir, `${key}.json`), 'utf8')) as {
      mime: string;
      width: number;
      height: number;
      resampled: boolean;
      sourceWidth: number;
      sourceHeight: number;
      original: boolean;
    };
    const data = meta.original ? original : await readFile(path.join(dir, `${key}.bin`));
    const image = { mime: meta.mime, width: meta.width, height: meta.height, resampled: meta.resampled, data, originalBytes: original.length };
    return { image, sourceWidth: meta.sourceWidth, sourceHeight: meta.sourceHeight };
  } catch {
    return undefined;
  }
}

async function writeCached(key: string, entry: CacheEntry, isOriginal: boolean): Promise<void> {
  try {
    const dir = cacheDir('images');
    await makeDirs(dir);
    const tmp = `.${process.pid}.${Math.random().toString(36).slice(2)}`;
    if (!isOriginal) {
      await writeFile(path.join(dir, `${key}.bin${tmp}`), entry.image.data);
      await rename(path.join(dir, `${key}.bin${tmp}`), path.join(dir, `${key}.bin`));
    }
    const { image } = entry;
    const meta = {
      mime: image.mime,
      width: image.width,
      height: image.height,
      resampled: image.resampled,
      sourceWidth: entry.sourceWidth,
      sourceHeight: entry.sourceHeight,
      original: isOriginal,
    };
    await writeFile(path.join(dir, `${key}.json${tmp}`), JSON.stringify(meta));
    await rename(path.join(dir, `${key}.json${tmp}`), path.join(dir, `${key}.json`));
  } catch {
    // no cache, no harm
  }
}
