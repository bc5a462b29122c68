/**
 * Preparing pictures for the page: every decoder failure is the picture's error at its place in the report,
 * never the build's crash; pictures too large for memory are refused; decoding is bounded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageAsset } from '../../src/markdown/markdown-to-html.js';
import { DecodingLimit, prepareImages } from '../../src/render/images.js';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-images-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
// Narrow columns, so that the small pictures below print at 300 dpi (no low-resolution warnings).
const geometry = { columnWidthMm: 25, textWidthMm: 50, gapMm: 1.5, maxHeightMm: 92 };

/** A picture used by reports/r.md at `line`, as the Markdown stage hands it over. */
function asset(name: string, data: Buffer, line: number, size = { width: 300, height: 200 }): ImageAsset {
  const realPath = path.join(dir, name);
  fs.writeFileSync(realPath, data);
  return { token: `bulletin-asset/${name}`, realPath, file: `assets/${name}`, slot: { share: 1, gaps: 0, alone: true }, ...size, usedAt: { file: 'reports/r.md', line, column: 3 } };
}

/** A 300 × 200 picture with detail (deterministic, so that the damage below is the same every run). */
function pixels(): Promise<Buffer> {
  const raw = Buffer.alloc(300 * 200 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) % 251;
  return sharp(raw, { raw: { width: 300, height: 200, channels: 3 } }).png().toBuffer();
}

