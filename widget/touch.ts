/**
 * The coarse-pointer trigger: phones have no Ctrl+Enter, so a small "report a typo" button appears
 * below a selection once it has settled, and opens the same dialog for that selection.
 */

/** Selection handles fire selectionchange continuously; wait until the reader lets go. */
const SETTLE_MS = 500;

const CSS =
  ':host{all:initial!important}button{position:fixed;z-index:2147483647;min-height:44px;padding:0 18px;border:0;border-radius:22px;background:#0b57d0;color:#fff;font:600 15px system-ui,sans-serif;box-shadow:0 2px 8px #0006}';

/** Shows the button under settled selections on coarse pointers; `onTap` gets the saved range. */
export function watchSelection(label: string, onTap: (range: Range) => void): void {
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
      host = document.createElement('misprint-widget');
      host.setAttribute('data-misprint-host', '');
      const root = host.attachShadow({ mode: 'open' });
      // Constructable, so a strict CSP applies no style-src to it. Phones without it (iOS < 16.4)
      // get an unstyled but working button; the loader has no bytes to spare for a fallback.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
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
      document.body.append(host);
      addEventListener('scroll', place, { capture: true, passive: true });
    }
    place();
  };
  const settle = (): void => {
    const selection = getSelection();
    const next = coarse.matches && selection && !selection.isCollapsed ? selection.getRangeAt(0) : null;
    const node = next?.commonAncestorContainer;
    const el = node instanceof Element ? node : node?.parentElement;
    if (next && !el?.closest('[data-misprint-ignore],[data-misprint-host]')) show(next.cloneRange());
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
}
