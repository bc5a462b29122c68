import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { validateConfigText } from '../../src/config/load-config.js';
import { directionOf, hasShippedLabels, labelsFor, shippedLanguages } from '../../src/edition/labels.js';
import { typeset } from '../../src/markdown/typography.js';
import { pageNumberContent } from '../../src/render/template.js';

describe('labelsFor', () => {
  it('ships English, Russian, French, Spanish, Arabic, Portuguese (European and Brazilian) and Ukrainian', () => {
    expect(shippedLanguages).toEqual(['en', 'ru', 'fr', 'es', 'ar', 'pt', 'pt-br', 'uk']);
    expect(labelsFor({ language: 'pt-MZ', labels: undefined })).toMatchObject({ contacts: 'Contactos', page: 'Página', of: 'de' });
    expect(labelsFor({ language: 'pt-BR', labels: undefined })).toMatchObject({ contacts: 'Contatos', inThisEdition: 'Nesta edição' });
    expect(labelsFor({ language: 'uk', labels: undefined })).toMatchObject({ inThisEdition: 'У цьому випуску', of: 'з', datelineDash: ' — ' });
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

  it('does not ask for `of` when the `page` label places the numbers itself', () => {
    expect(check(config('tr', 'labels:\n  inThisEdition: Bu sayıda\n  page: "Sayfa {page} / {pages}"\n  edition: "No."\n'))).toEqual([]);
    expect(check(config('tr', 'labels:\n  inThisEdition: Bu sayıda\n  page: "Sayfa"\n  edition: "No."\n'))[0]!.message).toContain('`of`');
  });
});

describe('config/label-pattern', () => {
  const check = (page: string) => {
    const sink = new DiagnosticSink('bulletin.yaml');
    validateConfigText(`title: T\norganisation: O\nedition: 4\nperiod:\n  label: Q\n  start: 2025-01-01\n  end: 2025-03-31\ncountries: [A]\nlabels:\n  page: ${JSON.stringify(page)}\n`, sink);
    return sink.list.filter((d) => d.ruleId === 'config/label-pattern');
  };

  it('warns at the label about braces it does not fill in, or a count without the number', () => {
    const [d] = check('{pgae} / {pages}');
    expect(d).toMatchObject({ severity: 'warning', line: 10, column: 9 });
    expect(d!.message).toContain('`{pgae}`');
    expect(check('Page {pages}')[0]!.message).toContain('`{pages}` but not `{page}`');
    expect(check('{page} / {pages} {}')).toHaveLength(1);
  });

  it('is quiet for a pattern, and for a label without braces', () => {
    expect(check('{page} / {pages}')).toEqual([]);
    expect(check('第{page}页，共{pages}页')).toEqual([]);
    expect(check('Seite')).toEqual([]);
  });
});

describe('pageNumberContent (the footer’s page number, as CSS content)', () => {
  it('is “Page 2 of 6” from `page` and `of`', () => {
    expect(pageNumberContent({ page: 'Page', of: 'of' })).toBe('"Page" " " counter(page) " " "of" " " counter(pages)');
  });

  it('follows the `page` label where it places {page} and {pages}', () => {
    expect(pageNumberContent({ page: '第{page}页，共{pages}页', of: 'of' })).toBe('"第" counter(page) "页，共" counter(pages) "页"');
    expect(pageNumberContent({ page: '{page} / {pages}' })).toBe('counter(page) " / " counter(pages)');
    expect(pageNumberContent({ page: '{page}' })).toBe('counter(page)');
    // A quote or a backslash in the label stays text.
    expect(pageNumberContent({ page: '"{page}" \\' })).toBe('"\\"" counter(page) "\\" \\\\"');
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

  it('makes straight quotes the language’s own, and apostrophes ’', () => {
    expect(typeset('He said "stop" and left. L\'OIM\'s work', 'en')).toBe('He said “stop” and left. L’OIM’s work');
    expect(typeset('Il a dit "Nous devons agir maintenant" à l\'OIM.', 'fr')).toBe('Il a dit «\u00a0Nous devons agir maintenant\u202f» à l’OIM.');
    expect(typeset('Er sagte "Halt" und \'so\'.', 'de')).toBe('Er sagte „Halt“ und ‚so‘.');
    expect(typeset('Он сказал "стоп".', 'ru')).toBe('Он сказал «стоп».');
    // a quote after an emphasised word closes: the character before the text decides
    expect(typeset('" and more', 'en', 'd')).toBe('” and more');
    expect(typeset('"Quote', 'en', ' ')).toBe('“Quote');
    // languages without a table keep their quotes; apostrophes still curl
    expect(typeset('"x" l\'a', 'sw')).toBe('"x" l’a');
    // after a word, a straight single quote closes only a quote that is open; else it is an apostrophe
    expect(typeset("los idiomas k'iche', q'eqchi' y mam", 'es')).toBe('los idiomas k’iche’, q’eqchi’ y mam');
    expect(typeset("« il a dit 'non' », l'OIM", 'fr')).toBe('«\u00a0il a dit “non”\u202f», l’OIM');
    expect(typeset("the workers' union, 'quoted'", 'en')).toBe('the workers’ union, ‘quoted’');
    // the quote opened in one piece of a paragraph closes in the next
    const state = { singleOpen: false };
    expect(typeset("er sagte 'so", 'de', '', { quotes: state }) + typeset("' und", 'de', 'o', { quotes: state })).toBe('er sagte ‚so‘ und');
    // a quote opens after Spanish ¡ and ¿
    expect(typeset('¡"Basta ya"! ¿"Por qué"?', 'es')).toBe('¡«Basta ya»! ¿«Por qué»?');
    // Portuguese as the labels write it (Portugal, Lusophone Africa) takes guillemets; Brazil's takes curly
    // quotes; a region the table does not name takes its language's marks; Swiss German writes guillemets.
    for (const tag of ['pt', 'pt-PT', 'pt-AO', 'pt-MZ']) expect(typeset('o "Fórum" e \'isso\'', tag), tag).toBe('o «Fórum» e “isso”');
    expect(typeset('o "Fórum" e \'isso\'', 'pt-BR')).toBe('o “Fórum” e ‘isso’');
    expect(typeset('er sagte "Halt"', 'de-CH')).toBe('er sagte «Halt»');
    expect(typeset('er sagte "Halt"', 'de-AT')).toBe('er sagte „Halt“');
    expect(typeset('He said "stop"', 'en-GB')).toBe('He said “stop”');
  });

  it('changes only spaces in a title, never its characters', () => {
    const title = 'Campaign "Stop" - 17-18 May: Women\'s day? «Oui»';
    expect(typeset(title, 'en', '', { spacesOnly: true })).toBe('Campaign "Stop"\u00a0- 17-18 May: Women\'s day? «Oui»');
    // A title's spaces stay full no-break spaces: Chrome writes no space in the PDF's text for a narrow one, and
    // the title would not read there as typed ("Pourquoi?", "3200 personnes").
    expect(typeset('Pourquoi ? Voici : « la traite »', 'fr', '', { spacesOnly: true })).toBe('Pourquoi\u00a0? Voici\u00a0: «\u00a0la traite\u00a0»');
    expect(typeset('3 200 personnes', 'fr', '', { spacesOnly: true })).toBe('3\u00a0200 personnes');
    expect(typeset('Conakry?', 'fr', '', { spacesOnly: true })).toBe('Conakry?');
  });

  it('keeps the groups of a number together', () => {
    const T = '\u202f';
    expect(typeset('15 000 personnes et 1 234 567 appels, 3 111 à Ouahigouya', 'fr')).toBe(`15${T}000 personnes et 1${T}234${T}567 appels, 3${T}111 à Ouahigouya`);
    expect(typeset('3 500 звонков', 'ru')).toBe(`3${T}500 звонков`);
    // years and other numbers side by side are not groups
    expect(typeset('In 2014 200 people; rooms 12 and 1000 200', 'en')).toBe('In 2014 200 people; rooms 12 and 1000 200');
  });

  it('makes ranges of small numbers and years, but not of law, document and phone numbers', () => {
    expect(typeset('17-18 December, photos 1-2, ages 9-12, 2014-2015, 2014-15', 'en')).toBe('17–18 December, photos 1–2, ages 9–12, 2014–2015, 2014–15');
    // Right to left, the hyphen stays: it keeps the range one left-to-right run, where an en dash reverses it.
    expect(typeset('2024-2028 و 17-18', 'ar', '', { direction: 'rtl' })).toBe('2024-2028 و 17-18');
    for (const t of ['Decreto 44-2016', 'Decreto 9-2009', '(502) 2411-9191', 'score 3-1', 'call 1234-5678']) expect(typeset(t, 'es')).toBe(t);
    for (const t of ['loi n° 2005-06', 'Law No. 12-3', 'закон № 2005-06', 'Nr. 4-5', 'art. 3-1', 'Ley N.º 2026-15', 'Ley Nro. 2026-15', 'n.º 28950-07', 'nro. 12-3']) expect(typeset(t, 'fr')).toBe(t.replace(/ (?=\d)/, '\u00a0'));
  });

  it('makes an em dash of "--" before a name that opens a line, and between words', () => {
    expect(typeset('-- Guadalupe Peña', 'es')).toBe('—\u00a0Guadalupe Peña');
    expect(typeset('as she said.\n--- Guadalupe Peña', 'en', 'x')).toBe('as she said.\n—\u00a0Guadalupe Peña');
    expect(typeset('the work--and the cost', 'en')).toBe('the work—and the cost');
    // between words with spaces it is the language's dash, as before
    expect(typeset('the work -- and the cost', 'en')).toBe('the work\u00a0– and the cost');
  });

  it('keeps one-letter words with the next word in Ukrainian, Czech and Polish', () => {
    expect(typeset('і з й в', 'uk')).toBe('і\u00a0з\u00a0й\u00a0в');
    expect(typeset('k domu s nami v Praze', 'cs')).toBe('k\u00a0domu s\u00a0nami v\u00a0Praze');
    expect(typeset('a b', 'en')).toBe('a b');
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

  it('ends the dateline with the dash the text uses', () => {
    expect(labelsFor({ language: 'uk', labels: undefined }).datelineDash).toBe(' — ');
    expect(labelsFor({ language: 'ru', labels: undefined }).datelineDash).toBe(' — ');
    expect(labelsFor({ language: 'de', labels: undefined }).datelineDash).toBe(' – ');
  });
});
