import { createHash } from 'node:crypto';

/** Characters of context on each side that tell two occurrences of the same text on a page apart. */
export const GROUP_CONTEXT_CHARS = 16;

/** Query parameters that say how a reader arrived, not which page they read. */
const TRACKING_PARAM = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref_src)$/i;

/** Runs of whitespace as one space, ends trimmed: readers' selections differ in these, not in meaning. */
function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** The page a URL names: without fragment and tracking parameters. */
export function pageOf(url: string): string {
  const page = new URL(url);
  page.hash = '';
  for (const name of [...page.searchParams.keys()]) {
    if (TRACKING_PARAM.test(name)) page.searchParams.delete(name);
  }
  return page.href;
}

/** What makes two reports "the same text on the same page". */
export interface GroupKeyInput {
  siteId: string;
  url: string;
  quote: { exact: string; prefix: string; suffix: string };
}

/**
 * The duplicate-group key: site, page ({@link pageOf}), the selected text with whitespace collapsed,
 * and the {@link GROUP_CONTEXT_CHARS} characters next to it on each side, hashed to a fixed length.
 * Only nearby context counts, so the same typo reported by readers whose widgets captured more or
 * less distant context still groups, while the same word at two places on a page does not.
 * The `v1:` prefix lets a future definition coexist with stored keys.
 */
export function groupKey({ siteId, url, quote }: GroupKeyInput): string {
  const exact = collapse(quote.exact) || quote.exact;
  const before = collapse(quote.prefix).slice(-GROUP_CONTEXT_CHARS).trimStart();
  const after = collapse(quote.suffix).slice(0, GROUP_CONTEXT_CHARS).trimEnd();
  const digest = createHash('sha256')
    .update(JSON.stringify([siteId, pageOf(url), exact, before, after]))
    .digest('base64url');
  return `v1:${digest}`;
}
