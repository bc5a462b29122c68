/**
 * Photos prepared for the page with sharp: turned upright (EXIF orientation), stripped of metadata (a phone
 * photo's GPS position must not travel in the bulletin), resampled to about 300 dpi at the size they print and
 * recompressed, so that a bulletin with a dozen phone photos stays small enough to e-mail. A photo that prints
 * below 150 dpi gets a warning. The same prepared images serve the PDF and the HTML edition.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { cacheDir } from '../util/cache-dir.js';
import { makeDirs } from '../util/make-dirs.js';
import { readRegularFile } from '../util/read-regular.js';
import { IMAGE_TYPES, type ImageAsset, type ImageSlot } from '../markdown/markdown-to-html.js';
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
  const diagnostics: Diagnostic[] = [];
  await Promise.all(
    [...byToken.entries()].map(async ([token, uses]) => {
      const first = uses[0]!;
      const ext = path.extname(first.realPath).toLowerCase();
      const mime = IMAGE_TYPES[ext] ?? 'application/octet-stream';
      let info: Awaited<ReturnType<typeof stat>>;
      let original: Buffer;
      try {
        info = await stat(first.realPath);
        original = await readRegularFile(first.realPath);
      } catch (err) {
        // Checked when the report was read, gone or swapped for something else since.
        diagnostics.push(
          pictureError(first, 'image/not-found', `The picture ${first.file} could not be read while building (${err instanceof Error ? err.message : String(err)}): it changed after it was checked. Build again.`),
        );
        return;
      }
      const slots = [...new Set(uses.map((u) => `${u.slot.share.toFixed(4)}/${u.slot.gaps}/${u.slot.alone}${u.slot.wide ? '/wide' : ''}`))].sort().join(',');
      const memoryKey = `${first.realPath}|${info.size}|${info.mtimeMs}|${slots}|${JSON.stringify(geometry)}`;
      const report = (w: number, h: number) => {
        const warning = lowResolution(uses, geometry, w, h);
        if (warning) diagnostics.push(warning);
      };
      if (!endsWhole(original, ext) && (await cutShort(original, memoryKey))) {
        const use = first.usedAt ?? { file: first.file, line: 1, column: 1 };
        diagnostics.push({
          ...use,
          severity: 'warning',
          ruleId: 'image/truncated',
          message: `The photo ${first.file} is cut short (an interrupted copy or download): what is missing prints as a grey band at its bottom. Copy or export it again from the original.`,
        });
      }
      if (ext === '.svg') {
        // Vector art prints sharp at any size.
        out.set(token, { mime, data: original, width: 0, height: 0, originalBytes: original.length, resampled: false });
        return;
      }
      const hit = cache.get(memoryKey);
      if (hit) {
        report(hit.sourceWidth, hit.sourceHeight);
        out.set(token, hit.image);
        return;
      }
      // Keyed by the bytes and where they print: an unchanged photo needs no decoding, nor even sharp.
      const diskKey = createHash('sha256').update(original).update(`|${slots}|${JSON.stringify(geometry)}|${PIPELINE_VERSION}`).digest('hex');
      const fromDisk = await readCached(diskKey, original);
      if (fromDisk) {
        cache.set(memoryKey, fromDisk);
        report(fromDisk.sourceWidth, fromDisk.sourceHeight);
        out.set(token, fromDisk.image);
        return;
      }
      const { default: sharp } = await import('sharp');
      let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
      try {
        meta = await sharp(original, { failOn: 'none' }).metadata();
      } catch (err) {
        diagnostics.push(pictureError(first, 'image/unsupported-type', `The picture ${first.file} cannot be read (${decoderMessage(err)}). Export it again as JPEG or PNG.`));
        return;
      }
      const rotated = (meta.orientation ?? 1) >= 5; // EXIF orientations 5–8 swap width and height
      const w = (rotated ? meta.height : meta.width) ?? 0;
      const h = (rotated ? meta.width : meta.height) ?? 0;
      if (w === 0 || h === 0) {
        out.set(token, { mime, data: original, width: w, height: h, originalBytes: original.length, resampled: false });
        return;
      }
      report(w, h);
      const mm = Math.max(...uses.map((u) => printedWidthMm(u.slot, geometry, w / h)));
      const targetWidth = Math.ceil((mm / 25.4) * TARGET_DPI);
      const hasMetadata = Boolean(meta.exif || meta.xmp || meta.iptc) || (meta.orientation ?? 1) !== 1;
      // A photo up to a quarter larger than needed is kept as it is: resampling it saves little.
      const tooBig = w > targetWidth * 1.25;
      let prepared: PreparedImage;
      if (!tooBig && !hasMetadata && (ext === '.jpg' || ext === '.jpeg' || ext === '.png')) {
        prepared = { mime, data: original, width: w, height: h, originalBytes: original.length, resampled: false };
      } else {
        let pipeline = sharp(original, { failOn: 'none', animated: false }).rotate();
        if (tooBig) pipeline = pipeline.resize({ width: targetWidth, withoutEnlargement: true });
        const keepPng = meta.hasAlpha === true || ext === '.png' || ext === '.gif';
        pipeline = keepPng
          ? pipeline.png({ compressionLevel: 9, adaptiveFiltering: true })
          : pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true, chromaSubsampling: '4:2:0' });
        const { data, info: outInfo } = await pipeline.toBuffer({ resolveWithObject: true });
        prepared = {
          mime: keepPng ? 'image/png' : 'image/jpeg',
          data,
          width: outInfo.width,
          height: outInfo.height,
          originalBytes: original.length,
          resampled: tooBig,
        };
      }
      const entry = { image: prepared, sourceWidth: w, sourceHeight: h };
      cache.set(memoryKey, entry);
      out.set(token, prepared);
      await writeCached(diskKey, entry, prepared.data === original);
    }),
  );
  return { images: out, diagnostics };
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

const cutShortByKey = new Map<string, boolean>();

/**
 * Whether the decoder finds the picture cut short. Asked only of a file that does not end as a whole one does:
 * data after the end (a phone's "motion photo") is not damage.
 *
 * Cut short means: decoding fails when truncation counts as failure, and succeeds when nothing does. The
 * decoder's message is not read: with several pictures decoded at once, libvips sometimes reports only
 * "Unknown error" (its error text is shared between threads).
 */
async function cutShort(data: Buffer, key: string): Promise<boolean> {
  let known = cutShortByKey.get(key);
  if (known === undefined) {
    const { default: sharp } = await import('sharp');
    const decodes = (failOn: 'truncated' | 'none'): Promise<boolean> =>
      sharp(data, { failOn })
        .toBuffer()
        .then(() => true)
        .catch(() => false);
    known = !(await decodes('truncated')) && (await decodes('none'));
    cutShortByKey.set(key, known);
  }
  return known;
}

/** The decoder's complaint, on one line: libvips repeats itself over many. */
function decoderMessage(err: unknown): string {
  const lines = (err instanceof Error ? err.message : String(err)).split('\n').map((l) => l.trim().replace(/:$/, '')).filter(Boolean);
  return lines[0] ?? 'the decoder gave no reason';
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
