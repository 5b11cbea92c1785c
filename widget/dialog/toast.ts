/** A short, self-dismissing hint (no selection, selection too long): no modal for a hint. */
import { createHost } from './host.js';

/** How long a hint stays: long enough to read two lines. */
const TOAST_MS = 6000;

let current: HTMLElement | undefined;

/** Shows `text` at the bottom of the viewport, replacing any hint still shown. */
export function showToast(text: string, nonce: string, dir: 'ltr' | 'rtl'): HTMLElement {
  current?.remove();
  const { host, root } = createHost(nonce);
  const box = document.createElement('div');
  box.className = 'root toast';
  box.dir = dir;
  box.setAttribute('role', 'status');
  root.append(box);
  box.textContent = text;
  current = host;
  box.addEventListener('click', () => host.remove());
  setTimeout(() => host.remove(), TOAST_MS);
  return host;
}