describe('damaged pictures', () => {
  it('reports a picture whose header reads but whose pixels do not as an error where the report uses it', async () => {
    const png = await pixels();
    // Damage after the header, as a bad copy or a failing disk leaves it: the size still reads (lint passes).
    const webp = await sharp(png).webp().toBuffer();
    webp.fill(0xff, 40);
    const gif = await sharp(png).gif().toBuffer();
    gif.fill(0xff, Math.floor(gif.length * 0.4), Math.floor(gif.length * 0.6));
    const avif = await sharp(png).avif().toBuffer();
    avif.fill(0x55, Math.floor(avif.length * 0.4), Math.floor(avif.length * 0.6));
    const good = await sharp(png).webp().toBuffer();
    const images = [asset('bad.webp', webp, 3), asset('bad.gif', gif, 5), asset('bad.avif', avif, 7), asset('good.webp', good, 9)];
    for (const img of images.slice(0, 3)) expect((await sharp(img.realPath).metadata()).width, img.file).toBe(300);
    const r = await prepareImages(images, geometry);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleId}`)).toEqual([
      'reports/r.md:3:3 error image/unsupported-type',
      'reports/r.md:5:3 error image/unsupported-type',
      'reports/r.md:7:3 error image/unsupported-type',
    ]);
    // The decoder's words when they are surely this picture's (libvips keeps all threads' errors in one place).
    const [webpMessage, gifMessage, avifMessage] = r.diagnostics.map((d) => d.message);
    expect(webpMessage).toMatch(/^The picture assets\/bad\.webp cannot be read: it is damaged( \(webp2vips: unable to read pixels\))?\. Export it again as JPEG or PNG\.$/);
    expect(gifMessage).toMatch(/^The picture assets\/bad\.gif cannot be read: it is damaged( \(gifload_buffer: Invalid frame data\))?\. /);
    expect(avifMessage).toMatch(/^The picture assets\/bad\.avif cannot be read: it is damaged( \(heif: [^)]*\)[^)]*\))?\. /);
    expect(r.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/bad seek|unable to write|vips2/);
    // the damaged ones are not read again to be embedded: they stand for nothing, and the build stops on them
    expect(r.images.get('bulletin-asset/bad.webp')!.data.length).toBe(0);
    expect(r.images.get('bulletin-asset/good.webp')!.mime).toBe('image/jpeg');
  });

  it('reports a JPEG or PNG that does not end and cannot be decoded at all as damaged, not cut short', async () => {
    const jpeg = Buffer.concat([(await sharp(await pixels()).jpeg().toBuffer()).subarray(0, 200), Buffer.alloc(2000, 0x31)]);
    const r = await prepareImages([asset('garbage.jpg', jpeg, 4)], geometry);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity, d.line])).toEqual([['image/unsupported-type', 'error', 4]]);
  });
});

describe('pictures too large', () => {
  it('refuses a picture with more pixels than the limit even when its size was read otherwise', async () => {
    // A whole PNG (it ends with IEND) whose header says 20000 × 10000 pixels; lint's reading said 300 × 200.
    const chunk = (type: string, data: Buffer) => {
      const b = Buffer.alloc(12 + data.length);
      b.writeUInt32BE(data.length, 0);
      b.write(type, 4, 'latin1');
      data.copy(b, 8);
      b.writeUInt32BE(zlib.crc32(b.subarray(4, 8 + data.length)), 8 + data.length);
      return b;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(20000, 0);
    ihdr.writeUInt32BE(10000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(100))), chunk('IEND', Buffer.alloc(0))]);
    const t0 = performance.now();
    const r = await prepareImages([asset('lies.png', png, 6)], geometry);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity, d.line, d.column])).toEqual([['image/too-large', 'error', 6, 3]]);
    expect(r.diagnostics[0]!.message).toContain('more pixels than the 120 megapixels the build decodes');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('refuses a picture that grew past 50 MB after it was checked, without reading it', async () => {
    const img = asset('grown.jpg', await sharp(await pixels()).jpeg().toBuffer(), 8);
    fs.truncateSync(img.realPath, 3 * 1024 * 1024 * 1024); // sparse: 3 GB that take no room
    const r = await prepareImages([img], geometry);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity, d.line])).toEqual([['image/too-large', 'error', 8]]);
    expect(r.diagnostics[0]!.message).toContain('3072 MB, more than the 50 MB');
  });

  it('does not carry padding after a photo into the bulletin', async () => {
    const jpeg = await sharp(await pixels()).jpeg().toBuffer();
    const padded = Buffer.concat([jpeg, Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    const r = await prepareImages([asset('padded.jpg', padded, 2)], geometry);
    expect(r.diagnostics).toEqual([]);
    const out = r.images.get('bulletin-asset/padded.jpg')!;
    expect(out.data.length).toBeLessThan(jpeg.length * 2);
    expect((await sharp(out.data).metadata()).width).toBe(300);
  });
});

describe('the decoding limit', () => {
  it('runs small pictures side by side, one a processor, and a large one with the memory to itself', async () => {
    const limit = new DecodingLimit(100, 2);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string, ms: number) => async () => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      running--;
    };
    await Promise.all([
      limit.run(10, job('a', 30)),
      limit.run(10, job('b', 30)),
      limit.run(10, job('c', 30)), // a third small one waits: two at a time
      limit.run(90, job('big', 30)), // waits until it fits (10 + 90 ≤ 100)
      limit.run(60, job('d', 10)), // in order: not before the big one, and not beside it
      limit.run(500, job('huge', 10)), // more than the budget: alone
    ]);
    expect(most).toBe(2);
    expect(log.indexOf('start c')).toBeGreaterThan(log.indexOf('end a'));
    expect(log.indexOf('start big')).toBeGreaterThan(Math.min(log.indexOf('end b'), log.indexOf('end c')));
    expect(log.indexOf('start d')).toBeGreaterThan(log.indexOf('end big'));
    expect(log.indexOf('start huge')).toBeGreaterThan(log.indexOf('end d'));
    expect(log.indexOf('end huge')).toBe(log.length - 1);
  });

  it('goes on after a task fails', async () => {
    const limit = new DecodingLimit(10, 1);
    await expect(limit.run(5, () => Promise.reject(new Error('decoder')))).rejects.toThrow('decoder');
    await expect(limit.run(5, () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
