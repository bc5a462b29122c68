import type { EditionConfig, LabelKey } from '../config/schema.js';

export type Labels = Record<LabelKey, string> & { datelineDash: string };

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
    datelineDash: ' — ',
  },
};

export function labelsFor(config: Pick<EditionConfig, 'language' | 'labels'>): Labels {
  const base = TABLES[config.language] ?? TABLES[config.language.split('-')[0]!.toLowerCase()] ?? TABLES['en']!;
  const out: Labels = { ...base };
  for (const [k, v] of Object.entries(config.labels ?? {})) if (v !== undefined) out[k as LabelKey] = v;
  return out;
}

export const shippedLanguages = Object.keys(TABLES);
