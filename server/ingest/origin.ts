import { ApiError } from '../errors.js';
import { normaliseOrigin } from '../services/origins.js';
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
 * site's origins, and so must the reported page's: without an `Origin` header (non-browser clients,
 * `Origin: null`) the page's origin is the only check left. Neither is proof against a script that
 * forges both; they keep other sites' pages from using their readers' browsers to send reports, and
 * keep reports about foreign pages out of a site's inbox. Returns the origin to allow in CORS.
 */
export function checkOrigin(site: IngestSite, origin: string | null, pageUrl: string): string | null {
  if (origin !== null && !site.origins.has(origin)) {
    throw new ApiError('origin_not_allowed', `The origin ${origin} may not send reports for this site.`);
  }
  const page = normaliseOrigin(pageUrl);
  if (page === null || !site.origins.has(page)) {
    throw new ApiError('origin_not_allowed', 'The reported page is not on one of this site\u2019s origins.');
  }
  return origin;
}
