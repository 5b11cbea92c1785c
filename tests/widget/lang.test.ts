import { describe, expect, it } from 'vitest';
import * as en from '../../widget/i18n/en.js';
import { format } from '../../widget/i18n/words.js';
import { isRtl, LANGS, pickLang } from '../../widget/lang.js';

/** Every language's words module. */
const WORDS = new Map(
  await Promise.all(
    LANGS.map(async (lang) => {
      const words: typeof en = await import(`../../widget/i18n/${lang}.ts`);
      return [lang, words] as const;
    }),
  ),
);

/** Sorted keys of an object, nested objects as `key.sub`. */
function keys(value: object, prefix = ''): string[] {
  return Object.entries(value)
    .flatMap(([key, inner]) =>
      typeof inner === 'object' && inner !== null ? keys(inner, `${prefix}${key}.`) : [`${prefix}${key}`],
    )
    .sort();
}

describe('pickLang', () => {
  it('takes data-lang, then <html lang>, then the browser, by primary subtag', () => {
    expect(pickLang(['de', 'fr', 'es'])).toBe('de');
    expect(pickLang([undefined, 'pt-BR', 'es'])).toBe('pt');
    expect(pickLang(['', 'zh-Hans', 'uk-UA'])).toBe('uk');
    expect(pickLang([null, 'zh', 'ja'])).toBe('en');
  });

  it('knows the right-to-left languages', () => {
    expect(isRtl('ar')).toBe(true);
    expect(isRtl('he')).toBe(true);
    expect(isRtl('en')).toBe(false);
  });
});

describe('words', () => {
  it('exist for every language, for every chunk, with every key and placeholders intact', () => {
    expect(LANGS).toEqual(
      expect.arrayContaining(['en', 'uk', 'ru', 'de', 'fr', 'es', 'pl', 'it', 'pt', 'ar']),
    );
    for (const lang of LANGS) {
      const words = WORDS.get(lang) ?? en;
      const parts = [
        ['dialog', words.dialog, en.dialog],
        ['hint', words.hint, en.hint],
        ['told', words.told, en.told],
        ['touch', words.touch, en.touch],
      ] as const;
      for (const [part, mine, english] of parts) expect(keys(mine), `${lang} ${part}`).toEqual(keys(english));
      expect(words.dialog.duplicates, lang).toContain('{n}');
      expect(words.dialog.rateLimited, lang).toContain('{t}');
      expect(words.hint.long, lang).toMatch(/\{n\}.*\{max\}|\{max\}.*\{n\}/);
      expect(words.hint.keys, lang).toContain('{k}');
      expect(words.told.fixed, lang).toMatch(/\{a\}.*\{b\}/);
      expect(words.told.plain, lang).toContain('{a}');
      if (lang !== 'en') expect(words.dialog.title, lang).not.toBe(en.dialog.title);
    }
  });

  it('names the English dialog and fields as the accessibility contract says', () => {
    expect(en.dialog.title).toMatch(/typo/i);
    expect(en.dialog.correction).toContain('Correction');
    expect(en.dialog.send).toBe('Send');
    expect(en.touch.button).toBe('Report a typo');
  });

  it('fills placeholders', () => {
    expect(format('{n} of {max}, {x}', { n: 3, max: 5 })).toBe('3 of 5, {x}');
  });
});
