/** The widget's own corner of the page: an element on <body> with an open shadow root. */
import css from './styles.css?inline';

let sheet: CSSStyleSheet | undefined;

/**
 * Styles through a constructable stylesheet: a strict CSP (no `unsafe-inline` in `style-src`)
 * does not apply to it. Engines without it get a `<style>` carrying the script's nonce.
 */
function adoptStyles(root: ShadowRoot, nonce: string): void {
  if (root.adoptedStyleSheets) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.nonce = nonce;
  style.textContent = css;
  root.append(style);
}

/** A fresh host element appended to <body>; remove it to take everything away. */
export function createHost(nonce: string): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('misprint-widget');
  // Marks the element as ours: never reportable, never part of a captured context.
  host.setAttribute('data-misprint-host', '');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, nonce);
  document.body.append(host);
  return { host, root };
}
