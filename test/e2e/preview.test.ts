/**
 * The editor's loop: the preview serves the edition, follows edits, shows problems over the page without ever
 * going blank, prints the PDF with true numbers from a warm browser, and leaves nothing behind when stopped.
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewEvent, type PreviewOptions, type PreviewServer } from '../../src/preview/preview-server.js';
import { CLI, copyExample, ROOT, tempDir } from '../helpers/edition.js';
import { contentsAndHeadings, pdfInfo, pdfPagesText } from '../helpers/pdf.js';
import { openPdf, outlineWithPages } from '../helpers/pdfjs.js';

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const profiles = () => new Set(readdirSync(os.tmpdir()).filter((f) => f.startsWith('bulletin-chrome-')));

/**
 * A copy of the example edition, changed first by `prepare` if given, served by a preview (debounce 50 ms unless
 * `options` say otherwise) while `use` runs; then the preview is closed and the copy removed.
 */
async function withPreview(
  options: Omit<PreviewOptions, 'editionDir' | 'port'>,
  use: (it: { preview: PreviewServer; edition: string; report: string }) => Promise<void>,
  prepare?: (it: { edition: string; report: string }) => void,
): Promise<void> {
  const tmp = tempDir();
  const edition = copyExample(tmp.dir);
  const report = path.join(edition, 'reports', 'kazakhstan-aktau-seminar.md');
  try {
    prepare?.({ edition, report });
    const preview = await startPreview({ editionDir: edition, port: 0, debounceMs: 50, ...options });
    try {
      await use({ preview, edition, report });
    } finally {
      await preview.close();
    }
  } finally {
    tmp.cleanup();
  }
}

describe('bulletin preview', () => {
  const tmp = tempDir();
  let edition: string;
  let preview: PreviewServer;
  const report = () => path.join(edition, 'reports', 'kazakhstan-aktau-seminar.md');
  const page = async () => (await fetch(preview.url)).text();
  let before: Set<string>;

  beforeAll(async () => {
    before = profiles();
    edition = copyExample(tmp.dir);
    preview = await startPreview({ editionDir: edition, port: 0, debounceMs: 50 });
  });
  afterAll(async () => {
    await preview?.close();
    tmp.cleanup();
  });

  it('serves the HTML edition on 127.0.0.1', async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await page();
    expect(html).toContain('Counter-Trafficking Programme in Central Asia');
    expect(html).toContain('In this edition');
    expect(html).not.toContain('bulletin-overlay');
    // the reload script is allowed by a nonce in the preview only
    expect(html).toMatch(/script-src 'nonce-[^']+'/);
  });

  it('answers only to local host names (no DNS rebinding)', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(preview.url, { headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    const port = new URL(preview.url).port;
    expect(await status(`evil.example:${port}`)).toBe(421);
    expect(await status(`127.0.0.1.evil.example:${port}`)).toBe(421);
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status(`127.0.0.1:${port}`)).toBe(200);
  });

  it('serves the new text after a report changes', async () => {
    writeFileSync(report(), readFileSync(report(), 'utf8').replace('The key stakeholders', 'The principal stakeholders'));
    await until('the edited text', async () => ((await page()).includes('prin\u00adci\u00adpal') || (await page()).includes('principal') ? true : undefined));
  });

  it('shows a broken report as an overlay over the last good page, and clears it when fixed', async () => {
    const good = readFileSync(report(), 'utf8');
    writeFileSync(report(), good.replace('date: 2014-11', 'date: 2014-13'));
    const broken = await until('the overlay', async () => {
      const html = await page();
      return html.includes('bulletin-overlay') ? html : undefined;
    });
    expect(broken).toContain('reports/kazakhstan-aktau-seminar.md:4:7');
    expect(broken).toContain('2014-13');
    expect(broken).toContain('In this edition'); // the last good edition is still there underneath
    // no PDF of the last good version, which would not show the latest changes and not say so
    const pdf = await fetch(`${preview.url}edition.pdf`);
    expect(pdf.status).toBe(503);
    expect(await pdf.text()).toMatch(/The edition has errors, so a PDF would not show the latest changes/);
    writeFileSync(report(), good);
    await until('the overlay to go', async () => (!(await page()).includes('bulletin-overlay') ? true : undefined));
  });

  it('prints /edition.pdf with contents numbers as true as build’s, edit after edit', async () => {
    // Round 1 swaps in the new body whole, round 2 only the part that changed.
    const words = ['principal', 'main', 'chief'];
    for (let round = 0; round < words.length; round++) {
      if (round > 0) writeFileSync(report(), readFileSync(report(), 'utf8').replace(`The ${words[round - 1]} stakeholders`, `The ${words[round]} stakeholders`));
      const res = await until('the PDF', async () => {
        const r = await fetch(`${preview.url}edition.pdf`);
        const buf = Buffer.from(await r.arrayBuffer());
        return r.status === 200 && pdfText(buf).includes(`${words[round]} stakeholders`) ? buf : undefined;
      }, 60_000);
      expect(res.subarray(0, 5).toString()).toBe('%PDF-');
      const file = path.join(tmp.dir, `preview-${round}.pdf`);
      writeFileSync(file, res);
      const pages = pdfPagesText(file);
      const articles = readdirSync(path.join(edition, 'reports')).map((f) => {
        const text = readFileSync(path.join(edition, 'reports', f), 'utf8');
        return { country: /^country: (.*)$/m.exec(text)![1]!, title: /^title: (.*)$/m.exec(text)![1]! };
      });
      for (const row of contentsAndHeadings(pages, articles)) expect(row.listed, row.title).toBe(row.actual);
      // Finished like build's: the title in the metadata, a bookmark per article on its page.
      expect(pdfInfo(file)['Title']).toMatch(/^Counter-Trafficking Programme in Central Asia/);
      const outline = await outlineWithPages(await openPdf(file));
      expect(outline.length).toBeGreaterThanOrEqual(articles.length);
      for (const a of articles) {
        const mark = outline.find((o) => o.title.endsWith(a.title));
        expect(mark, a.title).toBeDefined();
        expect(pages[mark!.page - 1]).toContain(a.title.slice(0, 20));
      }
    }
  });

  it('closes the server and the browser', async () => {
    await preview.close();
    await expect(fetch(preview.url)).rejects.toThrow();
    const left = [...profiles()].filter((p) => !before.has(p));
    expect(left).toEqual([]);
  });
});

