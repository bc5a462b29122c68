import { describe, expect, it } from 'vitest';
import { fold, levenshtein, matchFolded, suggest } from '../../src/util/suggest.js';

const COUNTRIES = ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan'];

describe('fold', () => {
  it('folds case', () => {
    expect(fold('KYRGYZSTAN')).toBe('kyrgyzstan');
  });
  it('removes accents', () => {
    expect(fold('Kyrgyzstán')).toBe('kyrgyzstan');
    expect(fold('Côte d’Ivoire')).toBe("cote d'ivoire");
  });
  it('folds apostrophes and dashes as typed on a keyboard', () => {
    expect(fold("Cote d'Ivoire")).toBe(fold('Côte d’Ivoire'));
    expect(fold('Guinea‐Bissau')).toBe(fold('Guinea-Bissau'));
    expect(matchFolded("cote d'ivoire", ['Sénégal', 'Côte d’Ivoire'])).toBe('Côte d’Ivoire');
  });
  it('trims white space', () => {
    expect(fold('  Tajikistan \n')).toBe('tajikistan');
  });
});

describe('levenshtein', () => {
  it('counts edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', '')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });
});

describe('suggest', () => {
  it('suggests the nearest country for a misspelling', () => {
    expect(suggest('Kyrgistan', COUNTRIES)).toBe('Kyrgyzstan');
    expect(suggest('Tajkistan', COUNTRIES)).toBe('Tajikistan');
    expect(suggest('uzbekistan', COUNTRIES)).toBe('Uzbekistan');
  });
  it('suggests nothing for far-off input', () => {
    expect(suggest('France', COUNTRIES)).toBeUndefined();
    expect(suggest('Atlantis and Lemuria', COUNTRIES)).toBeUndefined();
  });
  it('suggests nothing without candidates', () => {
    expect(suggest('Kyrgistan', [])).toBeUndefined();
  });
  it('allows at least two edits for short words', () => {
    expect(suggest('tilte', ['title', 'date'])).toBe('title');
  });
});

describe('matchFolded', () => {
  it('returns the candidate’s spelling for a case or accent variant', () => {
    expect(matchFolded('kazakhstan', COUNTRIES)).toBe('Kazakhstan');
    expect(matchFolded('KYRGYZSTÁN', COUNTRIES)).toBe('Kyrgyzstan');
  });
  it('does not match a different word', () => {
    expect(matchFolded('Kyrgistan', COUNTRIES)).toBeUndefined();
    expect(matchFolded('Kyrg', COUNTRIES)).toBeUndefined();
  });
});
