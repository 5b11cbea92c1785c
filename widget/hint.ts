/**
 * The hint chunk (`hint-<lang>`): the reader's own way to report, in their language. The loader
 * imports it once the page is idle on pages with `[data-misprint-hint]` elements, and each gets it
 * as its text, so a site's footer never names the wrong key (the README's "Adding Misprint to a
 * site"); the dialog chunk imports it (through the loader) to explain, in a toast, why it opened
 * no dialog: nothing selected, or too much. So the dialog chunk carries none of these words.
 */
import { format, type HintWords } from './i18n/words.js';
import { isRtl } from './lang.js';
import { howToReport } from './shortcut.js';
import type { HintChunk } from './types.js';
import { showToast } from './ui/toast.js';

/** The chunk for `words`' language. */
export function chunk(words: HintWords): HintChunk {
  return function hint(widget, length): void {
    if (!widget) {
      const text = howToReport(words);
      for (const element of document.querySelectorAll('[data-misprint-hint]')) element.textContent = text;
      return;
    }
    const { config } = widget;
    showToast(
      [length ? format(words.long, { n: length, max: config.maxSelection }) : howToReport(words)],
      config.nonce,
      isRtl(config.lang) ? 'rtl' : 'ltr',
    );
  };
}