function pdfText(buf: Buffer): string {
  const file = path.join(os.tmpdir(), `bulletin-preview-${process.pid}.pdf`);
  writeFileSync(file, buf);
  try {
    return pdfPagesText(file).join(' ');
  } finally {
    rmSync(file, { force: true });
  }
}

describe('bulletin preview of an edition with its own template', () => {
  it('shows an edit of the template or its style sheet', async () => {
    await withPreview(
      {},
      async ({ preview, edition }) => {
        const page = async () => (await fetch(preview.url)).text();
        const entry = path.join(edition, 'tpl', 'edition.liquid');
        writeFileSync(entry, readFileSync(entry, 'utf8').replace('{{ labels.inThisEdition }}', 'Inside this issue'));
        await until('the edited template', async () => ((await page()).includes('Inside this issue') ? true : undefined));
        const css = path.join(edition, 'tpl', 'edition.css');
        writeFileSync(css, `${readFileSync(css, 'utf8')}\n.masthead { outline-color: #123457; }\n`);
        await until('the edited style sheet', async () => ((await page()).includes('#123457') ? true : undefined));
      },
      ({ edition }) => {
        cpSync(path.join(ROOT, 'templates', 'default'), path.join(edition, 'tpl'), { recursive: true });
        writeFileSync(path.join(edition, 'bulletin.yaml'), `${readFileSync(path.join(edition, 'bulletin.yaml'), 'utf8')}\ntemplate: tpl\n`);
      },
    );
  });
});

describe('bulletin preview with other files in the edition folder', () => {
  it('does not rebuild for a file the edition is not made of, such as its own log', async () => {
    let rebuilds = 0;
    await withPreview({ debounceMs: 20, onEvent: (e) => void (e.type === 'rebuilt' && rebuilds++) }, async ({ edition, report }) => {
      expect(rebuilds).toBe(1);
      for (let i = 0; i < 5; i++) {
        writeFileSync(path.join(edition, 'preview.log'), `line ${i}\n`, { flag: 'a' });
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 400));
      expect(rebuilds).toBe(1);
      writeFileSync(report, readFileSync(report, 'utf8').replace('The key stakeholders', 'The main stakeholders'));
      await until('a rebuild', async () => (rebuilds === 2 ? true : undefined));
    });
  });
});

