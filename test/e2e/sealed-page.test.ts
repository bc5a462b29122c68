/**
 * The printed page is sealed: even a template that asks for remote and local resources gets nothing, and
 * the build names each refused request. A canary server on 127.0.0.1 must receive no request at all.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { DEFAULT_TEMPLATE_DIR } from '../../src/render/template.js';
import { copyExample, tempDir } from '../helpers/edition.js';
import { pdfPagesText } from '../helpers/pdf.js';

describe('a template that tries to load outside resources', () => {
  const tmp = tempDir();
  const hits: string[] = [];
  let server: http.Server;
  let result: BuildResult;
  const canary = path.join(tmp.dir, 'canary.txt');

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('CANARY-SERVER-CONTENT');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    writeFileSync(canary, 'CANARY-FILE-CONTENT');

    const edition = copyExample(tmp.dir);
    const template = path.join(edition, 'template');
    cpSync(DEFAULT_TEMPLATE_DIR, template, { recursive: true });
    const entry = path.join(template, 'edition.liquid');
    // No CSP in this template, so that only bulletin's own sealing stands between the page and the world.
    const hostile = readFileSync(entry, 'utf8')
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace(
        '</head>',
        `<link rel="stylesheet" href="http://127.0.0.1:${port}/style.css">
<style>body { background-image: url(http://127.0.0.1:${port}/bg.png); }</style>
<script src="http://127.0.0.1:${port}/script.js"></script>
</head>`,
      )
      .replace(
        '<main class="articles">',
        `<main class="articles">
<img src="file://${canary}" alt="canary">
<iframe src="file://${canary}"></iframe>
<iframe src="http://127.0.0.1:${port}/frame"></iframe>
<object data="http://127.0.0.1:${port}/object"></object>
<img src="http://localhost:${port}/by-name.png" alt="by name">`,
      );
    writeFileSync(entry, hostile);
    writeFileSync(path.join(edition, 'bulletin.yaml'), `${readFileSync(path.join(edition, 'bulletin.yaml'), 'utf8')}template: template\n`);
    result = await build(edition, { outDir: path.join(tmp.dir, 'out') });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    tmp.cleanup();
  });

  it('lets no request reach the canary server', () => {
    expect(hits).toEqual([]);
  });

  it('prints neither the canary file nor the server’s answer', () => {
    const pdf = result.files.find((f) => f.format === 'pdf')!.path;
    const text = pdfPagesText(pdf).join(' ');
    expect(text).not.toContain('CANARY');
    expect(readFileSync(pdf).includes('CANARY')).toBe(false);
  });

  it('reports each refused request', () => {
    const refused = result.diagnostics.filter((d) => d.ruleId === 'render/refused-request').map((d) => d.message);
    expect(refused.some((m) => m.includes('/style.css'))).toBe(true);
    expect(refused.some((m) => m.includes('file://'))).toBe(true);
    expect(refused.some((m) => m.includes('/frame'))).toBe(true);
  });
});
