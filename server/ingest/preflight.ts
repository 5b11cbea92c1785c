import type { Handler } from 'hono';
import { ApiError } from '../errors.js';
import { answerPreflight, varyOnOrigin } from './cors.js';
import { vouchedOrigin } from './origin.js';
import type { SiteCache } from './site-cache.js';

/**
 * The preflight of a public route. It has no body and so no site key: it is answered for origins
 * some site allows (and cached by the browser for a day).
 */
export function preflight(sites: Pick<SiteCache, 'originAllowed'>): Handler {
  return async function answerPreflightFor(c) {
    varyOnOrigin(c);
    const origin = vouchedOrigin(c.req.header('Origin'));
    if (!origin || !(await sites.originAllowed(origin))) {
      throw new ApiError('origin_not_allowed', 'This origin may not send reports.');
    }
    return answerPreflight(c, origin);
  };
}
