/** The widget's languages and how one is chosen; bundled into the loader, so kept tiny. */

/** Languages the widget speaks: each has its words in i18n/<code>.ts and its chunks built. */
export const LANGS = ['en', 'uk', 'ru', 'de', 'fr', 'es', 'pl', 'it', 'pt', 'ar', 'he'] as const;

/** A language the widget speaks. */
export type Lang = (typeof LANGS)[number];

function isLang(code: string): code is Lang {
  return (LANGS as readonly string[]).includes(code);
}

/**
 * The first supported language among the candidates (`data-lang`, `<html lang>`, the browser's),
 * by primary subtag: `pt-BR` speaks `pt`. English when none is supported.
 */
export function pickLang(candidates: ReadonlyArray<string | null | undefined>): Lang {
  for (const candidate of candidates) {
    const code = candidate?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if (isLang(code)) return code;
  }
  return 'en';
}

/** Right-to-left languages, for `dir`. */
export function isRtl(lang: Lang): boolean {
  return lang === 'ar' || lang === 'he';
}
