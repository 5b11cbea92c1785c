/**
 * The dialog chunk for touch screens (`dialog-touch-<lang>`), with the coarse-pointer trigger:
 * phones have no Ctrl+Enter, so a small "report a typo" button appears below a selection once it
 * has settled, and opens the dialog for that selection. The loader fetches this flavour of the
 * dialog chunk instead of `dialog-<lang>` on coarse pointers, when a selection first settles, and
 * starts the button with the chunk's `touch` (the dialog is then on the device, so a tap shows it
 * at once).
 */
import { chunk as dialogChunk } from './dialog/index.js';
import type { DialogWords, TouchWords } from './i18n/words.js';
import { isReportable } from './settle.js';
import css from './touch.css?inline';
import type { DialogChunk } from './types.js';
import { createHost } from './ui/host.js';

/** Selection handles fire selectionchange continuously; wait until the reader lets go. */
const SETTLE_MS = 500;

/**
 * Shows the button under settled selections while the pointer is coarse (checked each time: a
 * tablet may gain a keyboard), starting with the current selection; `onTap` gets the saved range.
 */
export function watchTouch(label: string, nonce: string, onTap: (range: Range) => void): void {
  const coarse = matchMedia('(pointer: coarse)');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let host: HTMLElement | undefined;
  let button: HTMLButtonElement | undefined;
  let range: Range | undefined;

  const place = (): void => {
    if (!button || !range) return;
    const rect = range.getBoundingClientRect();
    const left = Math.min(
      rect.left + rect.width / 2 - button.offsetWidth / 2,
      innerWidth - button.offsetWidth - 8,
    );
    // CSSOM writes, not a style attribute: a strict CSP allows them.
    button.style.left = `${Math.max(left, 8)}px`;
    button.style.top = `${Math.min(rect.bottom + 12, innerHeight - button.offsetHeight - 8)}px`;
  };
  const hide = (): void => {
    host?.remove();
    host = button = range = undefined;
    removeEventListener('scroll', place, true);
  };
  const show = (next: Range): void => {
    range = next;
    if (!host) {
      let root: ShadowRoot;
      ({ host, root } = createHost(css, nonce));
      button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      // Keeps the page's selection where the browser would collapse it on a tap.
      button.addEventListener('pointerdown', (event) => event.preventDefault());
      button.addEventListener('click', () => {
        const saved = range;
        hide();
        if (saved) onTap(saved);
      });
      root.append(button);
      addEventListener('scroll', place, { capture: true, passive: true });
    }
    place();
  };
  const settle = (): void => {
    const selection = getSelection();
    if (coarse.matches && selection && isReportable(selection)) show(selection.getRangeAt(0).cloneRange());
    else hide();
  };

  document.addEventListener(
    'selectionchange',
    () => {
      clearTimeout(timer);
      timer = setTimeout(settle, SETTLE_MS);
    },
    { passive: true },
  );
  settle();
}

/** The chunk for the words' language: the dialog, and the button, which opens it through the loader. */
export function chunk(dialog: DialogWords, words: TouchWords): DialogChunk {
  let watching = false;
  return Object.assign(dialogChunk(dialog), {
    touch: (widget: Parameters<DialogChunk>[0]) => {
      if (watching) return;
      watching = true;
      watchTouch(words.button, widget.config.nonce, (range) => widget.open(range));
    },
  });
}
