import type { EditionConfig, LabelKey } from '../config/schema.js';
import { dashFor } from '../markdown/typography.js';

export type Labels = Record<LabelKey, string> & {
  /** After the country of a heading, a contents entry or a bookmark: "Kazakhstan: Seminar", "Sénégal : Atelier". */
  countryColon: string;
  /** Between the place and the date of a dateline: "Aktau, 3 November 2014". */
  datelineSeparator: string;
  /** After the dateline, before the text. */
  datelineDash: string;
};

/**
 * `{page}` and `{pages}` in the `page` label: the page's number and the number of pages, for a footer in the
 * order of a language where “Page 2 of 6” does not fit (see pageNumberContent in render/template.ts).
 */
export const PAGE_PLACEHOLDER = /\{(page|pages)\}/g;

/** European Portuguese, as written in Lusophone Africa too. */
const PORTUGUESE: Labels = {
  inThisEdition: 'Nesta edição',
  contacts: 'Contactos',
  regional: 'Escritório regional',
  hotlines: 'Linhas de apoio',
  page: 'Página',
  of: 'de',
  edition: 'N.º',
  acknowledgement: 'Agradecimentos',
  notes: 'Notas',
  noteBack: 'Voltar ao texto',
  countryColon: ':',
  datelineSeparator: ', ',
  datelineDash: ' – ',
};

/** Shipped translations; every label can be overridden under `labels:` in bulletin.yaml. */
const TABLES: Record<string, Labels> = {
  en: {
    inThisEdition: 'In this edition',
    contacts: 'Contacts',
    regional: 'Regional',
    hotlines: 'Hotlines',
    page: 'Page',
    of: 'of',
    edition: 'No.',
    acknowledgement: 'Acknowledgement',
    notes: 'Notes',
    noteBack: 'Back to the text',
    countryColon: ':',
    datelineSeparator: ', ',
    datelineDash: ' – ',
  },
  ru: {
    inThisEdition: 'В этом выпуске',
    contacts: 'Контакты',
    regional: 'Региональный офис',
    hotlines: 'Горячие линии',
    page: 'Стр.',
    of: 'из',
    edition: '№',
    acknowledgement: 'Благодарность',
    notes: 'Примечания',
    noteBack: 'Назад к тексту',
    countryColon: ':',
    datelineSeparator: ', ',
    datelineDash: ' — ',
  },
  fr: {
    inThisEdition: 'Dans ce numéro',
    contacts: 'Contacts',
    regional: 'Bureau régional',
    hotlines: 'Lignes d’assistance',
    page: 'Page',
    of: 'sur',
    edition: 'N°',
    acknowledgement: 'Remerciements',
    notes: 'Notes',
    noteBack: 'Retour au texte',
    countryColon: '\u00a0:',
    datelineSeparator: ', ',
    datelineDash: ' – ',
  },
  es: {
    inThisEdition: 'En este número',
    contacts: 'Contactos',
    regional: 'Oficina regional',
    hotlines: 'Líneas de ayuda',
    page: 'Página',
    of: 'de',
    edition: 'N.º',
    acknowledgement: 'Agradecimientos',
    notes: 'Notas',
    noteBack: 'Volver al texto',
    countryColon: ':',
    datelineSeparator: ', ',
    datelineDash: ' – ',
  },
  ar: {
    inThisEdition: 'في هذا العدد',
    contacts: 'جهات الاتصال',
    regional: 'المكتب الإقليمي',
    hotlines: 'الخطوط الساخنة',
    page: 'صفحة',
    of: 'من',
    edition: 'العدد',
    acknowledgement: 'شكر وتقدير',
    notes: 'ملاحظات',
    noteBack: 'العودة إلى النص',
    countryColon: ':',
    datelineSeparator: '، ',
    datelineDash: ' – ',
  },
  pt: PORTUGUESE,
  // Brazil's Portuguese differs in one word.
  'pt-br': { ...PORTUGUESE, contacts: 'Contatos' },
  uk: {
    inThisEdition: 'У цьому випуску',
    contacts: 'Контакти',
    regional: 'Регіональний офіс',
    hotlines: 'Гарячі лінії',
    page: 'Стор.',
    of: 'з',
    edition: '№',
    acknowledgement: 'Подяка',
    notes: 'Примітки',
    noteBack: 'Назад до тексту',
    countryColon: ':',
    datelineSeparator: ', ',
    datelineDash: ' — ',
  },
};

/** The shipped table for a language code (`en-GB` falls back to `en`), if there is one. */
function tableFor(language: string): Labels | undefined {
  return TABLES[language.toLowerCase()] ?? TABLES[language.split('-')[0]!.toLowerCase()];
}

export function labelsFor(config: Pick<EditionConfig, 'language' | 'labels'>): Labels {
  const shipped = tableFor(config.language);
  const out: Labels = { ...(shipped ?? TABLES['en']!) };
  // Arabic script has a comma of its own.
  if (!shipped && rtlScriptOf(config.language) === 'arab') out.datelineSeparator = '، ';
  // The dash after the date is the one the text uses (an em dash in Ukrainian as in Russian).
  if (!shipped) out.datelineDash = ` ${dashFor(config.language)} `;
  for (const [k, v] of Object.entries(config.labels ?? {})) if (v !== undefined) out[k as LabelKey] = v;
  return out;
}

/** Whether labels are shipped for the language (else every label must be set in bulletin.yaml). */
export function hasShippedLabels(language: string): boolean {
  return tableFor(language) !== undefined;
}

export const shippedLanguages = Object.keys(TABLES);

/** Languages written right to left, by their ISO 639 code, and the script each is written in. */
const RTL_LANGUAGES: Record<string, string> = {
  ar: 'arab', ckb: 'arab', fa: 'arab', ks: 'arab', pnb: 'arab', prs: 'arab', ps: 'arab', sd: 'arab', ug: 'arab', ur: 'arab',
  he: 'hebr', iw: 'hebr', yi: 'hebr', arc: 'syrc', syr: 'syrc', dv: 'thaa',
};
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg']);

/** The right-to-left script of a BCP 47 language: its script subtag when it has one (`az-Arab`), else its language's. */
function rtlScriptOf(language: string): string | undefined {
  const parts = language.toLowerCase().split('-');
  const script = parts.slice(1).find((p) => p.length === 4);
  if (script) return RTL_SCRIPTS.has(script) ? script : undefined;
  return RTL_LANGUAGES[parts[0]!];
}

/** The writing direction of a BCP 47 language. */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return rtlScriptOf(language) ? 'rtl' : 'ltr';
}
