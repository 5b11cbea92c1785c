import { ApiError } from '../errors.js';
import { normaliseOrigin } from '../services/origins.js';
import { corsHeaders } from './cors.js';
import type { IngestSite } from './site-cache.js';

/**
 * The origin a browser vouches for, normalised; null without one. Browsers send `Origin` on every
 * POST, but as `null` under a `no-referrer` policy with sendBeacon, and curl or a server sends none.
 */
export function vouchedOrigin(header: string | undefined): string | null {
  if (!header || header === 'null') return null;
  return normaliseOrigin(header) ?? header;
}

/**
 * Checks that a report may come from where it claims to. A browser's `Origin` must be one of the
 * site's origins; the report's `url` may then be on any origin, since the widget reports a page's
 * canonical URL, which can name another host (`www.`, an AMP cache, a syndication partner). Without
 * an `Origin` (non-browser clients, `Origin: null`) the page's own origin must be one of the site's:
 * it is the only check left. Neither is proof against a script that forges both; they keep other
 * sites' pages from using their readers' browsers, and stray pages out of a site's inbox.
 * Returns the origin to allow in CORS.
 */
export function checkOrigin(site: IngestSite, origin: string | null, pageUrl: string): string | null {
  if (origin !== null) {
    if (site.origins.has(origin)) return origin;
    // docs/contract.md, "Which origins may send": a known site's refusal is readable by any origin, so the widget can tell the
    // reader this address is not set up for reports instead of queueing one that can never be taken.
    throw new ApiError('origin_not_allowed', `The origin ${origin} may not send reports for this site.`, {
      headers: corsHeaders(origin),
    });
  }
  const page = normaliseOrigin(pageUrl);
  if (page === null || !site.origins.has(page)) {
    throw new ApiError('origin_not_allowed', 'The reported page is not on one of this site\u2019s origins.');
  }
  return null;
}
