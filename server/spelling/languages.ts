/**
 * The languages the dictionary checks, each from its `dictionary-*` package (Hunspell files, ESM,
 * read from disk when first imported). Licences differ per package: en MIT AND BSD, de GPL-2.0 OR
 * GPL-3.0, fr MPL-2.0, es GPL-3.0 OR LGPL-3.0 OR MPL-1.1, pt LGPL-3.0 OR MPL-2.0, pl GPL-3.0 OR
 * LGPL-3.0 OR MPL-2.0, it GPL-3.0, ru BSD-3-Clause, uk GPL-3.0. They are data loaded at run time,
 * not part of Misprint's code.
 */

/** Hunspell dictionary files as the packages export them. */
export interface DictionaryFiles {
  aff: Uint8Array;
  dic: Uint8Array;
}

/** Base language subtags with a dictionary. */
export const SPELLING_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'pl', 'ru', 'uk'] as const;
/** One of {@link SPELLING_LANGUAGES}. */
export type SpellingLanguage = (typeof SPELLING_LANGUAGES)[number];

/** Static specifiers, so the build and the package manager see every dictionary the server may load. */
const LOADERS: Readonly<Record<SpellingLanguage, () => Promise<{ default: DictionaryFiles }>>> = {
  en: () => import('dictionary-en'),
  de: () => import('dictionary-de'),
  fr: () => import('dictionary-fr'),
  es: () => import('dictionary-es'),
  it: () => import('dictionary-it'),
  pt: () => import('dictionary-pt'),
  pl: () => import('dictionary-pl'),
  ru: () => import('dictionary-ru'),
  uk: () => import('dictionary-uk'),
};

function isSpellingLanguage(value: string): value is SpellingLanguage {
  return (SPELLING_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The dictionary language of a BCP 47 tag: its primary subtag, lower-cased (`en-GB` → `en`,
 * `pt_BR` → `pt`), or null when none of ours covers it (or no tag was sent).
 */
export function spellingLanguage(tag: string | null | undefined): SpellingLanguage | null {
  const base = tag?.trim().split(/[-_]/, 1)[0]?.toLowerCase() ?? '';
  return isSpellingLanguage(base) ? base : null;
}

/** Reads a language's dictionary files (the package reads them from disk when first imported). */
export async function loadDictionaryFiles(language: SpellingLanguage): Promise<DictionaryFiles> {
  return (await LOADERS[language]()).default;
}
