import { createHash } from 'node:crypto';
import { z } from 'zod';
import { enqueueJob } from '../db/queries/jobs.js';
import { sitesWithOpenGroups } from '../db/queries/recheck.js';
import type { JobDeps } from '../jobs/deps.js';
import type { JobHandler } from '../jobs/types.js';
import { recheckSite } from './recheck-site.js';

/** How often every open group is re-checked by itself. */
export const RECHECK_PERIOD_MS = 6 * 60 * 60 * 1000;
/** Pages one scheduled run fetches at most (least recently checked first; the rest wait a period). */
export const SCHEDULED_MAX_PAGES = 300;

/** A fraction in [0, 1) fixed by `key`: every replica spreads a site's run to the same instant. */
function spread(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Every 6 hours: one `recheck.site` job per site with open groups, each due at its own point of
 * the period (a stable hash of site and period), with a dedupe key per site and period, so every
 * replica may run this and each site is re-checked once per period, spread over it.
 */
export function recheckScheduleHandler(deps: JobDeps): JobHandler {
  return {
    kind: 'recheck.schedule',
    concurrency: 1,
    every: { ms: RECHECK_PERIOD_MS, jitterMs: 60_000 },
    async run() {
      const period = Math.floor(deps.now().getTime() / RECHECK_PERIOD_MS);
      for (const siteId of await sitesWithOpenGroups(deps.db)) {
        const key = `recheck.site:${siteId}:${period}`;
        await enqueueJob(deps.db, {
          kind: 'recheck.site',
          payload: { siteId },
          runAt: new Date(period * RECHECK_PERIOD_MS + Math.floor(spread(key) * RECHECK_PERIOD_MS)),
          dedupeKey: key,
        });
      }
      return undefined;
    },
  };
}

const RecheckSitePayload = z.object({ siteId: z.uuid() });

/** One site's scheduled re-check (pages paced at one a second, so it may run for minutes). */
export function recheckSiteHandler(deps: JobDeps): JobHandler {
  return {
    kind: 'recheck.site',
    concurrency: 2,
    leaseMs: 120_000,
    maxAttempts: 3,
    async run(job) {
      const parsed = RecheckSitePayload.safeParse(job.payload);
      if (!parsed.success) return { failed: `malformed payload: ${parsed.error.message}` };
      await recheckSite(deps, parsed.data.siteId, { maxPages: SCHEDULED_MAX_PAGES, signal: job.signal });
      return undefined;
    },
  };
}
