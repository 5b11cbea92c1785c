/**
 * What a re-check concludes about one quote from the page's text (DESIGN "Re-check"): the context
 * still there with `exact` no longer between it → fixed; `exact` still in its context → still
 * there; neither found → the page changed. Only "fixed" closes a group, so every doubt leans to
 * the other two.
 */
import type { PageCheckResult } from '../../contract/api.js';

/** The quote of a report, as the widget captured it. */
export interface Quote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** Context (both sides together, or one side alone) must be this long to place the quote. */
export const MIN_CONTEXT = 16;
/** A replacement may be this much longer than the typo and still sit between its context. */
export const REPLACEMENT_SLACK = 64;

const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;

/** Quote text in the page text's form: NFC, invisible characters out, whitespace runs as one space. */
function plain(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ');
}

/** Every index at which `needle` starts in `text`. */
function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** What stands between the context at each place it is found (trimmed), within one block. */
function middles(text: string, before: string, after: string, maxGap: number): string[] {
  const found: string[] = [];
  if (before && after && before.length + after.length >= MIN_CONTEXT) {
    for (const i of occurrences(text, before)) {
      const start = i + before.length;
      const j = text.indexOf(after, start);
      if (j === -1 || j - start > maxGap) continue;
      const middle = text.slice(start, j);
      if (!middle.includes('\n')) found.push(middle.trim());
    }
  } else if (!after && before.length >= MIN_CONTEXT) {
    // The quote ended its block: what follows the prefix up to the block's end.
    for (const i of occurrences(text, before)) {
      const start = i + before.length;
      const end = text.indexOf('\n', start);
      found.push(text.slice(start, end === -1 ? text.length : end).trim());
    }
  } else if (!before && after.length >= MIN_CONTEXT) {
    // The quote began its block: what precedes the suffix from the block's start.
    for (const j of occurrences(text, after)) {
      const start = text.lastIndexOf('\n', j - 1) + 1;
      found.push(text.slice(start, j).trim());
    }
  }
  return found;
}

/** The verdict on `quote` given the page's text (from {@link pageText}). */
export function judgeQuote(text: string, quote: Quote): PageCheckResult {
  const exact = plain(quote.exact).trim();
  const prefix = plain(quote.prefix);
  const suffix = plain(quote.suffix);
  if (text.includes(prefix + exact + suffix)) return 'still_there';
  const found = middles(text, prefix.trim(), suffix.trim(), exact.length + REPLACEMENT_SLACK);
  if (found.length === 0) return 'page_changed';
  return found.includes(exact) ? 'still_there' : 'fixed';
}
