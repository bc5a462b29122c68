/**
 * Every rule the checks can report, with its permanent id, its severity and a documented example. The ids
 * never change meaning; a test keeps this list, the code and the README in step.
 */
import type { Severity } from './diagnostics.js';

export interface RuleDoc {
  id: string;
  severity: Severity;
  /** What the rule finds. */
  summary: string;
  /** Where it looks: `bulletin.yaml`, a report's front matter or body, or any file. */
  scope: 'bulletin.yaml' | 'front matter' | 'report body' | 'any file' | 'edition' | 'template';
  /** Found only by build (it needs the browser or the photos' pixels); lint does not report it. */
  buildOnly?: boolean;
  /** A minimal example that triggers it. */
  example: string;
}

export const RULES: readonly RuleDoc[] = [
  // Files
  { id: 'file/unreadable', severity: 'error', scope: 'any file', summary: 'The file cannot be read (permissions, or not a regular file).', example: 'reports/broken.md is a folder' },
  { id: 'file/outside-edition', severity: 'error', scope: 'any file', summary: 'A report, the reports/ folder or bulletin.yaml is a symbolic link to a place outside the edition folder; it is not read.', example: 'reports/outside.md -> /home/me/draft.md' },
  { id: 'file/too-large', severity: 'error', scope: 'any file', summary: 'The file is larger than the limit (2 MB for a report, 1 MB for bulletin.yaml).', example: 'a 20 MB report with pasted base64 images' },
  { id: 'file/binary', severity: 'error', scope: 'any file', summary: 'The file contains NUL bytes: it is binary, not text.', example: 'a .docx renamed to .md' },
  { id: 'file/encoding', severity: 'error', scope: 'any file', summary: 'The file is not valid UTF-8; the position of the first bad byte is given.', example: 'a report saved as Windows-1251 or Latin-1' },
  // YAML
  { id: 'yaml/syntax', severity: 'error', scope: 'any file', summary: 'The YAML (bulletin.yaml or front matter) cannot be parsed: unclosed quotes, bad indentation, tabs.', example: 'title: "Seminar in Aktau' },
  { id: 'yaml/duplicate-key', severity: 'error', scope: 'any file', summary: 'A key appears twice in the same map.', example: 'title: A\ntitle: B' },
  { id: 'yaml/tag', severity: 'error', scope: 'any file', summary: 'A value carries a YAML tag other than the plain ones (`!!str`, `!!int` ...): `!!binary`, `!!timestamp`, `!include`, `!!python/object` are not read.', example: 'title: !!binary U2VtaW5hcg==' },
  { id: 'yaml/alias-limit', severity: 'error', scope: 'any file', summary: 'YAML aliases expand to too much data (a “billion laughs” document); refused instead of expanded.', example: 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b] ...' },
  // bulletin.yaml
  { id: 'config/not-a-map', severity: 'error', scope: 'bulletin.yaml', summary: 'bulletin.yaml is a list or a single value instead of a map of fields.', example: '- title: My bulletin' },
  { id: 'config/schema', severity: 'error', scope: 'bulletin.yaml', summary: 'A field has the wrong type or an invalid value (dates, e-mail addresses, phone numbers, page size, language).', example: 'email: someone-at-example.org' },
  { id: 'config/template', severity: 'error', scope: 'bulletin.yaml', summary: 'The template named by `template:` is missing, lies outside the edition folder, has no valid template.json, or its Liquid file does not parse.', example: 'template: ../shared-template' },
  { id: 'config/period-order', severity: 'error', scope: 'bulletin.yaml', summary: 'The period ends before it starts.', example: 'period: {label: Q4, start: 2014-12-31, end: 2014-10-01}' },
  { id: 'config/duplicate-country', severity: 'error', scope: 'bulletin.yaml', summary: 'A country is listed twice in `countries`.', example: 'countries: [Kazakhstan, kazakhstan]' },
  { id: 'config/labels-missing', severity: 'warning', scope: 'bulletin.yaml', summary: 'No labels are shipped for the edition’s language and some that it prints are not set under `labels:`; they would print in English.', example: 'language: de   # without labels: inThisEdition, page, of ...' },
  { id: 'config/label-pattern', severity: 'warning', scope: 'bulletin.yaml', summary: 'The `page` label holds braces other than `{page}` (the page’s number) and `{pages}` (the number of pages), or `{pages}` without `{page}`: they would print as typed.', example: 'labels:\n  page: "{pgae} / {pages}"' },
  { id: 'config/unknown-country', severity: 'error', scope: 'bulletin.yaml', summary: 'A contact or hotline is for a country that is not in `countries`; the nearest is suggested.', example: 'hotlines:\n  Kirgizstan: ["189"]' },
  // Both
  { id: 'schema/required', severity: 'error', scope: 'any file', summary: 'A required field is missing (`title`, `country`, `date` in a report; `title`, `organisation`, `edition`, `period`, `countries` in bulletin.yaml).', example: '---\ncountry: Kazakhstan\ndate: 2014-11-03\n---' },
  { id: 'schema/unknown-key', severity: 'warning', scope: 'any file', summary: 'A key the format does not know; it is ignored, and the nearest known key is suggested.', example: 'titel: Seminar in Aktau' },
  // Front matter
  { id: 'front-matter/missing', severity: 'error', scope: 'front matter', summary: 'The report does not start with a front matter block.', example: '# Seminar in Aktau\n\nText...' },
  { id: 'front-matter/unclosed', severity: 'error', scope: 'front matter', summary: 'The front matter is never closed with a `---` line.', example: '---\ncountry: Kazakhstan\n\nText...' },
  { id: 'front-matter/language', severity: 'error', scope: 'front matter', summary: 'The front matter is marked as another language (`---js`, `---json`); only YAML is read, and it is never run.', example: '---js\n{ country: "Kazakhstan" }\n---' },
  { id: 'front-matter/unreadable', severity: 'error', scope: 'front matter', summary: 'The front matter could not be split from the body.', example: '(rare: a malformed block that the splitter rejects)' },
  { id: 'front-matter/empty', severity: 'error', scope: 'front matter', summary: 'The front matter block is empty.', example: '---\n---\nText...' },
  { id: 'front-matter/not-a-map', severity: 'error', scope: 'front matter', summary: 'The front matter is a list or a single value instead of fields.', example: '---\n- Kazakhstan\n---' },
  { id: 'front-matter/schema', severity: 'error', scope: 'front matter', summary: 'A field has the wrong type, or the date is not a real ISO date.', example: 'date: 2014-02-30' },
  { id: 'front-matter/unknown-country', severity: 'error', scope: 'front matter', summary: 'The country is not one of the edition’s countries; the nearest is suggested (case and accents forgiven).', example: 'country: Tajkistan' },
  { id: 'front-matter/country-spelling', severity: 'warning', scope: 'front matter', summary: 'The country differs from the edition’s spelling only in case or accents; the edition’s spelling is used.', example: 'country: KAZAKHSTAN' },
  { id: 'front-matter/date-outside-period', severity: 'warning', scope: 'front matter', summary: 'The date lies outside the edition’s period.', example: 'date: 2013-11-03   # in an October – December 2014 edition' },
  { id: 'front-matter/title-length', severity: 'warning', scope: 'front matter', summary: 'The title is longer than 160 characters, the room the contents has for it.', example: 'title: (a 200-character title)' },
  // Body
  { id: 'content/empty-body', severity: 'error', scope: 'report body', summary: 'The report has no text after its front matter.', example: '---\ncountry: Kazakhstan\ntitle: Seminar\ndate: 2014-11-03\n---\n' },
  { id: 'content/placeholder', severity: 'error', scope: 'report body', summary: 'A `[[placeholder]]` written by `bulletin new` is still in the front matter or the text.', example: 'title: "[[Title of the article]]"' },
  { id: 'content/too-complex', severity: 'error', scope: 'report body', summary: 'Markdown that would take the parser more than a few seconds or hundreds of MB, refused before it is parsed: lists or block quotes nested dozens of levels deep, hundreds of unclosed `[`, a run of over 128 `*`; over 10,000 lines, 15,000 marks (`*`, `_`, `~`, `[`, `]`, `<`, `&`, backticks, `@`, web addresses), 10,000 table cells, 2,500 list items or 1,000 headings; deep quotes over many lines; code or links left open over long stretches; or all of it together. A long report has a few hundred lines and a few thousand marks.', example: '> > > > > … (33 levels)' },
  { id: 'content/control-character', severity: 'error', scope: 'front matter', summary: 'A front matter value or the text holds a control character (an escape, a NUL, a form feed) or a direction override, which would reach the printed text and the terminal.', example: 'title: "Seminar\\e[2J"' },
  { id: 'content/broken-image', severity: 'error', scope: 'report body', summary: 'Markdown for a photo that the parser could not read as one (a space in the file name, a double quote inside the caption, a missing parenthesis): it would print as typed.', example: '![Centre](../assets/centre.jpg "The "Lumière" centre")' },
  { id: 'content/broken-link', severity: 'warning', scope: 'report body', summary: 'Markdown for a link that prints as typed: a space between ] and (, or a double quote inside its title.', example: 'See [the law] (https://example.org/law).' },
  { id: 'content/link', severity: 'warning', scope: 'report body', summary: 'A link that is not to a web address, an e-mail address or a phone number: a web address typed without https://, a path to a file, or another scheme (javascript:, file:); or an e-mail address with accented letters, of which only the plain tail would be linked (it prints unlinked).', example: '[our site](www.example.org)' },
  { id: 'content/unclosed-html', severity: 'error', scope: 'report body', summary: 'An HTML comment or `<pre>`, `<script>`, `<style>`, `<textarea>` block is never closed: everything after it would silently not print.', example: '<!-- note to the editor' },
  { id: 'content/raw-html', severity: 'warning', scope: 'report body', summary: 'Raw HTML in a report is not printed (it is dropped; the rest is sanitised).', example: '<font color="red">Important</font>' },
  { id: 'content/pasted-hyphenation', severity: 'warning', scope: 'report body', summary: 'A word broken with a hyphen at a line end, as text pasted from a PDF is; the joined word is suggested.', example: 'Prevention and Com-\nbating Trafficking' },
  { id: 'content/country-spelling', severity: 'warning', scope: 'report body', summary: 'A heading in the body misspells one of the edition’s countries.', example: '## News from Tajkistan' },
  { id: 'image/not-found', severity: 'error', scope: 'report body', summary: 'The image file does not exist (paths are relative to the report).', example: '![Seminar](../assets/missing.jpg "Caption")' },
  { id: 'image/outside-edition', severity: 'error', scope: 'report body', summary: 'The image lies outside the edition folder (absolute path, `../` too far, or a symbolic link out).', example: '![x](../../../etc/passwd "x")' },
  { id: 'image/remote', severity: 'error', scope: 'report body', summary: 'The image is a URL, or an SVG drawing that loads a file or address outside itself; the build works offline and fetches nothing.', example: '![Logo](https://example.org/logo.png "Logo")' },
  { id: 'image/unsupported-type', severity: 'error', scope: 'report body', summary: 'The file is not a picture type the build embeds (jpg, png, gif, webp, svg, avif), or it is damaged: a header that gives no size; an SVG drawing that a browser shows as a broken image (cut short, not well-formed XML, no `xmlns="http://www.w3.org/2000/svg"` on its root, a prefix such as `xlink:` never declared, `&nbsp;`, entity declarations); or, found by build when it decodes them, pixels that cannot be read.', example: '![Report](../assets/report.pdf "Report")' },
  { id: 'image/missing-alt', severity: 'error', scope: 'report body', summary: 'The image has no alt text for readers who cannot see it.', example: '![](../assets/photo.jpg "Caption")' },
  { id: 'image/truncated', buildOnly: true, severity: 'warning', scope: 'report body', summary: 'A JPEG or PNG photo is cut short (an interrupted copy or download): the missing part would print as a grey band.', example: 'a photo whose download stopped at 80 %' },
  { id: 'image/low-resolution', severity: 'warning', scope: 'report body', summary: 'At the size it prints, the photo has less than 150 dpi (lint reads the size from the file’s header, build from the decoded photo).', example: 'a 300 × 200 pixel thumbnail printed a column wide' },
  { id: 'image/too-large', severity: 'error', scope: 'report body', summary: 'The picture is more than the build reads: over 120 megapixels (the size is read from its header, so a small file that claims a huge size is refused too, before it is decoded), or a file over 50 MB (8 MB for an SVG drawing).', example: 'a 20000 × 15000 pixel scan' },
  { id: 'image/inline', severity: 'warning', scope: 'report body', summary: 'An image with a caption stands inside text, a list, a table or a link, so it is not set as a figure and the caption is not printed.', example: 'Police ![Officers](../assets/p.jpg "Caption") and prosecutors.' },
  { id: 'image/missing-caption', severity: 'warning', scope: 'report body', summary: 'A figure has no caption (the image title).', example: '![Participants](../assets/photo.jpg)' },
  // Edition
  { id: 'edition/no-reports', severity: 'error', scope: 'edition', summary: 'The reports/ folder holds no Markdown files.', example: 'reports/ is empty' },
  { id: 'edition/report-in-subfolder', severity: 'warning', scope: 'edition', summary: 'A folder inside reports/ holds reports, which are left out: only the files directly in reports/ are read.', example: 'reports/kazakhstan/seminar.md' },
  { id: 'edition/duplicate-title', severity: 'warning', scope: 'edition', summary: 'Two reports have the same title.', example: 'two reports titled “Seminar in Aktau”' },
  { id: 'render/no-font', severity: 'warning', scope: 'any file', summary: 'Text in a script the template has no font for (Chinese, Japanese, Korean, Tibetan, emoji with the default template); the PDF would show it in a font of the machine, or as boxes.', example: 'title: 中亚反贩运项目' },
  { id: 'render/refused-request', buildOnly: true, severity: 'warning', scope: 'template', summary: 'While printing, the document asked for a resource outside itself (a custom template loading a file or URL); it was refused.', example: '<link rel="stylesheet" href="https://example.org/x.css"> in a template' },
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));
