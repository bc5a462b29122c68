/**
 * Results of lint kept between runs, for `bulletin lint --cache` (as `eslint --cache` and `prettier --cache`
 * do). A report is parsed and checked again only when something its result depends on changed: its text, the
 * edition's bulletin.yaml, bulletin itself, or a picture it refers to. Everything else of lint (the edition-wide
 * checks, fonts, the photos' resolution) runs every time. An editor who fixes one report of a thousand waits for
 * one report, not a thousand.
 *
 * The results live in the cache folder (see cacheDir), one file per edition folder, not inside the edition.
 * A cache that cannot be read or written only means no cache: lint gives the same answer either way.
 */
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { CONFIG_FILE } from './config/load-config.js';
import { FrontMatter } from './config/schema.js';
import { appendAll, type DiagnosticSink } from './diagnostics.js';
import { analyzeMarkdown, type MarkdownContext } from './markdown/markdown-to-html.js';
import { cacheDir } from './util/cache-dir.js';
import { makeDirs } from './util/make-dirs.js';
import { VERSION } from './version.js';

/** Bumped when what is stored changes shape. */
const FORMAT = 1;

// What is stored, checked when it is read back (a damaged or edited file must not make lint fail), and the
// types of the entries.
const DiagnosticShape = v.object({
  file: v.string(),
  line: v.number(),
  column: v.number(),
  endLine: v.optional(v.number()),
  endColumn: v.optional(v.number()),
  severity: v.picklist(['error', 'warning']),
  ruleId: v.string(),
  message: v.string(),
  suggestion: v.optional(v.string()),
});
const ImageShape = v.object({
  token: v.string(),
  realPath: v.string(),
  file: v.string(),
  slot: v.object({ share: v.number(), gaps: v.number(), alone: v.boolean(), inline: v.optional(v.boolean()), wide: v.optional(v.boolean()) }),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  usedAt: v.optional(v.object({ file: v.string(), line: v.number(), column: v.number() })),
});
const EntryShape = v.object({
  hash: v.string(),
  read: v.optional(
    v.object({
      diagnostics: v.array(DiagnosticShape),
      report: v.optional(
        v.object({
          frontMatter: FrontMatter,
          country: v.string(),
          date: v.object({ year: v.number(), month: v.number(), day: v.optional(v.number()), iso: v.string() }),
          yamlSource: v.string(),
          bodyLength: v.number(),
          bodyLineOffset: v.number(),
        }),
      ),
      unusable: v.optional(v.object({ bodyLength: v.number(), bodyLineOffset: v.number() })),
    }),
  ),
  analysis: v.optional(
    v.object({
      diagnostics: v.array(DiagnosticShape),
      images: v.array(ImageShape),
      textLength: v.number(),
      text: v.string(),
      lookups: v.array(v.tuple([v.string(), v.string()])),
    }),
  ),
});

/** A report's entry: the hash of its text, and what reading it and checking its Markdown gave. */
type Entry = v.InferOutput<typeof EntryShape>;

/** What reading a report's front matter gave: its diagnostics, and the report or the body left to check. */
export type CachedRead = NonNullable<Entry['read']>;

/**
 * What the Markdown checks gave (and, stored with it, every path they looked up, with what was there: the
 * result holds while they match). `text` keeps only the distinct characters: the font check needs no more.
 */
export type CachedAnalysis = Omit<NonNullable<Entry['analysis']>, 'lookups'>;

interface CacheFile {
  key: string;
  entries: Record<string, Entry>;
}

export class LintCache {
  /** Reports whose Markdown checks were taken from the cache in this run. */
  reused = 0;
  private readonly now = new Map<string, Entry>();
  private readonly pending = new Map<string, [string, string][]>();

