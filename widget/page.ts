/** What the widget reads from the host page: the current selection and the page's address. */
import { LIMITS } from '../contract/report.js';

/** Every open shadow root under `root` except the widget's own, for getComposedRanges. */
export function openShadowRoots(root: ParentNode): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (!el.shadowRoot || el.hasAttribute('data-misprint-host')) continue;
    found.push(el.shadowRoot, ...openShadowRoots(el.shadowRoot));
  }
  return found;
}

/**
 * The reader's selection. getComposedRanges (where the browser has it) reaches into open shadow
 * roots, which getRangeAt only sees as their host.
 */
export function selectedRange(doc: Document = document): AbstractRange | null {
  const selection = doc.getSelection();
  if (!selection) return null;
  if (typeof selection.getComposedRanges === 'function') {
    try {
      const [range] = selection.getComposedRanges({ shadowRoots: openShadowRoots(doc) });
      if (range && !range.collapsed) return range;
    } catch {
      // Older engines only take the roots as separate arguments; the flat range still works.
    }
  }
  return selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
}

/**
 * The page's address for the report: its canonical URL when it declares one (tracking parameters
 * and mirrors collapse into one page), else the address without its fragment.
 */
export function pageUrl(doc: Document = document, address: string = doc.location.href): string {
  // A link's `href` property is already absolute; anything but http(s) is not a page address.
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]')?.href ?? '';
  const url = new URL(/^https?:\/\/[^/]/i.test(canonical) ? canonical : address);
  url.hash = '';
  if (url.href.length > LIMITS.urlMax) url.search = '';
  return url.href.slice(0, LIMITS.urlMax);
}
