import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { validateConfigText } from '../../src/config/load-config.js';
import { directionOf, hasShippedLabels, labelsFor, shippedLanguages } from '../../src/edition/labels.js';
import { typeset } from '../../src/markdown/typography.js';

describe('labelsFor', () => {
  it('ships English, Russian, French, Spanish and Arabic', () => {
    expect(shippedLanguages).toEqual(['en', 'ru', 'fr', 'es', 'ar']);
    expect(labelsFor({ language: 'fr', labels: undefined })).toMatchObject({ inThisEdition: 'Dans ce numéro', of: 'sur', datelineSeparator: ', ' });
    expect(labelsFor({ language: 'es-419', labels: undefined })).toMatchObject({ hotlines: 'Líneas de ayuda', page: 'Página' });
    expect(labelsFor({ language: 'ar', labels: undefined })).toMatchObject({ page: 'صفحة', datelineSeparator: '، ' });
    expect(hasShippedLabels('FR-ca')).toBe(true);
    expect(hasShippedLabels('de')).toBe(false);
    expect(labelsFor({ language: 'en', labels: undefined })).toMatchObject({ contacts: 'Contacts', edition: 'No.', datelineDash: ' – ' });
    expect(labelsFor({ language: 'ru', labels: undefined })).toMatchObject({ contacts: 'Контакты', edition: '№', datelineDash: ' — ' });
  });

  it('uses the base language of a regional tag, and English for unknown languages', () => {
    expect(labelsFor({ language: 'ru-KZ', labels: undefined }).hotlines).toBe('Горячие линии');
    expect(labelsFor({ language: 'kk', labels: undefined }).hotlines).toBe('Hotlines');
  });

  it('lets the config override single labels', () => {
    const labels = labelsFor({ language: 'en', labels: { contacts: 'IOM CT Team', hotlines: undefined } as never });
    expect(labels.contacts).toBe('IOM CT Team');
    expect(labels.hotlines).toBe('Hotlines');
  });
});

describe('directionOf', () => {
  it('is rtl for languages written right to left, by language or by script subtag', () => {
    for (const rtl of ['ar', 'ar-EG', 'fa', 'he', 'ur', 'ps', 'prs', 'ckb', 'ug', 'yi', 'dv', 'az-Arab', 'uz-Arab-AF']) expect(directionOf(rtl), rtl).toBe('rtl');
    for (const ltr of ['en', 'ru', 'fr', 'kk', 'uz', 'az', 'tk', 'tg', 'ku', 'ku-Latn', 'sr-Cyrl']) expect(directionOf(ltr), ltr).toBe('ltr');
  });
});

describe('config/labels-missing', () => {
  const config = (language: string, extra = '') =>
    `title: T\norganisation: O\nedition: 4\nperiod:\n  label: Q\n  start: 2025-01-01\n  end: 2025-03-31\nlanguage: ${language}\ncountries: [A]\n${extra}`;
  const check = (text: string) => {
    const sink = new DiagnosticSink('bulletin.yaml');
    validateConfigText(text, sink);
    return sink.list.filter((d) => d.ruleId === 'config/labels-missing');
  };

  it('warns at the language when an unshipped language leaves printed labels unset, naming them', () => {
    const [d, ...rest] = check(config('de'));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ severity: 'warning', line: 8, column: 11 });
    expect(d!.message).toContain('`inThisEdition`, `page`, `of`, `edition`');
    // nothing about blocks this edition does not print
    expect(d!.message).not.toContain('`hotlines`');
    expect(d!.message).not.toContain('`regional`');
  });

  it('is quiet for shipped languages and when every printed label is set', () => {
    expect(check(config('fr'))).toEqual([]);
    expect(check(config('de', 'labels:\n  inThisEdition: In dieser Ausgabe\n  page: Seite\n  of: von\n  edition: Nr.\n'))).toEqual([]);
  });
});

describe('typeset', () => {
  it('keeps French high punctuation and guillemets on the line of their word', () => {
    expect(typeset('Pourquoi ? Voici : « la traite » ; fin !', 'fr')).toBe('Pourquoi\u202f? Voici\u00a0: «\u00a0la traite\u202f»\u202f; fin\u202f!');
    // typed without the spaces: added, but never before a colon (times, references)
    expect(typeset('«Oui»? Non! À 10:30.', 'fr')).toBe('«\u00a0Oui\u202f»\u202f? Non\u202f! À 10:30.');
    // not in English, and never inside an address
    expect(typeset('Why ? See : this', 'en')).toBe('Why ? See : this');
    expect(typeset('Voir https://example.org/a:b', 'fr')).toBe('Voir https://example.org/a:b');
  });
});

describe('labels for the heading and the dateline', () => {
  it('puts a no-break space before the colon after the country in French only', () => {
    expect(labelsFor({ language: 'fr', labels: undefined }).countryColon).toBe('\u00a0:');
    expect(labelsFor({ language: 'en', labels: undefined }).countryColon).toBe(':');
  });

  it('uses the Arabic comma in datelines of Arabic-script languages without shipped labels', () => {
    expect(labelsFor({ language: 'fa', labels: undefined }).datelineSeparator).toBe('، ');
    expect(labelsFor({ language: 'uz-Arab', labels: undefined }).datelineSeparator).toBe('، ');
    expect(labelsFor({ language: 'he', labels: undefined }).datelineSeparator).toBe(', ');
  });
});
