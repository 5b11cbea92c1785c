import type { Context, TypedResponse } from 'hono';
import { ApiError } from '../errors.js';
import { answerPreflight, PREFLIGHT_MAX_AGE_SECONDS, varyOnOrigin } from './cors.js';
import { vouchedOrigin } from './origin.js';
import type { SiteCache } from './site-cache.js';

/** The declaration of a public route's preflight, for `route()` (the same for ingest and status). */
export const PREFLIGHT_SPEC = {
  method: 'options',
  path: '/',
  summary: 'CORS preflight of a request sent as application/json.',
  description:
    'A preflight carries no body and so no site key: it is answered for origins some site allows, ' +
    `and may be cached for ${PREFLIGHT_MAX_AGE_SECONDS} seconds.`,
  tags: ['ingest'],
  auth: 'public',
  responses: { 204: { description: 'Allowed: POST with a Content-Type header.', schema: null } },
  errors: ['origin_not_allowed'],
} as const;

/**
 * The preflight of a public route. It has no body and so no site key: it is answered for origins
 * some site allows (and cached by the browser for a day).
 */
export function preflight(
  sites: Pick<SiteCache, 'originAllowed'>,
): (c: Context) => Promise<Response & TypedResponse<null, 204, 'body'>> {
  return async function answerPreflightFor(c) {
    varyOnOrigin(c);
    const origin = vouchedOrigin(c.req.header('Origin'));
    if (!origin || !(await sites.originAllowed(origin))) {
      throw new ApiError('origin_not_allowed', 'This origin may not send reports.');
    }
    return answerPreflight(c, origin);
  };
}
