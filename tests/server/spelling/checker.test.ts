import { afterAll, describe, expect, it } from 'vitest';
import { createSpellChecker } from '../../../server/spelling/checker.js';
import { spellingLanguage } from '../../../server/spelling/languages.js';

/** Loading Hunspell and a dictionary takes about a second; a loaded machine may stretch it. */
const LOAD_MS = 60_000;

describe('spellingLanguage', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['pt_BR', 'pt'],
    ['UK-ua', 'uk'],
    ['de-CH', 'de'],
    ['ja', null],
    ['', null],
    [null, null],
  ])('reads %j as %j', (tag, language) => {
    expect(spellingLanguage(tag)).toBe(language);
  });
});

describe('spell checker (a worker thread over Hunspell and dictionary-*)', () => {
  const checker = createSpellChecker();
  afterAll(() => checker.close());

  it(
    'does not know "recieved" in English and suggests "received"',
    async () => {
      const spelling = await checker.check('en-US', 'recieved');
      expect(spelling?.known).toBe(false);
      expect(spelling?.suggestions).toContain('received');
      expect(spelling?.suggestions.length).toBeLessThanOrEqual(5);
    },
    LOAD_MS,
  );

  it('knows "received", and every word of a sentence with typographic apostrophes', async () => {
    expect(await checker.check('en', 'received')).toEqual({ known: true, suggestions: [] });
    expect(await checker.check('en', 'The council doesn’t know')).toEqual({ known: true, suggestions: [] });
  });

  it('suggests the whole selection with its first unknown word corrected', async () => {
    const spelling = await checker.check('en', 'has recieved it');
    expect(spelling?.suggestions).toContain('has received it');
  });

  it(
    'checks German: "Strasse" is not in the dictionary, "Straße" is',
    async () => {
      const wrong = await checker.check('de-DE', 'Strasse');
      expect(wrong?.known).toBe(false);
      expect(wrong?.suggestions).toContain('Straße');
      expect((await checker.check('de', 'Straße'))?.known).toBe(true);
    },
    LOAD_MS,
  );

  it(
    'checks Ukrainian: "привіт" is known, "прывіт" is not',
    async () => {
      expect((await checker.check('uk', 'привіт'))?.known).toBe(true);
      const wrong = await checker.check('uk-UA', 'прывіт');
      expect(wrong?.known).toBe(false);
      expect(wrong?.suggestions).toContain('привіт');
    },
    LOAD_MS,
  );

  it('answers null for a language without a dictionary, or none, without starting anything', async () => {
    const idle = createSpellChecker();
    expect(await idle.check('ja', '誤字')).toBeNull();
    expect(await idle.check(null, 'recieved')).toBeNull();
    await idle.close();
  });

  it('gives up a language whose dictionary does not load in time: its checks answer null', async () => {
    const impatient = createSpellChecker({ loadTimeoutMs: 1 });
    try {
      expect(await impatient.check('de', 'Strasse')).toBeNull();
      expect(await impatient.check('de', 'Straße')).toBeNull();
    } finally {
      await impatient.close();
    }
  });

  it(
    'checks Italian: "perché" is known, "ricevutto" is not and "ricevuto" is suggested',
    async () => {
      expect((await checker.check('it-IT', 'perché'))?.known).toBe(true);
      const wrong = await checker.check('it', 'ricevutto');
      expect(wrong?.known).toBe(false);
      expect(wrong?.suggestions).toContain('ricevuto');
    },
    LOAD_MS,
  );

  it(
    'checks French and Portuguese, whose affix rules are the heaviest',
    async () => {
      expect((await checker.check('fr', 'recu'))?.suggestions).toContain('reçu');
      expect((await checker.check('pt-BR', 'recebido'))?.known).toBe(true);
      expect((await checker.check('pt', 'recebidu'))?.suggestions).toContain('recebido');
    },
    LOAD_MS,
  );

  it('counts a selection without words as known', async () => {
    expect(await checker.check('en', '2026 – 42%')).toEqual({ known: true, suggestions: [] });
  });
});
