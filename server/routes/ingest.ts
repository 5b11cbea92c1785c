import { Hono, type MiddlewareHandler } from 'hono';
import type { ReportAccepted } from '../../contract/report.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { readReportBody } from '../ingest/body.js';
import { createClientHasher } from '../ingest/client-hash.js';
import { allowOrigin, varyOnOrigin } from '../ingest/cors.js';
import { createReportIntake } from '../ingest/intake.js';
import { checkOrigin, vouchedOrigin } from '../ingest/origin.js';
import { preflight } from '../ingest/preflight.js';
import { createSiteCache } from '../ingest/site-cache.js';
import { checkSelectionLength, parseReport } from '../ingest/validate.js';
import { clientAddress, servedByNode } from '../services/client-address.js';
import { createBlockList } from '../triage/block-list.js';
import { createReaderTagger } from '../triage/reader-tags.js';

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

  app.options('/', preflight(sites));

  app.post('/', corsBeforeSite, async (c) => {
    const now = deps.now();
    const report = parseReport(await readReportBody(c.req.raw, servedByNode(c)));

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

    const address = clientAddress(c, deps.config.trustProxy);
    const client = await hasher.hash(site.id, address, now);
    const tags = await readerTags.tags(site.id, address, now);
    const blocked = await blocks.isBlocked(site.id, tags.all);
    if (blocked) {
      // A blocked reader is answered as the honeypot is; the report is kept, as spam, within the
      // client's limits, and nothing is announced.
      const decoy: ReportAccepted = { id: report.id, status: 'new', duplicates: 0 };
      await intake
        .submit(site, report, client, now, { tag: tags.current, blocked })
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
    });
    if (groupCreated) deps.jobs.wake();
    return c.json(body, replayed ? 200 : 201);
  });

  return app;
}