describe('bulletin preview overlay', () => {
  it('shows a message quoting `$` patterns as written, without copying the page into the overlay', async () => {
    await withPreview(
      {},
      async ({ preview }) => {
        const html = await (await fetch(preview.url)).text();
        expect(html).toContain('bulletin-overlay');
        expect(html).toContain('Kaz$`stan $&#39; $&amp; $$');
        expect(html.match(/<html/g)).toHaveLength(1);
        expect(html.match(/<\/body>/g)).toHaveLength(1);
      },
      // `$\`` , `$'` and `$&` mean "before", "after" and "the match" to String.prototype.replace with a string.
      ({ report }) => writeFileSync(report, readFileSync(report, 'utf8').replace('country: Kazakhstan', () => 'country: "Kaz$`stan $\' $& $$"')),
    );
  });
});

describe('bulletin preview given a save that changes nothing', () => {
  it('neither reloads the page nor prints the PDF again; a real change does both', async () => {
    const events: PreviewEvent[] = [];
    await withPreview({ onEvent: (e) => events.push(e) }, async ({ preview, report }) => {
      const version = async () => ((await (await fetch(`${preview.url}status.json`)).json()) as { version: number }).version;
      const count = (type: PreviewEvent['type']) => events.filter((e) => e.type === type).length;
      expect((await fetch(`${preview.url}edition.pdf`)).status).toBe(200);
      expect(count('pdf')).toBe(1);
      const v = await version();
      const rebuilt = count('rebuilt');
      writeFileSync(report, readFileSync(report, 'utf8'));
      await until('the rebuild', async () => (count('rebuilt') > rebuilt ? true : undefined));
      expect(await version()).toBe(v);
      expect((await fetch(`${preview.url}edition.pdf`)).status).toBe(200);
      expect(count('pdf')).toBe(1);
      writeFileSync(report, readFileSync(report, 'utf8').replace('The key stakeholders', 'The main stakeholders'));
      await until('the new version', async () => ((await version()) > v ? true : undefined));
      expect((await fetch(`${preview.url}edition.pdf`)).status).toBe(200);
      expect(count('pdf')).toBe(2);
    });
  });
});

describe('bulletin preview warnings', () => {
  it('lists them in a closed box in a corner, not over the page, and not when the page is printed', async () => {
    const pasted = ({ report }: { report: string }) => writeFileSync(report, `${readFileSync(report, 'utf8')}\nThe Prevention and Com-\nbating Trafficking Act.\n`);
    await withPreview({}, async ({ preview }) => {
      const html = await (await fetch(preview.url)).text();
      expect(html).not.toContain('bulletin-overlay');
      const box = /<details id="bulletin-warnings"[^>]*>([\s\S]*?)<\/details>/.exec(html);
      expect(box, 'the warnings box').not.toBeNull();
      expect(box![0]).not.toMatch(/<details[^>]*\bopen\b/);
      expect(box![1]).toMatch(/bulletin: 1 warning</);
      expect(box![1]).toContain('reports/kazakhstan-aktau-seminar.md:');
      expect(box![1]).toContain('content/pasted-hyphenation');
      expect(box![0]).toContain('class="bulletin-preview-box"');
      expect(html).toContain('@media print{.bulletin-preview-box{display:none!important}}');
    }, pasted);
  });
});

describe('bulletin preview asked for the PDF right after a save', () => {
  it('prints the saved version, not the one before it', async () => {
    // A long debounce stands for the moment between a save and its rebuild.
    await withPreview({ debounceMs: 1500 }, async ({ preview, report }) => {
      writeFileSync(report, readFileSync(report, 'utf8').replace('The key stakeholders', 'The principal stakeholders'));
      await new Promise((r) => setTimeout(r, 500)); // the watcher has seen the save; the rebuild has not run
      const r = await fetch(`${preview.url}edition.pdf`);
      expect(r.status).toBe(200);
      expect(pdfText(Buffer.from(await r.arrayBuffer()))).toContain('principal stakeholders');
    });
  });
});

