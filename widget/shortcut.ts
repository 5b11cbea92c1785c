/** Naming the reader's own way to report: the shortcut of their platform, or the touch button. */
import { format, type HintWords } from './i18n/words.js';

/** Apple platforms label the key ⌘; iPadOS in desktop mode says "Macintosh" but has a coarse pointer. */
const APPLE = /Mac|iPhone|iPad|iPod/;

/**
 * How to report on this device, in `words`' language: "… press Ctrl+Enter" (⌘+Enter on Apple
 * platforms; both work everywhere, this is only what the reader is told), or "… tap the button" on
 * touch screens, where the button appears under a selection.
 */
export function howToReport(words: HintWords): string {
  if (matchMedia('(pointer: coarse)').matches) return words.tap;
  const modifier = APPLE.test(navigator.userAgent) ? '⌘' : words.ctrl;
  return format(words.keys, { k: `${modifier}+${words.enter}` });
}
