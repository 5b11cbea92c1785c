import { Hono, type MiddlewareHandler } from 'hono';
import { StatusAnswerSchema } from '../../contract/api-schemas.js';
import type { StatusAnswer } from '../../contract/report.js';
import { readerStatuses } from '../db/queries/report-status.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../ingest/body.js';
import { allowOrigin, varyOnOrigin } from '../ingest/cors.js';
import { MinuteCounter } from '../ingest/minute-counter.js';
import { vouchedOrigin } from '../ingest/origin.js';
import { PREFLIGHT_SPEC, preflight } from '../ingest/preflight.js';
import { createSiteCache } from '../ingest/site-cache.js';
import { StatusQuestionSchema } from '../ingest/status-schema.js';
import { clientAddress, servedByNode } from '../services/client-address.js';
import { route } from './route.js';

/** 50 ids of 36 characters in JSON plus a site key fit in 2.2 KB; nothing bigger is a real question. */
export const STATUS_BODY_BYTES = 4096;
/**
 * Questions one client may ask one process per minute. A widget asks at most once per 10 minutes
 * per site, so this only ever stops a loop or a flood (and leaves room for readers behind one NAT).
 */
export const STATUS_PER_CLIENT_PER_MINUTE = 60;

/**
 * `POST /api/v1/reports/status` (docs/contract.md, "Readers told"): what became of the reports a reader sent.
 * Public and cookie-less like ingest, and bounded in cost: a capped body, the site from a process
 * cache, one read of at most 50 primary-key rows, no write; a client asking far more often than a
 * widget would is answered 429 from memory. Report ids are random UUIDs, so an answer tells nothing
 * to whoever did not send the report.
 */
export function reportStatusRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const sites = createSiteCache(deps.db, deps.now);
  const clients = new MinuteCounter(STATUS_PER_CLIENT_PER_MINUTE);

  // Before the body is read: a client asking far too often costs no more than a counter.
  const perClient: MiddlewareHandler = async function perClient(c, next) {
    varyOnOrigin(c);
    c.header('Cache-Control', 'no-store');
    const wait = clients.hit(clientAddress(c, deps.config.trustProxy), deps.now().getTime());
    if (wait !== null) {
      throw new ApiError('rate_limited', 'Too many status questions; ask again later.', {
        headers: { 'Retry-After': String(wait) },
      });
    }
    await next();
  };

  route(app, deps, PREFLIGHT_SPEC, preflight(sites));

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/',
      summary: 'What became of the reports a reader sent (the widget asks on a later page view).',
      description:
        `At most ${STATUS_BODY_BYTES} bytes of JSON; ids that are not this site's reports are left out. ` +
        `A client asking more than ${STATUS_PER_CLIENT_PER_MINUTE} times a minute is answered 429.`,
      tags: ['ingest'],
      auth: 'public',
      use: [perClient],
      body: {
        schema: StatusQuestionSchema,
        mediaTypes: ['application/json', 'text/plain'],
        read: (c) =>
          readJsonBody(c.req.raw, {
            limit: STATUS_BODY_BYTES,
            invalid: 'invalid_request',
            lengthEnforced: servedByNode(c),
          }),
      },
      responses: { 200: StatusAnswerSchema },
      errors: [
        'rate_limited',
        'unknown_site',
        'origin_not_allowed',
        'payload_too_large',
        'unsupported_media_type',
      ],
    },
    async (c, { body: question }) => {
      const site = await sites.byKey(question.site);
      if (!site) throw new ApiError('unknown_site', 'No site has this key.');
      const origin = vouchedOrigin(c.req.header('Origin'));
      if (origin !== null) {
        if (!site.origins.has(origin))
          throw new ApiError('origin_not_allowed', `The origin ${origin} may not ask about this site.`);
        allowOrigin(c, origin);
      }
      const statuses = await readerStatuses(deps.db, site.id, question.ids);
      return c.json({ statuses } satisfies StatusAnswer);
    },
  );

  return app;
}