describe('bulletin preview after its browser has gone', () => {
  it('starts the browser again for the next PDF', async () => {
    await withPreview({}, async ({ preview, report }) => {
      const pdf = async () => {
        const r = await fetch(`${preview.url}edition.pdf`);
        return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
      };
      expect((await pdf()).status).toBe(200);
      // Chrome crashes or is killed (out of memory, say): its process group, as the kernel would end it.
      const chromes = readdirSync('/proc').filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
          return Number(stat[1]) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bulletin-chrome-');
        } catch {
          return false;
        }
      });
      expect(chromes.length).toBe(1);
      process.kill(-Number(chromes[0]), 'SIGKILL');
      writeFileSync(report, readFileSync(report, 'utf8').replace('The key stakeholders', 'The principal stakeholders'));
      const after = await until('a PDF with the edit', async () => {
        const r = await pdf();
        return r.status === 200 && pdfText(r.body).includes('principal stakeholders') ? r : undefined;
      }, 60_000);
      expect(after.body.subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});

describe('bulletin preview when the PDF cannot be printed', () => {
  it('says why in the terminal too, but not again for an edition with errors', async () => {
    const events: PreviewEvent[] = [];
    await withPreview({ chrome: '/bin/false', onEvent: (e) => events.push(e) }, async ({ preview, report }) => {
      const r = await fetch(`${preview.url}edition.pdf`);
      expect(r.status).toBe(503);
      const failed = events.filter((e) => e.type === 'pdf-failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ message: expect.stringMatching(/Chrome could not be started from \/bin\/false/) });
      writeFileSync(report, readFileSync(report, 'utf8').replace('date: 2014-11', 'date: 2014-13'));
      await until('the error', async () => (events.some((e) => e.type === 'rebuilt' && !e.ok) ? true : undefined));
      expect((await fetch(`${preview.url}edition.pdf`)).status).toBe(503);
      expect(events.filter((e) => e.type === 'pdf-failed')).toHaveLength(1);
    });
  });
});

describe('bulletin preview of an edition folder removed and made again', () => {
  it('follows the new folder', async () => {
    const events: PreviewEvent[] = [];
    await withPreview({ onEvent: (e) => events.push(e) }, async ({ preview, edition, report }) => {
      rmSync(edition, { recursive: true });
      await until('the failure', async () => (events.some((e) => e.type === 'failed') ? true : undefined));
      // A fresh copy in its place (unpacked again, cloned again), then an edit in it.
      copyExample(path.dirname(edition));
      await until('the edition back', async () => (JSON.parse(await (await fetch(`${preview.url}status.json`)).text()).failure === undefined ? true : undefined));
      writeFileSync(report, readFileSync(report, 'utf8').replace('The key stakeholders', 'The principal stakeholders'));
      await until('the edit', async () => {
        const html = await (await fetch(preview.url)).text();
        return html.includes('principal') || html.includes('prin\u00adci\u00adpal') ? true : undefined;
      });
    });
  });
});

describe('bulletin preview on the command line', () => {
  it('prints its address, serves, and stops cleanly on Ctrl-C', async () => {
    const tmp = tempDir();
    try {
      const edition = copyExample(tmp.dir);
      const child = spawn(process.execPath, [CLI, 'preview', edition, '--port', '0'], { env: { ...process.env, FORCE_COLOR: '0' } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const url = await until('the address', async () => /Preview at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1]);
      expect(await (await fetch(url)).text()).toContain('In this edition');
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(err).toContain('preview stopped; the server and Chrome were closed.');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      tmp.cleanup();
    }
  });

  it('says so when it cannot open a browser for --open', async () => {
    const tmp = tempDir();
    try {
      const edition = copyExample(tmp.dir);
      // no opener on the PATH
      const child = spawn(process.execPath, [CLI, 'preview', edition, '--port', '0', '--open'], { env: { ...process.env, FORCE_COLOR: '0', PATH: tmp.dir } });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      try {
        await until('the advice', async () => (/No browser could be opened here; open http:\/\/127\.0\.0\.1:\d+\/ yourself/.test(err) ? true : undefined));
      } finally {
        child.kill('SIGINT');
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('exits 2 for a folder that is not an edition, like every command', async () => {
    const tmp = tempDir();
    try {
      await expect(startPreview({ editionDir: path.join(tmp.dir, 'nope'), port: 0 })).rejects.toThrow(/There is no bulletin\.yaml/);
      const child = spawn(process.execPath, [CLI, 'preview', path.join(tmp.dir, 'nope'), '--port', '0'], { env: { ...process.env, FORCE_COLOR: '0' } });
      expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    } finally {
      tmp.cleanup();
    }
  });

  it('takes an IPv6 address written as in a URL', async () => {
    const tmp = tempDir();
    const preview = await startPreview({ editionDir: copyExample(tmp.dir), port: 0, host: '[::1]' });
    try {
      expect(preview.url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
      expect(await (await fetch(preview.url)).text()).toContain('In this edition');
    } finally {
      await preview.close();
      tmp.cleanup();
    }
  });

  it('refuses a port in use with a clear message', async () => {
    const tmp = tempDir();
    const first = await startPreview({ editionDir: copyExample(tmp.dir), port: 0 });
    try {
      const port = new URL(first.url).port;
      await expect(startPreview({ editionDir: path.join(tmp.dir, 'edition'), port: Number(port) })).rejects.toThrow(/already in use/);
    } finally {
      await first.close();
      tmp.cleanup();
    }
  });
});
