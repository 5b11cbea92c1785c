/**
 * Links built from report data (by the dashboard, and by notifications). Report fields come from anonymous readers, so a URL
 * becomes a link only when it parses as http(s); everything else is shown as text.
 */
import { CONTEXT_CHARS, type TextQuote } from './report.js';

/** Words of context on each side of the typo in an "open on page" link. */
export const FRAGMENT_CONTEXT_WORDS = 4;
/** A selection longer than this many words is matched by its first and last words only. */
const LONG_EXACT_WORDS = 8;

/** The URL, normalised, when it is absolute http(s); null for `javascript:`, `data:`, relative or junk. */
export function safeHttpUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/**
 * Percent-encodes one Text Fragments term. `encodeURIComponent` leaves `-` alone, but the spec gives
 * `-` meaning (prefix `x-,` and suffix `,-x` markers), so it is escaped too; `,` and `&` already are.
 */
export function encodeFragmentTerm(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D');
}

const GLUED_TAIL = /[\p{L}\p{N}\p{M}]+$/u;
const GLUED_HEAD = /^[\p{L}\p{N}\p{M}]+/u;

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/**
 * The quote with a selection that starts or ends inside a word widened to the whole word: a text
 * directive matches at word boundaries only, so `re|cieved|` must be searched as `recieved`.
 */
function widenToWords(quote: TextQuote): TextQuote {
  const tail = GLUED_HEAD.test(quote.exact) ? (GLUED_TAIL.exec(quote.prefix)?.[0] ?? '') : '';
  const head = GLUED_TAIL.test(quote.exact) ? (GLUED_HEAD.exec(quote.suffix)?.[0] ?? '') : '';
  return {
    prefix: quote.prefix.slice(0, quote.prefix.length - tail.length),
    exact: tail + quote.exact + head,
    suffix: quote.suffix.slice(head.length),
  };
}

/** The last `count` words of a prefix, without a first word the 64-character capture cut in half. */
function prefixWords(prefix: string, truncated: boolean, count: number): string {
  const list = words(prefix);
  if (truncated && !/^\s/.test(prefix)) list.shift();
  return list.slice(-count).join(' ');
}

/** The first `count` words of a suffix, without a last word the capture cut in half. */
function suffixWords(suffix: string, truncated: boolean, count: number): string {
  const list = words(suffix);
  if (truncated && !/\s$/.test(suffix)) list.pop();
  return list.slice(0, count).join(' ');
}

/** `textStart[,textEnd]` for the selection itself; a long one is matched by its ends. */
function exactTerms(exact: string): string {
  const list = words(exact);
  if (list.length <= LONG_EXACT_WORDS) return encodeFragmentTerm(list.join(' '));
  const start = list.slice(0, FRAGMENT_CONTEXT_WORDS).join(' ');
  const end = list.slice(-FRAGMENT_CONTEXT_WORDS).join(' ');
  return `${encodeFragmentTerm(start)},${encodeFragmentTerm(end)}`;
}

/**
 * The text directives that find a quote on its page, best first. The browser scrolls to the first
 * directive that matches and ignores the ones that do not:
 * 1. `prefix-,exact,-suffix`: the typo itself, while it is still on the page;
 * 2. `prefixWords,suffixWords`: a range from the words before the typo to the words after it, which
 *    contains whatever the typo became, so the link still lands once it is fixed;
 * 3. only the words on one side, when the selection sat at the edge of its block.
 */
export function textDirectives(captured: TextQuote): string[] {
  const quote = widenToWords(captured);
  const before = prefixWords(quote.prefix, captured.prefix.length >= CONTEXT_CHARS, FRAGMENT_CONTEXT_WORDS);
  const after = suffixWords(quote.suffix, captured.suffix.length >= CONTEXT_CHARS, FRAGMENT_CONTEXT_WORDS);
  const directives: string[] = [];
  if (words(quote.exact).length > 0) {
    const prefix = before ? `${encodeFragmentTerm(before)}-,` : '';
    const suffix = after ? `,-${encodeFragmentTerm(after)}` : '';
    directives.push(`${prefix}${exactTerms(quote.exact)}${suffix}`);
  }
  if (before && after) directives.push(`${encodeFragmentTerm(before)},${encodeFragmentTerm(after)}`);
  else if (before || after) directives.push(encodeFragmentTerm(before || after));
  return directives;
}

/**
 * "Open on page": the report's URL with Text Fragment directives appended (`#:~:text=…&text=…`).
 * An existing fragment is kept (hash-routed sites need it) and a previous directive replaced.
 * Null when the URL is not http(s).
 */
export function openOnPageUrl(url: string, quote: TextQuote): string | null {
  const safe = safeHttpUrl(url);
  if (safe === null) return null;
  const parsed = new URL(safe);
  const hash = parsed.hash.slice(1).split(':~:')[0] ?? '';
  parsed.hash = '';
  const directives = textDirectives(quote).map((directive) => `text=${directive}`);
  if (directives.length === 0) return parsed.href + (hash ? `#${hash}` : '');
  return `${parsed.href}#${hash}:~:${directives.join('&')}`;
}

/**
 * "Edit in CMS": the site's template with `{url}` replaced by the encoded page URL. Null when there is
 * no template, the page URL is not http(s), or the result is not http(s) either.
 */
export function cmsEditUrl(template: string | null, pageUrl: string): string | null {
  if (!template) return null;
  const page = safeHttpUrl(pageUrl);
  if (page === null) return null;
  return safeHttpUrl(template.replaceAll('{url}', encodeURIComponent(page)));
}
