/**
 * Cutting context to the W3C TextQuoteSelector's prefix and suffix: at most `max` UTF-16 units,
 * at a word boundary when there is one, never through a surrogate pair (a lone surrogate is
 * invalid input on the server).
 */

const SPACE = /\s/;

/** A low surrogate opening the text: the first half of its pair was cut off. */
const OPENS_BROKEN = /^[\udc00-\udfff]/;

/** Context reads as plain text: every white space, NBSP included, is one ordinary space. */
function plain(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The last `max` units of the text before the selection, starting at a whole word. */
export function cutPrefix(before: string, max: number): string {
  const text = plain(before).trimStart();
  if (text.length <= max) return text;
  let window = text.slice(text.length - max);
  if (!SPACE.test(text.charAt(text.length - max - 1))) {
    const space = window.search(SPACE);
    const rest = space === -1 ? '' : window.slice(space + 1);
    if (rest.trim() !== '') window = rest;
  }
  if (OPENS_BROKEN.test(window)) window = window.slice(1);
  return window.trimStart();
}

/** Reverses text by code points, so surrogate pairs stay whole. */
function reversed(text: string): string {
  return Array.from(text).reverse().join('');
}

/**
 * The first `max` units of the text after the selection, ending at a whole word: the mirror image
 * of {@link cutPrefix}.
 */
export function cutSuffix(after: string, max: number): string {
  return reversed(cutPrefix(reversed(after), max));
}
