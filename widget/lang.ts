/** The widget's languages and how one is chosen; bundled into the loader, so kept tiny. */

/** Languages the dialog speaks, each with the touch button's label (in the loader, not the chunk). */
export const BUTTON_LABELS = {
  en: 'Report a typo',
  uk: 'Повідомити про помилку',
  ru: 'Сообщить об ошибке',
  de: 'Tippfehler melden',
  fr: 'Signaler une coquille',
  es: 'Informar de una errata',
  pl: 'Zgłoś literówkę',
  it: 'Segnala un refuso',
  pt: 'Comunicar um erro',
  ar: 'الإبلاغ عن خطأ',
  he: 'דיווח על שגיאה',
} as const;

/** A language the widget speaks. */
export type Lang = keyof typeof BUTTON_LABELS;

function isLang(code: string): code is Lang {
  return Object.hasOwn(BUTTON_LABELS, code);
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
