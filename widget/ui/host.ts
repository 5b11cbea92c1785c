/** The widget's own corner of the page: an element on <body> with an open shadow root. */

/**
 * A fresh host element styled with `css`, appended to <body>; remove it to take everything away.
 * Styles go through a constructable stylesheet, to which a strict CSP (no `unsafe-inline` in
 * `style-src`) does not apply; engines without one get a `<style>` carrying the script's nonce.
 */
export function createHost(css: string, nonce: string): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('misprint-widget');
  // Marks the element as ours: never reportable, never part of a captured context.
  host.setAttribute('data-misprint-host', '');
  const root = host.attachShadow({ mode: 'open' });
  if (root.adoptedStyleSheets) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else root.append(Object.assign(document.createElement('style'), { nonce, textContent: css }));
  document.body.append(host);
  return { host, root };
}
