import { describe, expect, it } from 'vitest';
import { loadMessages } from '../../widget/i18n/index.js';
import type { Messages } from '../../widget/i18n/messages.js';
import { format } from '../../widget/i18n/messages.js';
import { BUTTON_LABELS, isRtl, type Lang, pickLang } from '../../widget/lang.js';

const LANGS = Object.keys(BUTTON_LABELS).filter((code): code is Lang => code in BUTTON_LABELS);

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

describe('messages', () => {
  it('exist for every language with every key, placeholders intact', async () => {
    const en = await loadMessages('en');
    expect(LANGS).toEqual(
      expect.arrayContaining(['en', 'uk', 'ru', 'de', 'fr', 'es', 'pl', 'it', 'pt', 'ar']),
    );
    for (const lang of LANGS) {
      const messages: Messages = await loadMessages(lang);
      expect(Object.keys(messages).sort(), lang).toEqual(Object.keys(en).sort());
      expect(messages.duplicates, lang).toContain('{n}');
      expect(messages.rateLimited, lang).toContain('{t}');
      expect(messages.long, lang).toMatch(/\{n\}.*\{max\}|\{max\}.*\{n\}/);
      if (lang !== 'en') expect(messages.title, lang).not.toBe(en.title);
    }
  });

  it('names the English dialog and fields as the accessibility contract says', async () => {
    const en = await loadMessages('en');
    expect(en.title).toMatch(/typo/i);
    expect(en.correction).toContain('Correction');
    expect(en.send).toBe('Send');
  });

  it('fills placeholders', () => {
    expect(format('{n} of {max}, {x}', { n: 3, max: 5 })).toBe('3 of 5, {x}');
  });
});
