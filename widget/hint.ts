/**
 * The hint chunk (`hint-<lang>`): the loader imports it once the page is idle, only on pages with
 * `[data-misprint-hint]` elements, and each gets the reader's own way to report as its text, so a
 * site's footer never names the wrong key (the README's "Adding Misprint to a site").
 */
import type { HintWords } from './i18n/words.js';
import { howToReport } from './shortcut.js';
import type { HintChunk } from './types.js';

/** The chunk for `words`' language. */
export function chunk(words: HintWords): HintChunk {
  return function fillHints(): void {
    const text = howToReport(words);
    for (const element of document.querySelectorAll('[data-misprint-hint]')) element.textContent = text;
  };
}