  private constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly old: Map<string, Entry>,
    private readonly configFile: string,
    private readonly configHash: string,
  ) {}

  /** The cache of the edition in `editionDir`: empty when there is none, or when it was made for other settings. */
  static async open(editionDir: string): Promise<LintCache> {
    // The folder as given and as it really is: messages name paths as given (`looked for ...`), and the
    // pictures' records hold paths under it, so an edition reached by another path has a cache of its own.
    const given = path.resolve(editionDir);
    const editionReal = realOrSelf(editionDir);
    const configFile = path.join(editionDir, CONFIG_FILE);
    const configHash = await hashOfFile(configFile);
    const key = createHash('sha256')
      .update(JSON.stringify([FORMAT, VERSION, codeStamp(), given, editionReal, realOrSelf(path.join(editionDir, 'reports')), configHash]))
      .digest('hex');
    const file = path.join(cacheDir('lint'), `${createHash('sha256').update(`${given}\n${editionReal}`).digest('hex').slice(0, 24)}.json`);
    const old = new Map<string, Entry>();
    try {
      const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile> | null;
      if (stored?.key === key && stored.entries && typeof stored.entries === 'object') {
        // Entries of the wrong shape (a damaged or edited file) are left out: a cache never makes lint fail.
        for (const [report, entry] of Object.entries(stored.entries)) {
          const checked = v.safeParse(EntryShape, entry);
          if (checked.success) old.set(report, checked.output);
        }
      }
    } catch {
      // none yet, or unreadable: start afresh
    }
    return new LintCache(file, key, old, configFile, configHash);
  }

  /** The stored result of reading `file`, if its text is the same as then. Remembers the text's hash either way. */
  read(file: string, text: string): CachedRead | undefined {
    const hash = createHash('sha1').update(text).digest('base64');
    this.now.set(file, { hash });
    const old = this.old.get(file);
    if (old?.hash !== hash || !old.read) return undefined;
    this.now.get(file)!.read = old.read;
    return old.read;
  }

  rememberRead(file: string, read: CachedRead): void {
    const entry = this.now.get(file);
    if (entry) entry.read = read;
  }

  /**
   * Called by the Markdown checks before they look up a path (a picture): what is there now is stored with the
   * result, taken before the checks read it, so that a change made while lint runs is seen by the next run.
   */
  lookup(file: string, candidate: string): void {
    let list = this.pending.get(file);
    if (!list) this.pending.set(file, (list = []));
    if (!list.some(([p]) => p === candidate)) list.push([candidate, stamp(candidate)]);
  }

  /** The stored result of checking `file`'s Markdown, if its text and every picture it looked up are unchanged. */
  analysis(file: string): CachedAnalysis | undefined {
    const entry = this.now.get(file);
    const old = this.old.get(file);
    if (!entry || old?.hash !== entry.hash || !old.analysis) return undefined;
    if (!old.analysis.lookups.every(([p, s]) => stamp(p) === s)) return undefined;
    entry.analysis = old.analysis;
    this.reused++;
    return old.analysis;
  }

  rememberAnalysis(file: string, analysis: CachedAnalysis): void {
    const entry = this.now.get(file);
    const lookups = this.pending.get(file) ?? [];
    this.pending.delete(file);
    if (!entry) return;
    // A copy: later stages may add to the images, and the stored result must be what the checks gave.
    entry.analysis = { ...(JSON.parse(JSON.stringify(analysis)) as CachedAnalysis), text: distinctCharacters(analysis.text), lookups };
  }

  /** Writes the results of this run (reports that are gone are dropped). Any failure only means no cache. */
  async save(): Promise<void> {
    // bulletin.yaml changed while lint ran: the results may be of either version, and are not kept.
    if ((await hashOfFile(this.configFile)) !== this.configHash) return;
    const data: CacheFile = { key: this.key, entries: Object.fromEntries(this.now) };
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      await makeDirs(path.dirname(this.file));
      await writeFile(temp, JSON.stringify(data));
      await rename(temp, this.file);
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

/** The characters of a text, each once, in the order they first appear. */
export function distinctCharacters(text: string): string {
  return [...new Set(text)].join('');
}

/**
 * What is at a path now: the real file it leads to, with its size, inode, permissions and times; or that
 * nothing is. The change time moves with any change to the file, even one that puts the modification time
 * back (`touch -r`, `cp -p`, an archive unpacked), and with a change of permissions.
 */
function stamp(candidate: string): string {
  try {
    const real = realpathSync(candidate);
    const st = statSync(real, { bigint: true });
    return `${real}|${st.isFile() ? 'f' : 'o'}|${st.size}|${st.mtimeNs}|${st.ctimeNs}|${st.ino}|${st.mode}`;
  } catch {
    return '-';
  }
}

async function hashOfFile(file: string): Promise<string> {
  const bytes = await readFile(file).catch(() => undefined);
  return bytes ? createHash('sha256').update(bytes).digest('hex') : '-';
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Which build of bulletin made a result: the file this code was loaded from, by size and time. For the command
 * line that is the bundle, which every change of the code rebuilds.
 */
function codeStamp(): string {
  try {
    const self = fileURLToPath(import.meta.url);
    const st = statSync(self);
    return `${self}|${st.size}|${st.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

/**
 * The Markdown checks of one report (see analyzeMarkdown), without its tree, taken from the cache when they
 * still hold and stored there when not. Without a cache it is analyzeMarkdown.
 */
export function analyzeReport(body: string, ctx: MarkdownContext, reportAbsPath: string, sink: DiagnosticSink, cache: LintCache | undefined): CachedAnalysis {
  const known = cache?.analysis(sink.file);
  if (known) {
    appendAll(sink.list, known.diagnostics);
    return known;
  }
  const before = sink.list.length;
  const onLookup = cache && ((candidate: string) => cache.lookup(sink.file, candidate));
  const { images, textLength, text } = analyzeMarkdown(body, { ...ctx, onLookup }, reportAbsPath, sink);
  const result = { diagnostics: sink.list.slice(before), images, textLength, text };
  cache?.rememberAnalysis(sink.file, result);
  return result;
}
