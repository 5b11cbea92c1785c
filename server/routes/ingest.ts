import { Hono, type MiddlewareHandler } from 'hono';
import { DEFAULT_SITE_SETTINGS } from '../../contract/api.js';
import { ReportAcceptedSchema } from '../../contract/api-schemas.js';
import type { ReportAccepted } from '../../contract/report.js';
import { LIMITS } from '../../contract/report.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { readReportBody } from '../ingest/body.js';
import { createClientHasher } from '../ingest/client-hash.js';
import { allowOrigin, varyOnOrigin } from '../ingest/cors.js';
import { createReportIntake } from '../ingest/intake.js';
import { checkOrigin, vouchedOrigin } from '../ingest/origin.js';
import { PREFLIGHT_SPEC, preflight } from '../ingest/preflight.js';
import { ReportSchema } from '../ingest/schema.js';
import { createSiteCache } from '../ingest/site-cache.js';
import { checkSelectionLength } from '../ingest/validate.js';
import { RATE_LIMIT_MAX } from '../schemas/sites.js';
import { clientAddress, servedByNode } from '../services/client-address.js';
import { createBlockList } from '../triage/block-list.js';
import { createReaderTagger } from '../triage/reader-tags.js';
import { route } from './route.js';

const { rateLimits } = DEFAULT_SITE_SETTINGS;

/** What a caller of the public route must know that the report's schema cannot say. */
const INGEST_RULES = [
  `The body is JSON of at most ${LIMITS.bodyBytes} bytes, sent as application/json or as text/plain ` +
    '(a CORS simple request: no preflight, and usable by navigator.sendBeacon). Strings are ' +
    'NFC-normalised and counted in code points; control characters other than newline and tab are ' +
    'refused. Unknown fields are ignored. A site may accept shorter selections than quote.exact allows.',
  'Origins: with an Origin header it must be one of the site’s allowed origins (the report’s url may ' +
    'then be on another host: canonical URLs, AMP); without one, or with Origin: null (sendBeacon), ' +
    'the origin of url must be allowed. Only allowed origins get Access-Control-Allow-Origin, except ' +
    'for 403 origin_not_allowed of a known site, which any origin may read. Reports sent with ' +
    `Origin: null are stored marked and limited to ${rateLimits.nullOriginPerMinute} a minute per site ` +
    '(a setting; 429 past it).',
  `Rate limits, per site (defaults; an owner may change each): ${rateLimits.clientPerMinute} reports a ` +
    `minute and ${rateLimits.clientPerDay} a day per client, ${rateLimits.sitePerMinute} a minute for ` +
    `the whole site; at most ${RATE_LIMIT_MAX.clientPerMinute}, ${RATE_LIMIT_MAX.clientPerDay} and ` +
    `${RATE_LIMIT_MAX.sitePerMinute}. Over a limit: 429 with Retry-After; a refused report costs no ` +
    'database write.',
  'A non-empty hp (honeypot) is answered as if accepted and nothing is stored. A reader an owner ' +
    'blocked gets the same answer; their report is kept as spam and announced to no one. A replayed id ' +
    'answers 200 with the stored report’s current status and stores nothing twice; it counts against ' +
    'the rate limits as a new report does. No cookies are read or set.',
].join('\n\n');

/**
 * `POST /api/v1/reports`, the public ingest endpoint of docs/contract.md's wire format, and its preflight.
 * No cookies are read or set. The common report costs one database round trip: the site, the
 * salt and the per-site budget come from process memory.
 */
export function ingestRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const sites = createSiteCache(deps.db, deps.now);
  const hasher = createClientHasher(deps.db);
  const intake = createReportIntake(deps.db);
  const readerTags = createReaderTagger(deps.db);
  const blocks = createBlockList(deps.db, deps.now);
  /** Requests whose site was identified: from then on only that site's origins get CORS. */
  const siteKnown = new WeakSet<Request>();

  // Answers given before the site is known (413, 415, 400, 404) are readable by any origin some
  // site allows (the preflight rule), so the widget can tell a bad report from a network failure.
  const corsBeforeSite: MiddlewareHandler = async function corsBeforeSite(c, next) {
    varyOnOrigin(c);
    await next();
    const origin = vouchedOrigin(c.req.header('Origin'));
    if (origin && !siteKnown.has(c.req.raw) && (await sites.originAllowed(origin).catch(() => false))) {
      allowOrigin(c, origin);
    }
  };

  route(app, deps, PREFLIGHT_SPEC, preflight(sites));

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/',
      summary: 'Send a reader’s report (what the widget does).',
      description: INGEST_RULES,
      tags: ['ingest'],
      auth: 'public',
      use: [corsBeforeSite],
      body: {
        schema: ReportSchema,
        mediaTypes: ['application/json', 'text/plain'],
        read: (c) => readReportBody(c.req.raw, servedByNode(c)),
        invalid: 'invalid_report',
        nulCheckedBySchema: true,
      },
      responses: {
        201: {
          description: 'Stored; duplicates counts earlier reports of the same text on the same page.',
          schema: ReportAcceptedSchema,
        },
        200: {
          description: 'This id was stored before: its current status, nothing stored twice.',
          schema: ReportAcceptedSchema,
        },
      },
      errors: [
        'invalid_report',
        'origin_not_allowed',
        'unknown_site',
        'payload_too_large',
        'unsupported_media_type',
        'rate_limited',
      ],
    },
    async (c, { body: report }) => {
      const now = deps.now();
      const site = await sites.byKey(report.site);
      if (!site) throw new ApiError('unknown_site', 'No site has this key.');
      siteKnown.add(c.req.raw);
      const allowed = checkOrigin(site, vouchedOrigin(c.req.header('Origin')), report.url);
      if (allowed) allowOrigin(c, allowed);
      checkSelectionLength(report, site.settings.maxSelection);

      if (report.hp) {
        // A bot learns nothing: same status, same shape, nothing stored, no limit spent.
        const decoy: ReportAccepted = { id: report.id, status: 'new', duplicates: 0 };
        return c.json(decoy, 201);
      }

      // A sandboxed frame on any site sends `Origin: null`, naming whatever page it likes: such
      // reports have their own, tighter budget per site and are marked for editors.
      const originNull = c.req.header('Origin') === 'null';
      const address = clientAddress(c, deps.config.trustProxy);
      const client = await hasher.hash(site.id, address, now);
      const tags = await readerTags.tags(site.id, address, now);
      const blocked = await blocks.isBlocked(site.id, tags.all);
      if (blocked) {
        // A blocked reader is answered as the honeypot is; the report is kept, as spam, within the
        // client's limits, and nothing is announced.
        const decoy: ReportAccepted = { id: report.id, status: 'new', duplicates: 0 };
        await intake
          .submit(site, report, client, now, { tag: tags.current, blocked, originNull })
          .catch((error: unknown) => {
            if (
              !(error instanceof ApiError) ||
              (error.code !== 'rate_limited' && error.code !== 'invalid_report')
            )
              throw error;
          });
        return c.json(decoy, 201);
      }
      const { body, replayed, groupCreated } = await intake.submit(site, report, client, now, {
        tag: tags.current,
        blocked,
        originNull,
      });
      if (groupCreated) deps.jobs.wake();
      return replayed ? c.json(body, 200) : c.json(body, 201);
    },
  );

  return app;
}
