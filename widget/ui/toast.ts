/** A short, self-dismissing note at the bottom of the viewport: hints, and thanks for fixed typos. */
import { createHost } from './host.js';
import css from './toast.css?inline';

/** How long a toast stays: long enough to read two lines. */
export const TOAST_MS = 8000;

let current: HTMLElement | undefined;

/** Shows `lines` (one paragraph each) in a polite live region, replacing any toast still shown. */
export function showToast(lines: readonly string[], nonce: string, dir: 'ltr' | 'rtl'): HTMLElement {
  current?.remove();
  const { host, root } = createHost(css, nonce);
  const box = document.createElement('div');
  box.dir = dir;
  box.setAttribute('role', 'status');
  root.append(box);
  // Appended after the live region is in the page, so screen readers announce the text.
  for (const line of lines) box.appendChild(document.createElement('p')).textContent = line;
  current = host;
  box.addEventListener('click', () => host.remove());
  setTimeout(() => host.remove(), TOAST_MS);
  return host;
}
