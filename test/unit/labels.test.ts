import { describe, expect, it } from 'vitest';
import { labelsFor, shippedLanguages } from '../../src/edition/labels.js';

describe('labelsFor', () => {
  it('ships English and Russian', () => {
    expect(shippedLanguages).toEqual(['en', 'ru']);
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
