/** DOM helpers for the widget's happy-dom tests: pages from markup, ranges from visible text. */

/** Replaces the document body with `html` and returns it. */
export function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

/**
 * A Range over the `nth` occurrence of `needle` in the raw text of `root` (text nodes in document
 * order, so a needle may span elements), as a reader's drag would make it.
 */
export function rangeOf(root: Node, needle: string, nth = 0): Range {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n instanceof Text) nodes.push(n);
  const text = nodes.map((n) => n.data).join('');
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`"${needle}" #${nth} not found in "${text}"`);
  }
  const range = document.createRange();
  const locate = (index: number, end: boolean): [Text, number] => {
    let offset = index;
    for (const node of nodes) {
      if (offset < node.data.length || (end && offset === node.data.length)) return [node, offset];
      offset -= node.data.length;
    }
    const last = nodes[nodes.length - 1]!;
    return [last, last.data.length];
  };
  range.setStart(...locate(at, false));
  range.setEnd(...locate(at + needle.length, true));
  return range;
}
