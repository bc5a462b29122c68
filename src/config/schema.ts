/**
 * The schemas of `bulletin.yaml` and of a report's front matter. The code validates with these, and the JSON
 * Schemas in `schema/` are generated from them, so editors and the tool never disagree.
 */
import * as v from 'valibot';
import { parseIsoDate } from '../util/dates.js';

/** A well-formed BCP 47 tag, as Intl reads it: "en-12" has the shape of one but no valid region. */
export function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const text = (what: string) =>
  v.pipe(
    v.string((issue) =>
      issue.input === null
        ? `${what} is empty: write its value after the colon.`
        : `${what} must be text. YAML reads 12345, 2014-11-03 or yes as a number, a date or true: put such a value in quotes ("12345").`,
    ),
    v.trim(),
    v.nonEmpty(`${what} must not be empty.`),
  );

export const IsoDateText = v.pipe(
  v.string((issue) =>
    issue.input === null ? 'The date is empty: write it after the colon, as 2014-11-03 (or a month, 2014-11).' : 'A date must be written as an ISO date such as 2014-11-03 (or a month such as 2014-11).',
  ),
  v.regex(
    /^\d{4}-\d{2}(-\d{2})?$/,
    (issue) => `“${String(issue.input)}” is not an ISO date; write it as YYYY-MM-DD, for example 2014-11-03.`,
  ),
  v.check(
    (s) => parseIsoDate(s) !== undefined,
    (issue) => `“${String(issue.input)}” is not a real ISO date; write it as YYYY-MM-DD, for example 2014-11-03.`,
  ),
  v.description('An ISO 8601 calendar date (YYYY-MM-DD) or month (YYYY-MM).'),
);

const Email = v.pipe(
  v.string('An e-mail address must be text.'),
  v.trim(),
  v.email((issue) => `“${String(issue.input)}” is not a valid e-mail address.`),
);

const Phone = v.pipe(
  v.string('A phone number must be text: put it in quotes, for example "+7 7172 990521".'),
  v.trim(),
  v.regex(
    // A number, or a short code dialled with * or # (hotlines such as *4141 or #123#).
    /^\+?[0-9][0-9 ()./-]*[0-9]$|^[0-9]$|^[*#][0-9][0-9 *#-]*$/,
    (issue) =>
      `“${String(issue.input)}” is not a phone number: use digits, spaces, hyphens and an optional leading +, or a short code such as *4141.`,
  ),
);

export const Contact = v.object({
  name: text('A contact’s name'),
  role: v.optional(text('A contact’s role')),
  country: v.pipe(
    text('A contact’s country'),
    v.description('A country from `countries`, or `regional` for staff who cover the whole edition.'),
  ),
  phone: v.optional(Phone),
  email: v.optional(Email),
});
export type Contact = v.InferOutput<typeof Contact>;

export const HotlineNumber = v.union(
  [
    Phone,
    v.object({
      number: Phone,
      note: v.optional(text('A hotline note')),
    }),
  ],
  'A hotline is a phone number in quotes, or an object with `number` and an optional `note`.',
);
export type HotlineNumber = v.InferOutput<typeof HotlineNumber>;

export const PageSize = v.picklist(['A4', 'Letter'], 'The page size must be A4 or Letter.');

export const LabelKeys = [
  'inThisEdition',
  'contacts',
  'regional',
  'hotlines',
  'page',
  'of',
  'edition',
  'acknowledgement',
  'notes',
  'noteBack',
] as const;
export type LabelKey = (typeof LabelKeys)[number];

export const Labels = v.object(
  Object.fromEntries(LabelKeys.map((k) => [k, v.optional(text(`The label \`${k}\``))])) as {
    [K in LabelKey]: v.OptionalSchema<ReturnType<typeof text>, undefined>;
  },
);

export const EditionConfig = v.pipe(
  v.object({
    title: v.pipe(text('`title`'), v.description('The programme or bulletin title shown in the masthead.')),
    organisation: v.pipe(text('`organisation`'), v.description('The publishing organisation.')),
    subtitle: v.optional(text('`subtitle`')),
    edition: v.pipe(
      v.union(
        [v.pipe(v.number(), v.integer('`edition` must be a whole number such as 4, or text such as "4/2014".'), v.minValue(1, '`edition` must be 1 or more.')), text('`edition`')],
        '`edition` must be a whole number such as 4, or text such as "4/2014".',
      ),
      v.description('The edition number.'),
    ),
    period: v.object({
      label: text('`period.label`'),
      start: IsoDateText,
      end: IsoDateText,
    }),
    language: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'The language must be a BCP 47 code such as en or ru.'),
        v.check(isLanguageTag, 'The language must be a BCP 47 code such as en, ru or pt-BR (a region is two letters or three digits).'),
      ),
      'en',
    ),
    countries: v.pipe(
      v.array(text('A country'), '`countries` must be a list of country names.'),
      v.minLength(1, '`countries` must name at least one country.'),
      v.description('The countries, in the order the edition presents them.'),
    ),
    acknowledgement: v.optional(text('`acknowledgement`')),
    labels: v.optional(Labels),
    contacts: v.optional(v.array(Contact, '`contacts` must be a list.'), []),
    hotlines: v.optional(
      v.record(v.string(), v.array(HotlineNumber, 'Each country’s hotlines must be a list.'), '`hotlines` must map countries to lists of numbers.'),
      {},
    ),
    template: v.optional(text('`template`')),
    output: v.optional(
      v.object({
        name: v.optional(
          v.pipe(
            text('`output.name`'),
            v.regex(
              /^[^/\\:*?"<>|\0-\x1f]+$/,
              '`output.name` is a file name without folders or the characters / \\ : * ? " < > |.',
            ),
            v.check((s) => s !== '.' && s !== '..', '`output.name` cannot be . or ..'),
            // Most file systems allow 255 bytes in a name; the print-shop copy and temporary files add to it.
            v.check((s) => Buffer.byteLength(s) <= 150, '`output.name` is too long for a file name: keep it under 150 characters.'),
          ),
        ),
        pageSize: v.optional(PageSize),
        cropMarks: v.pipe(
          v.optional(v.boolean('`output.cropMarks` is true or false.')),
          v.description('Also write <name>-print.pdf with crop marks and bleed, for a print shop.'),
        ),
        bleed: v.pipe(
          v.optional(v.pipe(v.number('`output.bleed` is a number of millimetres, such as 3.'), v.minValue(0, '`output.bleed` cannot be negative.'), v.maxValue(20, '`output.bleed` is at most 20 mm; print shops ask for 3 to 5.'))),
          v.description('Bleed in millimetres for the print-shop PDF (default 3).'),
        ),
      }),
      {},
    ),
  }),
);
export type EditionConfig = v.InferOutput<typeof EditionConfig>;

export const FrontMatter = v.object({
  country: v.pipe(text('`country`'), v.description('One of the edition’s `countries`.')),
  title: v.pipe(text('`title`'), v.description('The article title; the heading reads “COUNTRY: Title”.')),
  date: IsoDateText,
  location: v.optional(text('`location`')),
});
export type FrontMatter = v.InferOutput<typeof FrontMatter>;

/** Keys each object accepts, for the unknown-key rule and its suggestions. */
export const knownKeys = {
  config: Object.keys(EditionConfig.entries),
  period: Object.keys(EditionConfig.entries.period.entries),
  contact: Object.keys(Contact.entries),
  output: Object.keys(EditionConfig.entries.output.wrapped.entries),
  labels: [...LabelKeys],
  frontMatter: Object.keys(FrontMatter.entries),
};
