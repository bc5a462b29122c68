/**
 * Renders the assembled edition to one self-contained HTML document: fonts and images embedded as `data:`
 * URLs, style sheets inline, a Content-Security-Policy that forbids scripts and remote loads. The same
 * document is printed to PDF and written as the HTML edition.
 */
import path from 'node:path';
import { typeset } from '../markdown/typography.js';
import { BulletinError } from '../diagnostics.js';
import { readRegularFile } from '../util/read-regular.js';
import type { Edition } from '../edition/assemble.js';
import { IMAGE_TYPES, type ImageAsset } from '../markdown/markdown-to-html.js';
import { codePointsOf, fontFaceCss } from './fonts.js';
import type { PreparedImage } from './images.js';
import type { Template } from './template.js';

/** Id of the element holding an article's page number in the contents. */
export const tocPageId = (articleId: string): string => `toc-page-${articleId}`;

/** Everything the contents lists and the PDF outline bookmarks: the articles, then contacts and hotlines. */
export interface ContentsEntry {
  /** Anchor id of the target. */
  id: string;
  /** Id of the element that shows its page number in the contents. */
  numberId: string;
  /** The bookmark's name: "Kazakhstan: Seminar in Aktau", or the block's heading. */
  outlineTitle: string;
}

export function contentsEntries(edition: Edition): ContentsEntry[] {
  const entries = edition.articles.map((a) => ({ id: a.id, numberId: tocPageId(a.id), outlineTitle: `${a.country}${edition.labels.countryColon} ${a.title}` }));
  for (const b of backMatter(edition)) entries.push({ id: b.id, numberId: b.tocPageId, outlineTitle: b.title });
  return entries;
}

function backMatter(edition: Edition): { id: string; tocPageId: string; title: string }[] {
  const out: { id: string; tocPageId: string; title: string }[] = [];
  if (edition.contactGroups.length > 0) out.push({ id: 'contacts', tocPageId: tocPageId('contacts'), title: edition.labels.contacts });
  if (edition.hotlines.length > 0) out.push({ id: 'hotlines', tocPageId: tocPageId('hotlines'), title: edition.labels.hotlines });
  return out;
}

/**
 * Renders the edition. `images` are the prepared photos (see images.ts); without them the original files are
 * embedded as they are.
 */
export async function renderHtml(edition: Edition, template: Template, images?: ReadonlyMap<string, PreparedImage>): Promise<string> {
  const { config, labels } = edition;
  // Without direction overrides and embeddings: one left open in a title would reverse the rest of the footer.
  // (Isolating each part instead would put invisible characters into the PDF's text, for copy and search.)
  // The prose of bulletin.yaml gets the typography of the articles' text (quotes, apostrophes, dashes, the
  // language's no-break spaces); names and titles only their no-break spaces, as article titles do.
  const prose = (text: string) => typeset(text, edition.language, '', { direction: edition.direction });
  const asTyped = (text: string) => typeset(text, edition.language, '', { spacesOnly: true });
  const footer = [config.title, edition.editionLabel, config.period.label].map((part) => part.replace(/[\u202a-\u202e\u2066-\u2069]/g, '')).join('  ·  ');
  const context = {
    edition: {
      title: config.title,
      subtitle: config.subtitle === undefined ? undefined : asTyped(config.subtitle),
      organisation: config.organisation,
      editionLabel: edition.editionLabel,
      period: config.period,
      language: edition.language,
      direction: edition.direction,
      acknowledgement: config.acknowledgement === undefined ? undefined : prose(config.acknowledgement),
      pageSize: edition.pageSize,
    },
    labels,
    footer,
    articles: edition.articles.map((a) => ({
      id: a.id,
      tocPageId: tocPageId(a.id),
      country: a.country,
      title: a.title,
      dateline: a.dateline,
      date: a.date.iso,
      html: a.html,
    })),
    backMatter: backMatter(edition),
    contactGroups: edition.contactGroups.map((g) => ({
      ...g,
      contacts: g.contacts.map((c) => ({ ...c, name: asTyped(c.name), ...(c.role === undefined ? {} : { role: prose(c.role) }) })),
    })),
    hotlines: edition.hotlines.map((h) => ({ ...h, numbers: h.numbers.map((n) => ({ ...n, note: n.note === undefined ? undefined : prose(n.note) })) })),
    styles: edition.pageSize === 'Letter' ? `${template.css}\n@page{size:Letter}` : template.css,
    fontFaces: '',
  };
  context.fontFaces = await fontFaceCss(template.fonts, codePointsOf(JSON.stringify(context)));
  let html: string;
  try {
    // Synchronously: the same result, without the promise liquidjs makes of every tag and filter (50 ms for 120 articles).
    html = template.liquid.renderFileSync(template.entry, context);
  } catch (err) {
    throw new BulletinError(
      `The template ${template.name} failed to render: ${err instanceof Error ? err.message : String(err)}`,
      'template-failed',
      { cause: err },
    );
  }
  return embedImages(html, edition.images, images);
}

async function embedImages(html: string, images: readonly ImageAsset[], prepared?: ReadonlyMap<string, PreparedImage>): Promise<string> {
  if (images.length === 0) return html;
  const urls = new Map<string, string>();
  const once = [...new Map(images.map((img) => [img.token, img])).values()];
  await Promise.all(
    once.map(async (img) => {
      const ready = prepared?.get(img.token);
      const mime = ready?.mime ?? IMAGE_TYPES[path.extname(img.realPath).toLowerCase()] ?? 'application/octet-stream';
      const data = ready?.data ?? (await readRegularFile(img.realPath));
      urls.set(img.token, `data:${mime};base64,${data.toString('base64')}`);
    }),
  );
  // Tokens only ever appear as the src of images the Markdown stage resolved and checked.
  return html.replace(/src="(bulletin-asset\/[0-9a-f]{16}\.[a-z]+)"/g, (whole, token: string) => {
    const url = urls.get(token);
    return url ? `src="${url}"` : whole;
  });
}
